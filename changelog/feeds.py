"""Atom feeds of the public change log: all measures, and one per measure."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changelog.selectors import change_events_public, change_events_recent

FEED_LENGTH = 50


def describe(event) -> str:
    parts = [event.get_kind_display()]
    if event.changed_field_labels:
        parts.append(_("gewijzigd: %(fields)s") % {"fields": ", ".join(event.changed_field_labels)})
    if event.status:
        parts.append(_("nieuwe status: %(status)s") % {"status": event.get_status_display()})
    if event.reason:
        parts.append(_("reden: %(reason)s") % {"reason": event.reason})
    return "; ".join(parts)


class ChangeFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Integrale migratieagenda: wijzigingen")
    subtitle = gettext_lazy(
        "Wat er veranderde aan de maatregelen van de migratieagenda, en waarom."
    )

    def link(self):
        return reverse("changelog:change-list")

    def items(self):
        return change_events_recent()[:FEED_LENGTH]

    def item_title(self, event):
        return f"{event.code} {event.title}: {event.get_kind_display()}"

    def item_description(self, event):
        return describe(event)

    def item_link(self, event):
        # A removed measure has no page any more; its entry points into the change log.
        if event.is_tombstone:
            return f"{reverse('changelog:change-list')}#wijziging-{event.pk}"
        return event.get_absolute_url()

    def item_guid(self, event):
        # Atom ids are absolute and never change (RFC 4287): a tag URI (RFC 4151), the same in
        # the Dutch and the English feed, since it is the same event.
        # The authority is configured, not the request's Host: ids must not change with the
        # name a reader used to reach the site.
        return f"tag:{settings.SITE_CANONICAL_HOST},2018-03-30:wijziging-{event.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.occurred_at

    def item_updateddate(self, event):
        return event.occurred_at


class MeasureChangeFeed(ChangeFeed):
    def get_object(self, request, slug):
        events = change_events_public(slug=slug)
        latest = events.order_by("-occurred_at", "-id").first()
        if latest is None:
            raise Http404(_("Geen openbare wijzigingen voor deze maatregel."))
        return latest

    def title(self, latest):
        return _("%(code)s %(title)s: wijzigingen") % {"code": latest.code, "title": latest.title}

    def link(self, latest):
        return latest.get_absolute_url()

    def items(self, latest):
        return change_events_recent().filter(measure_pk=latest.measure_pk)[:FEED_LENGTH]
