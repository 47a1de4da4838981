from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.pages import PAGES, pages_revised
from core.site_files import FaviconView, robots_txt
from core.sitemaps import NamedPagesSitemap
from measures.sitemaps import MeasureSitemap, MinistrySitemap, PillarSitemap, content_list_pages

SITEMAPS = {
    "lists": content_list_pages(),
    "pillars": PillarSitemap(),
    "measures": MeasureSitemap(),
    "ministries": MinistrySitemap(),
    "pages": NamedPagesSitemap({f"pages:{name}": pages_revised for name in PAGES}),
}

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The REST API has no language prefix: its paths are part of a stable contract.
    path("api/v1/", include("migratieagenda.api")),
    # Files asked for at fixed addresses, in no language.
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Dutch pages at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("measures.urls")),
    path("", include("pillars.urls")),
    path("", include("measures.explorer.urls")),
    path("", include("core.urls")),
    path("", include("measures.citation_urls")),
    prefix_default_language=False,
)
