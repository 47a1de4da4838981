"""The measures, ministries, sources and changes endpoints of API v1."""

import csv
import io

import orjson
from django.db.models import Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
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

from api.conditional import ApiViewMixin
from api.errors import InvalidParameters, PreconditionFailed, invalid_parameter
from api.keyset import CURSOR_PARAMETER
from api.renderers import CsvRenderer, OrjsonRenderer
from api.schema import (
    CONDITIONAL_HEADERS,
    ISO_MOMENT,
    PAGE_PARAMETERS,
    VALIDATOR_HEADERS,
    error,
    read_responses,
)
from api.spreadsheets import (
    CSV_DELIMITERS,
    DELIMITER_PARAMETER,
    XlsxRenderer,
    csv_delimiter,
    xlsx_bytes,
)
from api.viewsets import read_only_schema
from core.spreadsheet import neutralised_row
from measures.api.as_of import (
    MeasureAsOfDetailSerializer,
    MeasureAsOfListItemSerializer,
    MeasurePagination,
    as_of_envelope,
    as_of_item,
    as_of_param,
    measure_csv_values_as_of,
    measure_values_as_of,
)
from measures.api.rows import ContentReadOnlyViewSet, MeasureRows
from measures.api.serializers import (
    MeasureDetailSerializer,
    MeasureWriteSerializer,
    MinistrySerializer,
    SourceSerializer,
    measure_detail,
)
from measures.api.sql_json import MeasureJson
from measures.filters import MAX_QUERY_LENGTH, MeasureFilterSet
from measures.history import measure_detail_as_of, measures_as_of
from measures.models import Measure, Ministry, Responsibility, Source
from measures.selectors import ministry_list_with_counts, source_list_with_counts
from measures.services import StaleMeasure, measure_create, measure_delete, measure_update

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
FILE_STEM = "maatregelen"
FILE_FORMATS = ("csv", "xlsx")


def _many(name: str, item: dict, description: str, examples: tuple[str, str]) -> OpenApiParameter:
    first, second = examples
    return OpenApiParameter(
        name,
        {"type": "array", "items": item},
        explode=True,
        style="form",
        description=description + " Repeat the parameter or separate values with commas "
        f"(`?{name}={first}&{name}={second}` or `?{name}={first},{second}`): any of them "
        "matches.",
    )


