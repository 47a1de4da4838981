"""The sitemap's content pages: public measures only (Measure.objects.published()), pillars,
ministries, and the lists, each with the time its content last changed."""

from django.db.models import OuterRef, Q, Subquery

from core.sitemaps import NamedPagesSitemap, SiteSitemap
from measures.models import Measure, Ministry
from pillars.models import Pillar


def latest_public_change():
    latest = Measure.objects.published().order_by("-updated_at").first()
    return latest.updated_at if latest else None


def _latest_public_change_where(condition):
    return Subquery(
        Measure.objects.published()
        .filter(condition)
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )


class MeasureSitemap(SiteSitemap):
    def items(self):
        return Measure.objects.published().order_by("code_order")

    def lastmod(self, measure):
        return measure.updated_at


class PillarSitemap(SiteSitemap):
    def items(self):
        touching = Q(pillar=OuterRef("pk")) | Q(other_pillars=OuterRef("pk"))
        return Pillar.objects.annotate(last_change=_latest_public_change_where(touching))

    def lastmod(self, pillar):
        return pillar.last_change


class MinistrySitemap(SiteSitemap):
    def items(self):
        involved = Q(responsibilities__ministry=OuterRef("pk"))
        return Ministry.objects.annotate(
            last_change=_latest_public_change_where(involved)
        ).order_by("slug")

    def lastmod(self, ministry):
        return ministry.last_change


def content_list_pages():
    """The pages that list or summarise the content: they change when a public measure does."""
    return NamedPagesSitemap(
        {
            name: latest_public_change
            for name in (
                "pillars:home",
                "measures:measure-list",
                "measures:ministry-list",
                "explorer:explorer",
                "changelog:change-list",
            )
        }
    )
