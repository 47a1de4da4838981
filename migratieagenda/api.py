"""API v1, included at /api/v1/: the root, the schema and docs, and each app's endpoints.

The content apps' endpoints are included by name, so the configuration imports no content
app. A new collection adds its urls module here and its link to the root's list.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.root import api_root_view

app_name = "api"

ROOT_LINKS = {
    "pillars": "api:pillar-list",
    "measures": "api:measure-list",
    "ministries": "api:ministry-list",
    "sources": "api:source-list",
    "changes": "api:change-list",
    "graph": "api:graph",
    "schema": "api:schema",
    "docs": "api:docs",
}

urlpatterns = [
    path("", api_root_view(ROOT_LINKS), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (?script), so the page has no inline
    # script and works under a strict Content-Security-Policy. (ReDoc is left out: it loads
    # fonts from another host.)
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("measures.api.urls")),
    path("", include("changelog.api.urls")),
    # The cross-link explorer's data (plain views, not a collection): graph and matrices.
    path("graph/", include("explorer.api.graph")),
]
