"""The data behind /verbanden/ in the API: the measure graph and the two matrices.

    GET /api/v1/graph/                          nodes and edges (JSON); ?format=csv: the links
    GET /api/v1/graph/matrix/pillar-ministry/   measures per primary pillar and ministry, by role
    GET /api/v1/graph/matrix/pillar-pillar/     measures shared per pair of pillars
    GET /api/v1/graph/measures/<code or slug>/  a measure's links two steps out

All three take `pillar` and `ministry` as the measures list does (comma-separated or repeated;
values combined with OR) and answer a bad value with a 400 naming the parameter. Every count
comes with `measures_url`: the measures list filtered to exactly those measures.
"""

import csv
import io

from django.db.models import Q
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from measures.explorer.selectors import (
    explorer_selection,
    measure_graph,
    measure_list_url,
    measure_neighbourhood,
    pillar_ministry_matrix,
    pillar_pillar_matrix,
)
from measures.models import Measure

app_name = "graph-api"

CSV_COLUMNS = ["from_code", "from_title", "kind", "kind_label", "to_code", "to_title", "note"]


class GraphCsvRenderer(BaseRenderer):
    """The graph's links, one per row, for spreadsheets."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        titles = {node["code"]: node["title"] for node in data.get("nodes", [])}
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for edge in data.get("edges", []):
            writer.writerow(
                [
                    edge["from"],
                    titles.get(edge["from"], ""),
                    edge["kind"],
                    edge["kind_label"],
                    edge["to"],
                    titles.get(edge["to"], ""),
                    edge["note"],
                ]
            )
        return buffer.getvalue().encode(self.charset)


FILTER_PARAMETERS = [
    OpenApiParameter(
        "pillar",
        OpenApiTypes.STR,
        description="Pillar number(s) 1–6 of the measures' primary pillar; comma-separated or "
        "repeated, combined with OR. As on /api/v1/measures/.",
    ),
    OpenApiParameter(
        "ministry",
        OpenApiTypes.STR,
        description="Ministry abbreviation(s) (JenV, BZ, BHOS, SZW, BZK), in any role; "
        "comma-separated or repeated, combined with OR. As on /api/v1/measures/.",
    ),
]

ERROR_RESPONSE = inline_serializer(
    "GraphFilterError",
    fields={
        "pillar": serializers.ListField(child=serializers.CharField(), required=False),
        "ministry": serializers.ListField(child=serializers.CharField(), required=False),
    },
)

PILLAR_FIELDS = {"number": serializers.IntegerField(), "title": serializers.CharField()}


class _FilteredView(APIView):
    """Validates the filter; a bad value is a 400 in JSON, whatever format was asked for."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    def get(self, request, *args, **kwargs):
        selection = explorer_selection(request.query_params)
        if not selection.is_valid:
            return Response(selection.errors, status=400)
        return Response(self.payload(request, selection))

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), GraphCsvRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @staticmethod
    def absolute(request, url: str) -> str:
        return request.build_absolute_uri(url)

    @staticmethod
    def pillar_json(pillar) -> dict:
        return {"number": pillar.number, "title": pillar.display_title}


GRAPH_NODE = inline_serializer(
    "GraphNode",
    fields={
        "code": serializers.CharField(),
        "slug": serializers.CharField(),
        "title": serializers.CharField(),
        "pillar": serializers.IntegerField(),
        "status": serializers.CharField(),
        "url": serializers.URLField(),
    },
    many=True,
)
GRAPH_EDGE = inline_serializer(
    "GraphEdge",
    fields={
        "from": serializers.CharField(help_text="Code of the measure the link starts at."),
        "to": serializers.CharField(help_text="Code of the measure the link points to."),
        "kind": serializers.ChoiceField(choices=["supports", "depends_on", "related"]),
        "kind_label": serializers.CharField(),
        "note": serializers.CharField(),
    },
    many=True,
)


