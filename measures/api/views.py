"""The measures, ministries, sources and changes endpoints of API v1."""

import csv
import io

from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from core.spreadsheet import neutralised_row
from measures.api.as_of import as_of_param
from measures.api.rows import MeasureRows, iso_utc
from measures.api.serializers import (
    ChangeSerializer,
    MeasureDetailSerializer,
    MeasureListItemSerializer,
    MeasureWriteSerializer,
    MinistrySerializer,
    SourceSerializer,
    measure_detail,
)
from measures.as_of import measure_detail_as_of, measure_values_as_of
from measures.filters import MAX_QUERY_LENGTH, DateOrDateTimeField, MeasureFilterSet
from measures.models import ChangeEvent, Measure, Ministry, Source
from measures.selectors import (
    change_events_public,
    ministry_list_with_counts,
    source_list_with_counts,
)
from measures.services import measure_create, measure_delete, measure_update
from migratieagenda.rest.conditional import ApiViewMixin
from migratieagenda.rest.errors import InvalidParameters
from migratieagenda.rest.renderers import CsvRenderer, OrjsonRenderer
from migratieagenda.rest.schema import (
    CONDITIONAL_HEADERS,
    PAGE_PARAMETERS,
    VALIDATOR_HEADERS,
    error,
    read_responses,
)

CSV_CHUNK = 500
REPLACED_LISTS = (
    "other_pillars",
    "responsibilities",
    "route_stages",
    "levels",
    "organisations",
    "citations",
    "related_measures",
)
CSV_FILENAME = "maatregelen.csv"
# What may accompany ?as_of= on the list (filters work on today's data, not on history).
AS_OF_COMPANIONS = {"as_of", "page", "page_size", "format"}


def _many(name: str, item: dict, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "array", "items": item},
        explode=True,
        style="form",
        description=description + " Repeat the parameter or separate values with commas "
        "(`?status=done&status=dropped` or `?status=done,dropped`): any of them matches.",
    )


# An ISO 8601 date, a year (2018), a month (2018-03) or a date-time.
ISO_MOMENT = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "pattern": "^[1-9][0-9]{3}(-(0[1-9]|1[0-2]))?$"},
    ]
}
STATUS_VALUES = [value for value, _ in Measure.Status.choices]
ORDERING_VALUES = ["code", "-code", "title", "-title", "updated_at", "-updated_at"]
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    {"type": "string", "enum": ["json", "csv"]},
    description="json (default) or csv. The same as `Accept: text/csv`. CSV gives every "
    "matching measure in one file (no paging): UTF-8 with a byte-order mark, a header row, "
    'related values joined with "; ".',
)
MEASURE_FILTERS = [
    _many("pillar", {"type": "integer"}, "The number of the pillar the measure falls under."),
    _many(
        "serves_pillar",
        {"type": "integer"},
        "A pillar number: measures under that pillar and measures that also serve it.",
    ),
    _many(
        "ministry", {"type": "string"}, "A ministry's abbreviation, in any role (case-insensitive)."
    ),
    _many(
        "lead_ministry", {"type": "string"}, "The lead ministry's abbreviation (case-insensitive)."
    ),
    _many(
        "ministry_role",
        {"type": "string", "enum": ["lead", "co", "consulted"]},
        "With `ministry`: only measures on which that ministry has this role; alone: measures "
        "on which some ministry has it.",
    ),
    OpenApiParameter(
        "shared_pillars",
        {"type": "array", "items": {"type": "integer"}},
        explode=True,
        style="form",
        description="Pillar numbers a measure must ALL serve (as its pillar or as another "
        "pillar): `shared_pillars=1,4` gives the measures pillars 1 and 4 share. Repeat the "
        "parameter or separate values with commas.",
    ),
    _many("status", {"type": "string", "enum": STATUS_VALUES}, "The measure's status."),
    _many("route_stage", {"type": "string"}, "A stage of the migration route (key)."),
    _many("level", {"type": "string"}, "A governance level (key)."),
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": "^[^\\u0000]*$"},
        description=f"Dutch full-text search (at most {MAX_QUERY_LENGTH} characters): every word "
        "must match, by Dutch stem, as the start of a word, regardless of accents and capitals, "
        "in the title, summary, description or the names of related pillars, ministries, "
        "organisations and sources. Best match first unless `ordering` is given. Text with no "
        "letters or digits is a 400.",
    ),
    OpenApiParameter(
        "updated_since",
        ISO_MOMENT,
        description="ISO 8601 date (2018-01-01, or just 2018 or 2018-03) or date-time "
        "(2018-01-01T12:00:00+01:00): only measures changed at or after it. Without a time "
        "zone it is read in Dutch time (Europe/Amsterdam).",
    ),
    OpenApiParameter(
        "ordering",
        {"type": "string", "enum": ORDERING_VALUES},
        description="Sort by code (4.10 after 4.9), title or updated_at; a leading - reverses. "
        "Default: code. Several, comma-separated, are allowed (`-updated_at,code`).",
    ),
]
LOOKUP_PARAMETER = OpenApiParameter(
    "code_or_slug",
    OpenApiTypes.STR,
    location=OpenApiParameter.PATH,
    description="The measure's code (4.3) or slug.",
)
WRITE_RESPONSES = {
    400: error("A field has a value that cannot be saved; `errors` names each field."),
    401: error("No token, or an unknown one: send `Authorization: Token <key>`."),
    403: error("The token's user lacks the permission for this change."),
}
CSV_RESPONSE = OpenApiResponse(
    {"type": "string"}, description="The measures; in JSON, or CSV with format=csv."
)