STATUS_VALUES = [value for value, _ in Measure.Status.choices]
ORDERING_VALUES = ["code", "-code", "title", "-title", "updated_at", "-updated_at"]
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    {"type": "string", "enum": ["json", *FILE_FORMATS]},
    description="json (default), csv or xlsx; the same as `Accept: text/csv` or `Accept: "
    f"{XlsxRenderer.media_type}`. CSV and XLSX give every matching measure in one file (no "
    "paging), with the same columns: a header row, one row per measure, related values joined "
    'with "; ". CSV is UTF-8 with a byte-order mark; in XLSX every text (such as the code 4.10) '
    "is a text cell.",
)
DELIMITER_OPTION = OpenApiParameter(
    DELIMITER_PARAMETER,
    {"type": "string", "enum": list(CSV_DELIMITERS), "default": "comma"},
    description="With format=csv: the field separator, `comma` (default) or `semicolon` (for "
    "Excel in a Dutch locale, which expects `;`). JSON and XLSX have no separator and are "
    "not affected. Any other value is a 400.",
)
MEASURE_FILTERS = [
    _many(
        "pillar",
        {"type": "integer"},
        "The number of the pillar the measure falls under.",
        ("1", "4"),
    ),
    _many(
        "serves_pillar",
        {"type": "integer"},
        "A pillar number: measures under that pillar and measures that also serve it.",
        ("1", "4"),
    ),
    _many(
        "ministry",
        {"type": "string"},
        "A ministry's abbreviation, in any role (case-insensitive).",
        ("JenV", "BZ"),
    ),
    _many(
        "lead_ministry",
        {"type": "string"},
        "The lead ministry's abbreviation (case-insensitive).",
        ("JenV", "BZ"),
    ),
    _many(
        "ministry_role",
        {"type": "string", "enum": Responsibility.Role.values},
        "With `ministry`: only measures on which that ministry has this role; alone: measures "
        "on which some ministry has it.",
        ("lead", "co"),
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
    _many(
        "status",
        {"type": "string", "enum": STATUS_VALUES},
        "The measure's status.",
        ("done", "dropped"),
    ),
    _many(
        "route_stage",
        {"type": "string"},
        "A stage of the migration route (key).",
        ("herkomst", "terugkeer"),
    ),
    _many("level", {"type": "string"}, "A governance level (key).", ("eu", "nationaal")),
    OpenApiParameter(
        "q",
        # Blank, or text with at least one letter or digit (what measures.search counts as a
        # word); text of only punctuation or signs is a 400, and so the schema says.
        {
            "type": "string",
            "maxLength": MAX_QUERY_LENGTH,
            "pattern": "^(\\s*|[^\\u0000]*[^\\W_][^\\u0000]*)$",
        },
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


def _csv_text(header, rows, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    if header:
        writer.writerow(header)
    writer.writerows(neutralised_row(row) for row in rows)
    return buffer.getvalue()


CURSOR_OPTION = OpenApiParameter(
    CURSOR_PARAMETER,
    {"type": "string", "pattern": "^[A-Za-z0-9_-]*$"},
    description="Keyset paging, for deep and sync reads: send `cursor=` (empty) for the first "
    "page, then follow `next` (and `previous`), whose links carry an opaque cursor. Every page "
    "then costs the same, however deep, and rows added or removed meanwhile do not shift the "
    "following pages. Works with every filter and with `ordering` (default: code); a search "
    "(`q`) is sorted by relevance, so it needs an `ordering` to be paged by cursor. `count` "
    "is still the whole selection. A cursor this API did not give out, or one made for "
    "another `ordering`, is a 400 naming `cursor`; so is `cursor` together with `page`, "
    "with format=csv or xlsx (files have no pages), or with `as_of` (a past day's list is "
    "paged by number).",
)
AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="YYYY-MM-DD: the agenda as it stood at the end of that day (Dutch time). "
    "Which measures, and their status, follow the policy clock: the measures announced by that "
    "day (`announced_on`; a measure without one counts from the day this knowledge base first "
    "published it), each with the status of its latest dated status step up to that day "
    "(`announced` while it has steps but none yet). Their texts and parts (pillars, ministries, "
    "route stages, levels, organisations, sources, links) are those this knowledge base had "
    "published by then; where its record does not reach back that far, the earliest text it "
    "published, with `as_of.earliest_text: true` on the item. Only measures that are public "
    "today take part: nothing under embargo now is ever shown. A day before the agenda's first "
    "announcement gives an empty list (with `as_of.notice`); a day after today is a 400. "
    "Filters, `q`, `ordering`, paging and `format` apply to that day's state (`q` searches the "
    "text shown). Answers for a day carry `as_of` (the list also on the page, the detail and "
    "each item on the item).",
)


@extend_schema_view(
    list=extend_schema(
        summary="List measures",
        description="Public measures, filtered, sorted and paged. Every filter value is checked: "
        "an unknown value is a 400 naming the parameter. Filters combine with AND; the values "
        "of one filter combine with OR. An unknown query parameter (a misspelt `Pillar=4`) is a "
        "400 naming it, so a typo never returns the whole list as if it were filtered. "
        "`count` is exact; it is kept per selection until the content next changes, so paging "
        "through a selection counts its rows once.",
        parameters=MEASURE_FILTERS
        + PAGE_PARAMETERS
        + [CURSOR_OPTION, FORMAT_PARAMETER, DELIMITER_OPTION, AS_OF_PARAMETER]
        + CONDITIONAL_HEADERS
        + VALIDATOR_HEADERS,
        responses=read_responses(
            MeasureAsOfListItemSerializer(many=True),
            bad_request="A parameter has a value the API does not accept; the message names it.",
            not_found="The page is past the last page.",
            csv=True,
            xlsx=True,
        ),
    ),
    retrieve=extend_schema(
        summary="One measure",
        parameters=[
            LOOKUP_PARAMETER,
            FORMAT_PARAMETER,
            DELIMITER_OPTION,
            AS_OF_PARAMETER,
            *CONDITIONAL_HEADERS,
            *VALIDATOR_HEADERS,
        ],
        responses=read_responses(
            MeasureAsOfDetailSerializer,
            not_found="No public measure has this code or slug (with as_of: none that was "
            "announced by that day).",
            bad_request="Unknown format, or a delimiter other than comma or semicolon.",
            csv=True,
            xlsx=True,
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
    renderer_classes = [OrjsonRenderer, CsvRenderer, XlsxRenderer]
    pagination_class = MeasurePagination
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
        DELIMITER_PARAMETER,
    )
    optional_parameters = ("q", CURSOR_PARAMETER)

    def get_queryset(self):
        if self.request.method in SAFE_METHODS:
            return Measure.objects.published()
        # Editors may change or delete drafts too.
        return Measure.objects.all()

    def filtered_queryset(self):
        if not any(name in self.request.query_params for name in MeasureFilterSet.base_filters):
            # Nothing to filter or sort: what the FilterSet would give, without building it
            # (it deep-copies every filter and its choices, the larger part of a page's time).
            return self.get_queryset()
        filterset = MeasureFilterSet(
            self.request.query_params, queryset=self.get_queryset(), request=self.request
        )
        if not filterset.is_valid():
            raise InvalidParameters(
                {name: list(messages) for name, messages in filterset.errors.items()}
            )
        return filterset.qs

    def wants_csv(self) -> bool:
        return self.file_format() == "csv"

    def file_format(self) -> str | None:
        """csv or xlsx when a file of rows was asked for, else None (JSON)."""
        name = getattr(self.request.accepted_renderer, "format", "")
        return name if name in FILE_FORMATS else None

    def list(self, request, *args, **kwargs):
        queryset = self.filtered_queryset()
        file_format = self.file_format()
        delimiter = csv_delimiter(request)
        self.paginator.validate(request)
        if file_format and CURSOR_PARAMETER in request.query_params:
            raise invalid_parameter(
                CURSOR_PARAMETER,
                f"format={file_format} gives every matching measure in one file: it has no "
                "pages, so no cursor.",
            )
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        day = as_of_param(request)
        if day is not None:
            if CURSOR_PARAMETER in request.query_params:
                raise invalid_parameter(
                    CURSOR_PARAMETER,
                    "A past day's list (as_of) is paged by page number, not by cursor.",
                )
            return self.list_as_of(request, queryset, day, file_format, delimiter)
        if file_format == "xlsx":
            return self.xlsx_response(MeasureRows(request), queryset, FILE_STEM)
        if file_format == "csv":
            return self.csv_response(MeasureRows(request), queryset, FILE_STEM, delimiter)
        return self.paginator.json_page_response(request, self, queryset, MeasureJson(request).rows)

    def list_as_of(self, request, queryset, day, file_format, delimiter):
        """The agenda of a past day: the FilterSet's as_of queryset, rows built from history."""
        rows = MeasureRows(request)
        if file_format is not None:
            values = measure_csv_values_as_of(queryset, day)
            stem = f"{FILE_STEM}-{day.isoformat()}"
            if file_format == "xlsx":
                return self.xlsx_response(rows, None, stem, values=values)
            return self.csv_response(rows, None, stem, delimiter, values=values)
        page = self.paginator.paginate_queryset(queryset, request, self)
        values, measures = measure_values_as_of(page, day)
        items = [
            {**item, "as_of": as_of_item(measure)}
            for item, measure in zip(rows.json_rows(values), measures, strict=True)
        ]
        response = self.paginator.get_paginated_response(items)
        response.data["as_of"] = as_of_envelope(day, self.paginator.page.paginator.count)
        return response

    def csv_response(
        self, rows: MeasureRows, queryset, stem: str, delimiter: str = ",", values=None
    ) -> StreamingHttpResponse:
        """Every matching measure, in one query, streamed out in batches of formatted rows."""
        if values is None:
            values = list(rows.csv_values(queryset))

        def generate():
            yield "\ufeff" + _csv_text(rows.CSV_COLUMNS, [], delimiter)
            for start in range(0, len(values), CSV_CHUNK):
                yield _csv_text(None, rows.csv_rows(values[start : start + CSV_CHUNK]), delimiter)

        response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response

    def xlsx_response(self, rows: MeasureRows, queryset, stem: str, values=None) -> HttpResponse:
        """The CSV's rows and columns as one worksheet (a workbook is written whole)."""
        if values is None:
            values = list(rows.csv_values(queryset))
        workbook = xlsx_bytes(rows.CSV_COLUMNS, rows.csv_rows(values), title=stem)
        response = HttpResponse(workbook, content_type=XlsxRenderer.media_type)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        day = as_of_param(self.request) if self.request.method in SAFE_METHODS else None
        if day is not None:
            try:
                measure = measure_detail_as_of(day, value)
            except Measure.DoesNotExist as exc:
                raise Http404(str(exc)) from None
            measure.as_of = day
            return measure
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
        if self.file_format() is None and as_of_param(request) is None:
            return self.retrieve_json(request)
        measure = self.get_object()
        file_format = self.file_format()
        delimiter = csv_delimiter(request)
        day = getattr(measure, "as_of", None)
        not_modified = self.conditional_response(
            request, suffix=f"-v{measure.version}" if day is None else ""
        )
        if not_modified is not None:
            return not_modified
        rows = MeasureRows(request)
        if day is not None:
            just_this = Measure.objects.filter(pk=measure.pk)
            if file_format is not None:
                values = measure_csv_values_as_of(measures_as_of(just_this, day), day)
                if file_format == "xlsx":
                    return self.xlsx_response(rows, None, measure.code, values=values)
                return self.csv_response(rows, None, measure.code, delimiter, values=values)
            return Response({**measure_detail(measure, rows), "as_of": as_of_item(measure)})
        just_this = Measure.objects.filter(pk=measure.pk)
        if file_format == "xlsx":
            return self.xlsx_response(rows, just_this, measure.code)
        if file_format == "csv":
            return self.csv_response(rows, just_this, measure.code, delimiter)
        return Response(measure_detail(measure, rows))

    def retrieve_json(self, request):
        """Today's public measure as JSON built by PostgreSQL: one statement."""
        csv_delimiter(request)  # a bad delimiter is a 400 whatever the format
        value = self.kwargs[self.lookup_url_kwarg]
        found = None
        if "\x00" not in value and len(value) <= 100:
            found = MeasureJson(request).detail(value)
        if found is None:
            raise Http404(f"No measure has the code or slug '{value}'.")
        text, version, content_version = found
        if self.version is None:  # not read yet by the early check for a current copy
            self.version = content_version
        not_modified = self.conditional_response(request, suffix=f"-v{version}")
        if not_modified is not None:
            return not_modified
        return Response(orjson.Fragment(text))

    def _detail_response(self, measure, status_code=status.HTTP_200_OK):
        body = measure_detail(
            Measure.objects.for_detail().get(pk=measure.pk), MeasureRows(self.request)
        )
        headers = {"Location": body["url"]} if status_code == status.HTTP_201_CREATED else None
        response = Response(body, status=status_code, headers=headers)
        response["ETag"] = f'"v{measure.version}"'
        return response

    def create(self, request, *args, **kwargs):
        serializer = MeasureWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measure = measure_create(data=serializer.validated_data, by=request.user)
        return self._detail_response(measure, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        measure = self.get_object()
        expected_version = self.if_match_version(measure)
        partial = kwargs.get("partial", False)
        serializer = MeasureWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not partial:  # PUT replaces the measure: what it leaves out becomes empty
            data = {**{key: [] for key in REPLACED_LISTS}, "description": "", **data}
        try:
            measure = measure_update(
                measure=measure, data=data, by=request.user, expected_version=expected_version
            )
        except StaleMeasure:
            raise PreconditionFailed() from None
        return self._detail_response(measure)

    def destroy(self, request, *args, **kwargs):
        measure = self.get_object()
        self.if_match_version(measure)
        measure_delete(measure=measure, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Optimistic concurrency. A measure's ETag ends in "-v<version>": the version of the
    # measure itself, which every save increases. `If-Match` on PUT, PATCH and DELETE is
    # optional; when sent, it must name the current version (or be *), else 412.
    def if_match_version(self, measure) -> int | None:
        header = self.request.headers.get("If-Match", "").strip()
        if not header or header == "*":
            return None
        versions = {
            tag.strip().removeprefix("W/").strip('"').rpartition("-v")[2].removeprefix("v")
            for tag in header.split(",")
        }
        if str(measure.version) not in versions:
            raise PreconditionFailed()
        return measure.version


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
class MinistryViewSet(ContentReadOnlyViewSet):
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
class SourceViewSet(ContentReadOnlyViewSet):
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