def with_csv_filename(request, response, name: str = "migratieagenda-verbanden"):
    if response.status_code == 200 and isinstance(
        getattr(request, "accepted_renderer", None), GraphCsvRenderer
    ):
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


class GraphView(_FilteredView):
    renderer_classes = [JSONRenderer, GraphCsvRenderer, BrowsableAPIRenderer]

    @extend_schema(
        operation_id="graph",
        summary="The measures and their typed links",
        description="Nodes are the public measures that match the filter; edges are the links "
        "between two of them (supports, depends_on, related; `from` → `to`). With "
        "`?format=csv` (or `Accept: text/csv`) the links as CSV, one per row, with the "
        f"columns {', '.join(CSV_COLUMNS)}.",
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
        ],
        responses={
            (200, "application/json"): inline_serializer(
                "Graph",
                fields={
                    "nodes": GRAPH_NODE,
                    "edges": GRAPH_EDGE,
                    "measures_url": serializers.URLField(
                        help_text="The measures list with the same filter."
                    ),
                },
            ),
            (200, "text/csv"): OpenApiTypes.STR,
            400: ERROR_RESPONSE,
        },
        tags=["graph"],
    )
    def get(self, request, *args, **kwargs):
        return with_csv_filename(request, super().get(request, *args, **kwargs))

    def payload(self, request, selection) -> dict:
        data = graph_json(request, measure_graph(selection))
        data["measures_url"] = self.absolute(request, measure_list_url(selection.params))
        return data


