from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.health import healthz, readyz
from core.site_files import FaviconView, robots_txt

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The REST API has no language prefix: its paths are part of a stable contract.
    path("api/v1/", include("migratieagenda.api")),
    # Probes for load balancers: no language prefix, never cached.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Files asked for at fixed addresses, in no language.
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    # The sitemap lists content: it lives with the content (included by name).
    path("", include("measures.sitemap_urls")),
]

# Dutch pages at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("measures.urls")),
    path("", include("measures.pillar_urls")),
    path("", include("changelog.urls")),
    path("", include("explorer.urls")),
    path("", include("core.urls")),
    path("", include("measures.citation_urls")),
    prefix_default_language=False,
)