def _csv_text(header, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(header)
    writer.writerows(neutralised_row(row) for row in rows)
    return buffer.getvalue()


AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="YYYY-MM-DD: the measures as published at the end of that day (Dutch time), "
    "rebuilt from the history. A date in the future or before the first record is a 400. "
    "On the list it cannot be combined with filters or format=csv.",
)


@extend_schema_view(
    list=extend_schema(
        summary="List measures",
        description="Public measures, filtered, sorted and paged. Every filter value is checked: "
        "an unknown value is a 400 naming the parameter. Filters combine with AND; the values "
        "of one filter combine with OR. Unknown query parameters are ignored.",
        parameters=MEASURE_FILTERS
        + PAGE_PARAMETERS
        + [FORMAT_PARAMETER, AS_OF_PARAMETER]
        + CONDITIONAL_HEADERS
        + VALIDATOR_HEADERS,
        responses=read_responses(
            MeasureListItemSerializer(many=True),
            bad_request="A parameter has a value the API does not accept; the message names it.",
            not_found="The page is past the last page.",
            csv=True,
        ),
    ),
    retrieve=extend_schema(
        summary="One measure",
        parameters=[
            LOOKUP_PARAMETER,
            FORMAT_PARAMETER,
            AS_OF_PARAMETER,
            *CONDITIONAL_HEADERS,
            *VALIDATOR_HEADERS,
        ],
        responses=read_responses(
            MeasureDetailSerializer,
            not_found="No public measure has this code or slug.",
            bad_request="Unknown format.",
            csv=True,
        ),
    ),
    create=extend_schema(
        summary="Create a measure (token with the add permission)",
        request=MeasureWriteSerializer,
        responses={201: MeasureDetailSerializer, **WRITE_RESPONSES},
    ),
    update=extend_schema(
        summary="Replace a measure (token with the change permission)",
        parameters=[LOOKUP_PARAMETER],
        request=MeasureWriteSerializer,
        responses={200: MeasureDetailSerializer, 404: error("No such measure."), **WRITE_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a measure (token with the change permission)",
        parameters=[LOOKUP_PARAMETER],
        request=MeasureWriteSerializer,
        responses={200: MeasureDetailSerializer, 404: error("No such measure."), **WRITE_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Delete a measure (token with the delete permission)",
        parameters=[LOOKUP_PARAMETER],
        responses={204: None, 404: error("No such measure."), **WRITE_RESPONSES},
    ),
)
class MeasureViewSet(ApiViewMixin, viewsets.ModelViewSet):
    """Measures of the agenda. Reading: public measures only; writing: a token with permission."""

    queryset = Measure.objects.all()
    renderer_classes = [OrjsonRenderer, CsvRenderer]
    filter_backends = []
    lookup_field = "code"
    lookup_url_kwarg = "code_or_slug"
    # Codes have a dot (4.3), which DRF's default lookup pattern does not allow.
    lookup_value_regex = r"[^/]+"
    non_empty_parameters = (
        *[name for name in MeasureFilterSet.base_filters if name != "q"],
        "page",
        "page_size",
        "format",
    )
    optional_parameters = ("q", "as_of")

    def get_queryset(self):
        if self.request.method in SAFE_METHODS:
            return Measure.objects.published()
        # Editors may change or delete drafts too.
        return Measure.objects.all()

    def filtered_queryset(self):
        filterset = MeasureFilterSet(
            self.request.query_params, queryset=self.get_queryset(), request=self.request
        )
        if not filterset.is_valid():
            raise InvalidParameters(
                {name: list(messages) for name, messages in filterset.errors.items()}
            )
        return filterset.qs

    def wants_csv(self) -> bool:
        return getattr(self.request.accepted_renderer, "format", "") == "csv"

    def list(self, request, *args, **kwargs):
        day = as_of_param(request)
        if day is not None:
            return self.list_as_of(request, day)
        queryset = self.filtered_queryset()
        csv_wanted = self.wants_csv()
        self.paginator.validate(request)
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        rows = MeasureRows(request)
        if csv_wanted:
            return self.csv_response(rows, queryset)
        page = self.paginator.paginate_queryset(
            rows.json_values(queryset), request, self, count_queryset=queryset
        )
        return self.paginator.get_paginated_response(rows.json_rows(page))

    def list_as_of(self, request, day):
        """The list as published at the end of ``day``, rebuilt from the history tables."""
        extra = sorted(set(request.query_params) - AS_OF_COMPANIONS)
        if extra or self.wants_csv():
            raise InvalidParameters(
                {
                    "as_of": [
                        "as_of shows the whole published list of that day, in JSON; it cannot be "
                        f"combined with {', '.join(extra) or 'format=csv'}."
                    ]
                }
            )
        self.paginator.validate(request)
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        rows = MeasureRows(request)
        page = self.paginator.paginate_queryset(measure_values_as_of(day), request, self)
        return self.paginator.get_paginated_response(rows.json_rows(page))

    def csv_response(self, rows: MeasureRows, queryset) -> StreamingHttpResponse:
        """Every matching measure, in one query, streamed out in batches of formatted rows."""
        values = list(rows.csv_values(queryset))

        def generate():
            yield "\ufeff" + _csv_text(rows.CSV_COLUMNS, [])
            for start in range(0, len(values), CSV_CHUNK):
                yield _csv_text(None, rows.csv_rows(values[start : start + CSV_CHUNK]))

        response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{CSV_FILENAME}"'
        return response

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        day = as_of_param(self.request) if self.request.method in SAFE_METHODS else None
        if day is not None:
            lookup = {"code": value} if "." in value else {"slug": value}
            try:
                return measure_detail_as_of(day, **lookup)
            except Measure.DoesNotExist:
                raise Http404(
                    f"No measure with the code or slug '{value}' was public on {day}."
                ) from None
        queryset = self.get_queryset()
        if self.request.method in SAFE_METHODS:
            queryset = queryset.for_detail()
        measure = None
        if "\x00" not in value and len(value) <= 100:
            measure = queryset.filter(Q(code=value) | Q(slug=value)).first()
        if measure is None:
            raise Http404(f"No measure has the code or slug '{value}'.")
        self.check_object_permissions(self.request, measure)
        return measure

    def retrieve(self, request, *args, **kwargs):
        measure = self.get_object()
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        rows = MeasureRows(request)
        if self.wants_csv():
            values = list(rows.csv_values(Measure.objects.filter(pk=measure.pk)))
            response = StreamingHttpResponse(
                ["\ufeff" + _csv_text(rows.CSV_COLUMNS, rows.csv_rows(values))],
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{measure.code}.csv"'
            return response
        return Response(measure_detail(measure, rows))

    def _detail_response(self, measure, status_code=status.HTTP_200_OK):
        body = measure_detail(
            Measure.objects.for_detail().get(pk=measure.pk), MeasureRows(self.request)
        )
        headers = {"Location": body["url"]} if status_code == status.HTTP_201_CREATED else None
        return Response(body, status=status_code, headers=headers)

    def create(self, request, *args, **kwargs):
        serializer = MeasureWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measure = measure_create(data=serializer.validated_data)
        return self._detail_response(measure, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        measure = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = MeasureWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not partial:  # PUT replaces the measure: what it leaves out becomes empty
            data = {**{key: [] for key in REPLACED_LISTS}, "description": "", **data}
        measure = measure_update(measure=measure, data=data)
        return self._detail_response(measure)

    def destroy(self, request, *args, **kwargs):
        measure_delete(measure=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReadOnlyApiViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail from plain dicts, with ETag/304 and the API's paging."""

    filter_backends = []
    renderer_classes = [OrjsonRenderer]
    lookup_value_regex = r"[^/]+"

    def represent(self, obj, rows: MeasureRows) -> dict:
        raise NotImplementedError

    def lookup(self, queryset, value: str):
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        self.paginator.validate(request)
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        rows = MeasureRows(request)
        page = self.paginator.paginate_queryset(self.get_queryset(), request, self)
        return self.paginator.get_paginated_response([self.represent(obj, rows) for obj in page])

    def retrieve(self, request, *args, **kwargs):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        obj = self.lookup(self.get_queryset(), value) if "\x00" not in value else None
        if obj is None:
            raise Http404(f"No {self.queryset.model._meta.model_name} with the key '{value}'.")
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        return Response(self.represent(obj, MeasureRows(request)))


def read_only_schema(serializer, name: str, key_description: str, lookup_parameter):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {name}",
            parameters=PAGE_PARAMETERS + CONDITIONAL_HEADERS + VALIDATOR_HEADERS,
            responses=read_responses(
                serializer(many=True),
                bad_request="page or page_size is not a whole number of 1 or more.",
                not_found="The page is past the last page.",
            ),
        ),
        retrieve=extend_schema(
            summary=f"One of the {name}",
            parameters=[lookup_parameter, *CONDITIONAL_HEADERS, *VALIDATOR_HEADERS],
            responses=read_responses(serializer, not_found=f"No {key_description}."),
        ),
    )


@read_only_schema(
    MinistrySerializer,
    "ministries",
    "ministry with this abbreviation",
    OpenApiParameter(
        "abbreviation",
        OpenApiTypes.STR,
        location=OpenApiParameter.PATH,
        description="The ministry's abbreviation, case-insensitive (JenV, jenv).",
    ),
)
class MinistryViewSet(ReadOnlyApiViewSet):
    """Ministries with their officials and how many public measures they have a role in."""

    queryset = Ministry.objects.all()
    lookup_field = "abbreviation"

    def get_queryset(self):
        return ministry_list_with_counts().order_by("name")

    def lookup(self, queryset, value):
        return queryset.filter(abbreviation__iexact=value).first()

    def represent(self, ministry, rows):
        return {
            **rows.ministry_ref(ministry.abbreviation, ministry.name),
            "website": ministry.website,
            "officials": [
                {"name": o.name, "role": o.role, "portfolio": o.portfolio}
                for o in ministry.officials.all()
            ],
            "measure_count": ministry.measure_count,
            "web_url": rows.links.web("measures:ministry-detail") + f"{ministry.slug}/",
        }


@read_only_schema(
    SourceSerializer,
    "sources",
    "source with this slug",
    OpenApiParameter(
        "slug", OpenApiTypes.STR, location=OpenApiParameter.PATH, description="The source's slug."
    ),
)
class SourceViewSet(ReadOnlyApiViewSet):
    """The documents measures come from (Kamerbrieven, the coalition agreement, laws)."""

    queryset = Source.objects.all()
    lookup_field = "slug"

    def get_queryset(self):
        return source_list_with_counts()

    def lookup(self, queryset, value):
        return queryset.filter(slug=value).first() if len(value) <= 100 else None

    def represent(self, source, rows):
        return {
            "slug": source.slug,
            "title": source.title,
            "kind": source.kind,
            "kind_label": str(source.get_kind_display()),
            "date": source.date,
            "reference": source.reference,
            "url": source.url,
            "measure_count": source.measure_count,
        }


SINCE_PARAMETER = OpenApiParameter(
    "since",
    ISO_MOMENT,
    description="ISO 8601 date (2018-01-01, 2018) or date-time: only changes at or after it.",
)


@extend_schema_view(
    list=extend_schema(
        summary="What changed",
        description="Every public change to a measure, oldest first, so that a mirror can stay "
        "in sync: created, published, changed (with the changed fields), status_changed (with "
        "the new status and its public reason), and tombstones (tombstone: true) for measures "
        "that were unpublished, put under embargo or deleted. Keep the newest changed_at you "
        "saw and ask again with since=<it>; entries at exactly that moment come again (their "
        "id tells them apart). Editors are never named.",
        parameters=[SINCE_PARAMETER, *PAGE_PARAMETERS, *CONDITIONAL_HEADERS, *VALIDATOR_HEADERS],
        responses=read_responses(
            ChangeSerializer(many=True),
            bad_request="since, page or page_size has a value the API does not accept.",
            not_found="The page is past the last page.",
        ),
    )
)
class ChangeViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """The public change feed, from the editors' change log (measures.changes)."""

    queryset = ChangeEvent.objects.none()
    renderer_classes = [OrjsonRenderer]
    filter_backends = []
    non_empty_parameters = ("since", "page", "page_size", "format")

    def list(self, request, *args, **kwargs):
        raw = request.query_params.get("since", "")
        try:
            since = DateOrDateTimeField(required=False).clean(raw)
        except Exception as exc:  # a forms.ValidationError: name the parameter
            raise InvalidParameters({"since": list(getattr(exc, "messages", [str(exc)]))}) from None
        self.paginator.validate(request)
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        rows = MeasureRows(request)
        events = change_events_public(since=since).order_by("occurred_at", "id")
        page = self.paginator.paginate_queryset(events, request, self)
        return self.paginator.get_paginated_response(
            [
                {
                    "id": event.pk,
                    "code": event.code,
                    "slug": event.slug,
                    "title": event.title,
                    "change": event.kind,
                    "tombstone": event.is_tombstone,
                    "changed_fields": event.changed_fields,
                    "status": event.status or None,
                    "reason": event.reason or None,
                    "changed_at": iso_utc(event.occurred_at),
                    "url": None if event.is_tombstone else f"{rows.measure_url}{event.code}/",
                }
                for event in page
            ]
        )
