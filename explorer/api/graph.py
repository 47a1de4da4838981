"""The data behind /verbanden/ in the API: the measure graph and the two matrices.

    GET /api/v1/graph/                          nodes and edges (JSON); ?format=csv: the links
    GET /api/v1/graph/matrix/pillar-ministry/   measures per primary pillar and ministry, by role
    GET /api/v1/graph/matrix/pillar-pillar/     measures shared per pair of pillars
    GET /api/v1/graph/measures/<code or slug>/  a measure's links two steps out

The first three take `pillar` and `ministry` as the measures list does (comma-separated or
repeated; values combined with OR) and answer a bad value with a 400 naming the parameter.
Every count comes with `measures_url`: the measures list filtered to exactly those measures.
Included by migratieagenda/api.py under /api/v1/graph/; like the rest of the API they send
ETag/Last-Modified, answer conditional requests with 304 and errors in JSON.
"""

import csv
import io

from django.db.models import Q
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.conditional import ApiViewMixin
from api.errors import InvalidParameters
from api.renderers import OrjsonRenderer
from api.schema import CONDITIONAL_HEADERS, VALIDATOR_HEADERS, read_responses
from api.spreadsheets import XlsxRenderer, xlsx_bytes
from core.spreadsheet import neutralised_row
from explorer.selectors import (
    explorer_selection,
    measure_graph,
    measure_list_url,
    measure_neighbourhood,
    pillar_ministry_matrix,
    pillar_pillar_matrix,
)
from measures.models import Measure, MeasureLink

CSV_COLUMNS = ["from_code", "from_title", "kind", "kind_label", "to_code", "to_title", "note"]


class GraphCsvRenderer(BaseRenderer):
    """The graph's links, one per row, for spreadsheets (UTF-8 with a byte-order mark)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(neutralised_row(row) for row in link_rows(data))
        return buffer.getvalue().encode(self.charset)


class GraphXlsxRenderer(XlsxRenderer):
    """The same rows as GraphCsvRenderer, as a workbook (codes as text cells)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return xlsx_bytes(CSV_COLUMNS, link_rows(data), title="verbanden")


def link_rows(data) -> list[list]:
    """The graph's links, one row each, in CSV_COLUMNS' order."""
    titles = {node["code"]: node["title"] for node in data.get("nodes", [])}
    return [
        [
            edge["from"],
            titles.get(edge["from"], ""),
            edge["kind"],
            edge["kind_label"],
            edge["to"],
            titles.get(edge["to"], ""),
            edge["note"],
        ]
        for edge in data.get("edges", [])
    ]


def _many(name: str, item: dict, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "array", "items": item},
        explode=True,
        style="form",
        description=description + " Repeat the parameter or separate values with commas; "
        "any of them matches. As on /api/v1/measures/.",
    )


FILTER_PARAMETERS = [
    # Their allowed values are filled in from the database (api.schema).
    _many("pillar", {"type": "integer"}, "The number of the pillar the measures fall under."),
    _many("ministry", {"type": "string"}, "A ministry's abbreviation, in any role."),
]
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    {"type": "string", "enum": ["json", "csv", "xlsx"]},
    description="json (default), csv or xlsx (the links, one per row, with the columns "
    f"{', '.join(CSV_COLUMNS)}; in xlsx codes are text cells). The same as `Accept: "
    f"text/csv` or `Accept: {XlsxRenderer.media_type}`.",
)
PILLAR_FIELDS = {"number": serializers.IntegerField(), "title": serializers.CharField()}
GRAPH_NODE = inline_serializer(
    "GraphNode",
    fields={
        "code": serializers.CharField(),
        "slug": serializers.CharField(),
        "title": serializers.CharField(help_text="The title in Dutch (authoritative)."),
        "title_en": serializers.CharField(
            allow_blank=True, help_text="The title in English; empty where there is none."
        ),
        "pillar": serializers.IntegerField(),
        "status": serializers.ChoiceField(choices=Measure.Status.choices),
        "url": serializers.URLField(help_text="The measure's page."),
    },
    many=True,
)
GRAPH_EDGE = inline_serializer(
    "GraphEdge",
    fields={
        "from": serializers.CharField(help_text="Code of the measure the link starts at."),
        "to": serializers.CharField(help_text="Code of the measure the link points to."),
        "kind": serializers.ChoiceField(choices=MeasureLink.Kind.values),
        "kind_label": serializers.CharField(),
        "note": serializers.CharField(allow_blank=True, help_text="Why they relate, in Dutch."),
        "note_en": serializers.CharField(
            allow_blank=True, help_text="The note in English; empty where there is none."
        ),
    },
    many=True,
)
BAD_FILTER = "A pillar or ministry the agenda does not have; the message names the parameter."


