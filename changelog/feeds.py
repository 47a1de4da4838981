"""Atom feeds of the public change log: all measures, and one per measure.

Both clocks, as on the change log page: the agenda's policy events on their own dates, and the
changes recorded in this knowledge base, marked as such (changelog.selectors).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changelog.selectors import change_events_public, change_log, change_log_entries
from measures.models import Measure

FEED_LENGTH = 50


def describe(entry) -> str:
    parts = [_("beleid") if entry.is_policy else _("kennisbank"), entry.kind_label]
    if entry.changed_field_labels:
        parts.append(_("gewijzigd: %(fields)s") % {"fields": ", ".join(entry.changed_field_labels)})
    if entry.status and entry.kind != "announced":
        parts.append(_("nieuwe status: %(status)s") % {"status": entry.status_label})
    if entry.reason:
        parts.append(_("reden: %(reason)s") % {"reason": entry.localized("reason")})
    if entry.source:
        parts.append(_("bron: %(source)s") % {"source": entry.source.localized("title")})
    return "; ".join(parts)


class ChangeFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Integrale migratieagenda: wijzigingen")
    subtitle = gettext_lazy(
        "Wat er veranderde aan de maatregelen van de migratieagenda, en waarom: beleid op de "
        "datum van de bron, correcties in de kennisbank op het moment van vastleggen."
    )

    def link(self):
        return reverse("changelog:change-list")

    def items(self):
        return change_log_entries(change_log(for_readers=True)[:FEED_LENGTH])

    def item_title(self, entry):
        return f"{entry.code} {entry.localized('title')}: {entry.kind_label}"

    def item_description(self, entry):
        return describe(entry)

    def item_link(self, entry):
        # A removed measure has no page any more; its entry points into the change log.
        if entry.is_tombstone:
            return f"{reverse('changelog:change-list')}#{entry.anchor}"
        return entry.get_absolute_url()

    def item_guid(self, entry):
        # Atom ids are absolute and never change (RFC 4287): a tag URI (RFC 4151), the same in
        # the Dutch and the English feed, since it is the same event.
        # The authority is configured, not the request's Host: ids must not change with the
        # name a reader used to reach the site.
        return f"tag:{settings.SITE_CANONICAL_HOST},2018-03-30:{entry.anchor}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.occurred_at

    def item_updateddate(self, entry):
        return entry.occurred_at


class MeasureChangeFeed(ChangeFeed):
    def get_object(self, request, slug):
        measure = Measure.objects.published().filter(slug=slug).first()
        if measure is not None:
            return measure
        # A measure that is gone keeps its feed while it has public record events (its tombstone).
        latest = change_events_public(slug=slug).order_by("-occurred_at", "-id").first()
        if latest is None:
            raise Http404(_("Geen openbare wijzigingen voor deze maatregel."))
        return Measure(pk=latest.measure_pk, code=latest.code, slug=slug, title=latest.title)

    def title(self, measure):
        return _("%(code)s %(title)s: wijzigingen") % {
            "code": measure.code,
            "title": measure.localized("title"),
        }

    def link(self, measure):
        return measure.get_absolute_url()

    def items(self, measure):
        return change_log_entries(change_log(measure_pk=measure.pk, for_readers=True)[:FEED_LENGTH])
