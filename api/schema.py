"""OpenAPI pieces shared by the API's views, and the hook that fills in live allowed values."""

from django.apps import apps
from django.db import DatabaseError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from api.spreadsheets import XLSX_MEDIA_TYPE

CONDITIONAL_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        description="An ETag from an earlier response: 304 Not Modified when still current.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        description="An HTTP date (Last-Modified of an earlier response): 304 when nothing "
        "changed since. Ignored when If-None-Match is sent.",
    ),
]
VALIDATOR_HEADERS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200, 304],
        description="Version of this response, derived from the data; send it back in If-None-Match.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200, 304],
        description="When a measure last changed (HTTP date).",
    ),
    OpenApiParameter(
        "Retry-After",
        OpenApiTypes.INT,
        location=OpenApiParameter.HEADER,
        response=[429],
        description="Seconds to wait before the next request.",
    ),
]
PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="Page number, from 1. Not a whole number of 1 or more: 400. "
        "Past the last page: 404.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description=f"Rows per page: default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE} "
        f"(larger values are capped to {MAX_PAGE_SIZE}). Not a whole number of 1 or more: 400.",
    ),
]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(
        help_text="What is wrong, naming the parameter or field: "
        "\"Invalid value for parameter 'status': ...\"."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="On 400: every message, per parameter (or body field).",
    )


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


NOT_MODIFIED = OpenApiResponse(description="Not Modified: the ETag / date you sent is current.")


def read_responses(
    ok,
    *,
    not_found: str | None = None,
    bad_request: str | None = None,
    csv: bool = False,
    xlsx: bool = False,
) -> dict:
    """The responses of a read: 200, 304, and the errors (always JSON)."""
    errors = {
        401: "The Authorization header carries an unknown token.",
        406: "The Accept header asks for a representation this endpoint does not have.",
        429: "Too many requests from this address: wait Retry-After seconds.",
    }
    if bad_request:
        errors[400] = bad_request
    if not_found:
        errors[404] = not_found
    json = "application/json"
    responses = {(200, json): ok, 304: NOT_MODIFIED}
    if csv:
        responses[200, "text/csv"] = OpenApiResponse(
            {"type": "string"},
            description="CSV (format=csv or Accept: text/csv): UTF-8 with BOM, header row.",
        )
    if xlsx:
        responses[200, XLSX_MEDIA_TYPE] = OpenApiResponse(
            {"type": "string", "format": "binary"},
            description="XLSX (format=xlsx or Accept: the XLSX media type): one worksheet with "
            "the CSV's columns; codes and other texts are text cells.",
        )
    responses.update({(code, json): error(text) for code, text in errors.items()})
    return responses


# Query parameters whose allowed values are the content's own keys. The schema is built per
# request, so the documentation lists what the database holds now.
LIVE_ENUMS = {
    "pillar": ("pillars.Pillar", "number"),
    "serves_pillar": ("pillars.Pillar", "number"),
    "shared_pillars": ("pillars.Pillar", "number"),
    "ministry": ("measures.Ministry", "abbreviation"),
    "lead_ministry": ("measures.Ministry", "abbreviation"),
    "route_stage": ("pillars.RouteStage", "slug"),
    "level": ("pillars.GovernanceLevel", "slug"),
}
LIVE_PATH_ENUMS = {
    "number": ("pillars.Pillar", "number"),
    "abbreviation": ("measures.Ministry", "abbreviation"),
}


def add_live_enums(result, generator, request, public):
    """Postprocessing hook: allowed values of the content-keyed parameters, from the database;
    optional authentication on reads; CSV bodies as text."""
    cache: dict[tuple[str, str], list] = {}

    def values(model_label: str, field: str) -> list:
        if (model_label, field) not in cache:
            model = apps.get_model(model_label)
            try:
                cache[model_label, field] = list(
                    model.objects.order_by(field).values_list(field, flat=True)
                )
            except DatabaseError:
                # Not migrated yet (`manage.py check --deploy` on a fresh machine builds the
                # schema too): document the parameter without its list of values.
                cache[model_label, field] = []
        return cache[model_label, field]

    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            # Reading needs no account: a token is optional on every GET.
            if method == "get" and {} not in operation.setdefault("security", []):
                operation["security"].append({})
            # CSV is one file of rows, never the paged JSON envelope spectacular wraps lists in.
            for response in operation.get("responses", {}).values():
                if "text/csv" in response.get("content", {}):
                    response["content"]["text/csv"] = {"schema": {"type": "string"}}
                if XLSX_MEDIA_TYPE in response.get("content", {}):
                    response["content"][XLSX_MEDIA_TYPE] = {
                        "schema": {"type": "string", "format": "binary"}
                    }
            for parameter in operation.get("parameters", []):
                table = LIVE_PATH_ENUMS if parameter.get("in") == "path" else LIVE_ENUMS
                if parameter.get("in") not in ("query", "path") or parameter["name"] not in table:
                    continue
                allowed = values(*table[parameter["name"]])
                if not allowed:
                    continue
                schema = parameter["schema"]
                target = schema["items"] if schema.get("type") == "array" else schema
                target["enum"] = allowed
    return result


# An ISO 8601 date, a year (2018), a month (2018-03) or a date-time.
ISO_MOMENT = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "pattern": "^[1-9][0-9]{3}(-(0[1-9]|1[0-2]))?$"},
    ]
}