class _GraphView(ApiViewMixin, APIView):
    permission_classes = [AllowAny]
    renderer_classes = [OrjsonRenderer]
    non_empty_parameters = ("pillar", "ministry", "format")

    def get(self, request, *args, **kwargs):
        selection = explorer_selection(request.query_params)
        if not selection.is_valid:
            raise InvalidParameters(selection.errors)
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        return Response(self.payload(request, selection))

    @staticmethod
    def absolute(request, url: str) -> str:
        return request.build_absolute_uri(url)

    @staticmethod
    def pillar_json(pillar) -> dict:
        return {"number": pillar.number, "title": pillar.display_title}


def with_csv_filename(request, response, name: str = "migratieagenda-verbanden"):
    renderer = getattr(request, "accepted_renderer", None)
    if response.status_code == 200 and isinstance(renderer, GraphCsvRenderer | XlsxRenderer):
        response["Content-Disposition"] = f'attachment; filename="{name}.{renderer.format}"'
    return response


def graph_json(request, graph) -> dict:
    return {
        "nodes": [
            {
                "code": node.code,
                "slug": node.slug,
                "title": node.title,
                "title_en": node.title_en,
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
                "note_en": edge.note_en,
            }
            for edge in graph.edges
        ],
    }


class GraphView(_GraphView):
    renderer_classes = [OrjsonRenderer, GraphCsvRenderer, GraphXlsxRenderer]

    @extend_schema(
        operation_id="graph",
        summary="The measures and their typed links",
        description="Nodes are the public measures that match the filter; edges are the links "
        "between two of them (supports, depends_on, related; `from` → `to`). With "
        "`?format=csv` (or `Accept: text/csv`) the links as CSV, one per row.",
        parameters=[*FILTER_PARAMETERS, FORMAT_PARAMETER, *CONDITIONAL_HEADERS, *VALIDATOR_HEADERS],
        responses=read_responses(
            inline_serializer(
                "Graph",
                fields={
                    "nodes": GRAPH_NODE,
                    "edges": GRAPH_EDGE,
                    "measures_url": serializers.URLField(
                        help_text="The measures list with the same filter."
                    ),
                },
            ),
            bad_request=BAD_FILTER,
            csv=True,
            xlsx=True,
        ),
        tags=["graph"],
    )
    def get(self, request, *args, **kwargs):
        return with_csv_filename(request, super().get(request, *args, **kwargs))

    def payload(self, request, selection) -> dict:
        data = graph_json(request, measure_graph(selection))
        data["measures_url"] = self.absolute(request, measure_list_url(selection.params))
        return data


