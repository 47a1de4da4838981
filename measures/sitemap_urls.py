from django.contrib.sitemaps.views import sitemap
from django.urls import path

from core.pages import PAGES, pages_revised
from core.sitemaps import NamedPagesSitemap
from measures.sitemaps import MeasureSitemap, MinistrySitemap, PillarSitemap, content_list_pages

SITEMAPS = {
    "lists": content_list_pages(),
    "pillars": PillarSitemap(),
    "measures": MeasureSitemap(),
    "ministries": MinistrySitemap(),
    "pages": NamedPagesSitemap({f"pages:{name}": pages_revised for name in PAGES}),
}

urlpatterns = [path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap")]
