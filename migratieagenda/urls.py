from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The change feed's API; the rest of /api/v1/ is routed by the API module.
    path("api/v1/changes/", include("measures.api.changes")),
]

# Dutch pages at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("measures.urls")),
    path("", include("pillars.urls")),
    prefix_default_language=False,
)