class PillarMinistryMatrixView(_GraphView):
    @extend_schema(
        operation_id="graph_matrix_pillar_ministry",
        summary="Measures per pillar and ministry, by role",
        description="A measure counts under its primary pillar, once for each ministry "
        "responsible for it, in that ministry's role (lead, co, consulted). `pillar` selects "
        "the rows and `ministry` the columns. Each cell's `measures_url` lists exactly its "
        "measures (`?pillar=N&ministry=ABBR`), and `role_urls` those per role "
        "(`&ministry_role=ROLE`).",
        parameters=[*FILTER_PARAMETERS, *CONDITIONAL_HEADERS, *VALIDATOR_HEADERS],
        responses=read_responses(
            inline_serializer(
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
                            "role_urls": inline_serializer(
                                "PillarMinistryRoleUrls",
                                {
                                    "lead": serializers.URLField(),
                                    "co": serializers.URLField(),
                                    "consulted": serializers.URLField(),
                                },
                            ),
                        },
                        many=True,
                    ),
                },
            ),
            bad_request=BAD_FILTER,
        ),
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


class PillarPillarMatrixView(_GraphView):
    @extend_schema(
        operation_id="graph_matrix_pillar_pillar",
        summary="Measures shared per pair of pillars",
        description="A measure serves its primary pillar and its other pillars. The cell for "
        "pillars A and B counts the measures that serve both (`?shared_pillars=A,B`); the "
        "diagonal (A = B) counts all measures serving A (`?serves_pillar=A`). The matrix is "
        "symmetric.",
        parameters=[*FILTER_PARAMETERS, *CONDITIONAL_HEADERS, *VALIDATOR_HEADERS],
        responses=read_responses(
            inline_serializer(
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
            bad_request=BAD_FILTER,
        ),
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


class NeighbourhoodView(ApiViewMixin, APIView):
    """A measure's links two steps out, as on its page."""

    permission_classes = [AllowAny]
    renderer_classes = [OrjsonRenderer, GraphCsvRenderer, GraphXlsxRenderer]

    @extend_schema(
        operation_id="graph_neighbourhood",
        summary="A measure's links, two steps out",
        description="The public links of the measure (by code, such as 4.3, or slug) and of "
        "the measures it links to, with the measures they join. `distance` is the number of "
        "steps from the measure (0, 1 or 2). `?format=csv` gives the links as CSV.",
        parameters=[
            OpenApiParameter(
                "key",
                OpenApiTypes.STR,
                location=OpenApiParameter.PATH,
                description="The measure's code (4.3) or slug.",
            ),
            FORMAT_PARAMETER,
            *CONDITIONAL_HEADERS,
            *VALIDATOR_HEADERS,
        ],
        responses=read_responses(
            inline_serializer(
                "Neighbourhood",
                fields={
                    "measure": serializers.CharField(help_text="Code of the measure."),
                    "nodes": inline_serializer(
                        "NeighbourhoodNode",
                        fields={
                            **GRAPH_NODE.child.fields,
                            "distance": serializers.IntegerField(min_value=0, max_value=2),
                        },
                        many=True,
                    ),
                    "edges": GRAPH_EDGE,
                },
            ),
            not_found="No public measure with this code or slug.",
            bad_request="An unknown format.",
            csv=True,
            xlsx=True,
        ),
        tags=["graph"],
    )
    def get(self, request, key: str):
        measure = None
        if "\x00" not in key:
            measure = (
                Measure.objects.published()
                .select_related("pillar")
                .filter(Q(code=key) | Q(slug=key))
                .first()
            )
        if measure is None:
            raise Http404(f"No public measure with the code or slug '{key}'.")
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        graph = measure_neighbourhood(measure)
        data = {"measure": measure.code, **graph_json(request, graph)}
        for node, graph_node in zip(data["nodes"], graph.nodes, strict=True):
            node["distance"] = graph_node.distance
        return with_csv_filename(request, Response(data), f"verbanden-{measure.code}")


urlpatterns = [
    path("", GraphView.as_view(), name="graph"),
    path(
        "matrix/pillar-ministry/",
        PillarMinistryMatrixView.as_view(),
        name="graph-matrix-pillar-ministry",
    ),
    path(
        "matrix/pillar-pillar/",
        PillarPillarMatrixView.as_view(),
        name="graph-matrix-pillar-pillar",
    ),
    path("measures/<str:key>/", NeighbourhoodView.as_view(), name="graph-neighbourhood"),
]
