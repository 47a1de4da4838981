from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.health import healthz, readyz

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The REST API has no language prefix: its paths are part of a stable contract.
    path("api/v1/", include("migratieagenda.api")),
    # Probes for load balancers: no language prefix, never cached.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

# Dutch pages at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("measures.urls")),
    path("", include("measures.pillar_urls")),
    path("", include("changelog.urls")),
    path("", include("explorer.urls")),
    prefix_default_language=False,
)