class NeighbourhoodView(APIView):
    """A measure's links two steps out, as on its page."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, GraphCsvRenderer, BrowsableAPIRenderer]

    @extend_schema(
        operation_id="graph_neighbourhood",
        summary="A measure's links, two steps out",
        description="The public links of the measure (by code, such as 4.3, or slug) and of "
        "the measures it links to, with the measures they join. `distance` is the number of "
        "steps from the measure (0, 1 or 2). `?format=csv` gives the links as CSV.",
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"])],
        responses={
            (200, "application/json"): inline_serializer(
                "Neighbourhood",
                fields={
                    "measure": serializers.CharField(help_text="Code of the measure."),
                    "nodes": GRAPH_NODE,
                    "edges": GRAPH_EDGE,
                },
            ),
            (200, "text/csv"): OpenApiTypes.STR,
            404: inline_serializer("NotFound", {"detail": serializers.CharField()}),
        },
        tags=["graph"],
    )
    def get(self, request, key: str):
        measure = (
            Measure.objects.published()
            .select_related("pillar")
            .filter(Q(code=key) | Q(slug=key))
            .first()
        )
        if measure is None:
            raise NotFound(f"Geen openbare maatregel met code of slug {key!r}.")
        graph = measure_neighbourhood(measure)
        data = {"measure": measure.code, **graph_json(request, graph)}
        for node, distance in zip(data["nodes"], graph.nodes, strict=True):
            node["distance"] = distance.distance
        response = Response(data)
        return with_csv_filename(request, response, f"verbanden-{measure.code}")

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), GraphCsvRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def graph_json(request, graph) -> dict:
    return {
        "nodes": [
            {
                "code": node.code,
                "slug": node.slug,
                "title": node.title,
                "pillar": node.pillar,
                "status": node.status,
                "url": request.build_absolute_uri(node.url),
            }
            for node in graph.nodes
        ],
        "edges": [
            {
                "from": edge.source.code,
                "to": edge.target.code,
                "kind": edge.kind,
                "kind_label": edge.kind_label,
                "note": edge.note,
            }
            for edge in graph.edges
        ],
    }


class PillarMinistryMatrixView(_FilteredView):
    @extend_schema(
        operation_id="graph_matrix_pillar_ministry",
        summary="Measures per pillar and ministry, by role",
        description="A measure counts under its primary pillar, once for each ministry "
        "responsible for it, in that ministry's role (lead, co, consulted). `pillar` selects "
        "the rows and `ministry` the columns. Each cell's `measures_url` lists exactly its "
        "measures (`?pillar=N&ministry=ABBR`, plus `&ministry_role=ROLE` per role).",
        parameters=FILTER_PARAMETERS,
        responses={
            200: inline_serializer(
                "PillarMinistryMatrix",
                fields={
                    "pillars": inline_serializer("MatrixPillar", PILLAR_FIELDS, many=True),
                    "ministries": inline_serializer(
                        "MatrixMinistry",
                        {"abbreviation": serializers.CharField(), "name": serializers.CharField()},
                        many=True,
                    ),
                    "cells": inline_serializer(
                        "PillarMinistryCell",
                        {
                            "pillar": serializers.IntegerField(),
                            "ministry": serializers.CharField(),
                            "total": serializers.IntegerField(),
                            "lead": serializers.IntegerField(),
                            "co": serializers.IntegerField(),
                            "consulted": serializers.IntegerField(),
                            "measures_url": serializers.URLField(),
                            "role_urls": serializers.DictField(child=serializers.URLField()),
                        },
                        many=True,
                    ),
                },
            ),
            400: ERROR_RESPONSE,
        },
        tags=["graph"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def payload(self, request, selection) -> dict:
        matrix = pillar_ministry_matrix(selection)
        return {
            "pillars": [self.pillar_json(p) for p in matrix.pillars],
            "ministries": [
                {"abbreviation": m.abbreviation, "name": m.display_name} for m in matrix.ministries
            ],
            "cells": [
                {
                    "pillar": cell.pillar.number,
                    "ministry": cell.ministry.abbreviation,
                    "total": cell.total,
                    **{role.role: role.count for role in cell.roles},
                    "measures_url": self.absolute(request, cell.url),
                    "role_urls": {
                        role.role: self.absolute(request, role.url) for role in cell.roles
                    },
                }
                for cell in matrix.cells()
            ],
        }


class PillarPillarMatrixView(_FilteredView):
    @extend_schema(
        operation_id="graph_matrix_pillar_pillar",
        summary="Measures shared per pair of pillars",
        description="A measure serves its primary pillar and its other pillars. The cell for "
        "pillars A and B counts the measures that serve both (`?shared_pillars=A,B`); the "
        "diagonal (A = B) counts all measures serving A (`?serves_pillar=A`). The matrix is "
        "symmetric.",
        parameters=FILTER_PARAMETERS,
        responses={
            200: inline_serializer(
                "PillarPillarMatrix",
                fields={
                    "pillars": inline_serializer("PairMatrixPillar", PILLAR_FIELDS, many=True),
                    "cells": inline_serializer(
                        "PillarPillarCell",
                        {
                            "pillar_a": serializers.IntegerField(),
                            "pillar_b": serializers.IntegerField(),
                            "count": serializers.IntegerField(),
                            "measures_url": serializers.URLField(),
                        },
                        many=True,
                    ),
                },
            ),
            400: ERROR_RESPONSE,
        },
        tags=["graph"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def payload(self, request, selection) -> dict:
        matrix = pillar_pillar_matrix(selection)
        return {
            "pillars": [self.pillar_json(p) for p in matrix.pillars],
            "cells": [
                {
                    "pillar_a": cell.pillar_a.number,
                    "pillar_b": cell.pillar_b.number,
                    "count": cell.count,
                    "measures_url": self.absolute(request, cell.url),
                }
                for cell in matrix.cells()
            ],
        }


urlpatterns = [
    path("", GraphView.as_view(), name="graph"),
    path(
        "matrix/pillar-ministry/",
        PillarMinistryMatrixView.as_view(),
        name="matrix-pillar-ministry",
    ),
    path("matrix/pillar-pillar/", PillarPillarMatrixView.as_view(), name="matrix-pillar-pillar"),
    path("measures/<str:key>/", NeighbourhoodView.as_view(), name="neighbourhood"),
]
