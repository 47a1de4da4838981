"""API v1, included at /api/v1/: the root, the schema and docs, and each app's endpoints.

The content apps' endpoints are included by name, so the configuration imports no content
app. A new collection adds its urls module here and its link to the root's list.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from api.root import api_root_view
from migratieagenda.api_docs import ApiReferenceView

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
    # For people: the schema as a server-rendered page in the site's frame (migratieagenda/
    # api_docs.py). Swagger UI was replaced because it failed WCAG 2.1 AA (contrast, nested
    # interactive controls, no lang) in ways its styling cannot reach.
    path("docs/", ApiReferenceView.as_view(), name="docs"),
    path("", include("measures.api.urls")),
    path("", include("changelog.api.urls")),
    # The cross-link explorer's data (plain views, not a collection): graph and matrices.
    path("graph/", include("explorer.api.graph")),
    # The holder of an API token revokes it (accounts/api.py).
    path("", include("accounts.api")),
]
