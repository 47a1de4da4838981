"""API v1: the router, its root and the schema/docs endpoints, included at /api/v1/.

New collections register on ``router`` (e.g. ``router.register("graph", GraphViewSet,
basename="graph")``) and appear in the root's list by themselves.
"""

from csp.decorators import csp_update
from django.urls import include, path, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from measures.api.views import ChangeViewSet, MeasureViewSet, MinistryViewSet, SourceViewSet
from migratieagenda.rest.conditional import ApiViewMixin
from pillars.api.views import PillarViewSet

app_name = "api"

router = SimpleRouter()
router.register("pillars", PillarViewSet, basename="pillar")
router.register("measures", MeasureViewSet, basename="measure")
router.register("ministries", MinistryViewSet, basename="ministry")
router.register("sources", SourceViewSet, basename="source")
# A stand-in until the editors' change feed lands: route that feed's view here instead (a path
# for api/v1/changes/ placed before this module in migratieagenda/urls.py also takes over).
router.register("changes", ChangeViewSet, basename="change")


class ApiRootView(ApiViewMixin, APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Links to every collection",
        tags=["root"],
        responses=inline_serializer(
            "ApiRoot",
            {name: serializers.CharField() for name, _, _ in router.registry}
            | {"graph": serializers.CharField()}
            | {"schema": serializers.CharField(), "docs": serializers.CharField()},
        ),
    )
    def get(self, request):
        links = {
            prefix: request.build_absolute_uri(reverse(f"api:{basename}-list"))
            for prefix, _, basename in router.registry
        }
        links["graph"] = request.build_absolute_uri(reverse("api:graph"))
        links["schema"] = request.build_absolute_uri(reverse("api:schema"))
        links["docs"] = request.build_absolute_uri(reverse("api:docs"))
        return Response(links)


urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (?script), so the page has no inline
    # script and works under a strict Content-Security-Policy. (ReDoc is left out: it loads
    # fonts from another host.) Swagger UI's stylesheet draws its icons as data: images; only
    # this page's policy allows those.
    path(
        "docs/",
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    *router.urls,
    # The cross-link explorer's data (plain views, not a collection): graph and matrices.
    path("graph/", include("measures.api.graph")),
]
