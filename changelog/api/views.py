"""The public change feed of API v1: `changes/`, oldest first, for mirrors."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from api.conditional import ApiViewMixin
from api.errors import InvalidParameters
from api.links import LinkPrefixes
from api.renderers import OrjsonRenderer, iso_utc
from api.schema import (
    CONDITIONAL_HEADERS,
    ISO_MOMENT,
    PAGE_PARAMETERS,
    VALIDATOR_HEADERS,
    read_responses,
)
from changelog.api.serializers import ChangeSerializer, change_source
from changelog.models import ChangeEvent
from changelog.selectors import change_log, change_log_entries
from measures.filters import DateOrDateTimeField


def measure_api_prefix(request) -> str:
    return LinkPrefixes(request).api("api:measure-detail", "code_or_slug")


SINCE_PARAMETER = OpenApiParameter(
    "since",
    ISO_MOMENT,
    description="ISO 8601 date (2018-01-01, 2018) or date-time: only changes at or after it.",
)


@extend_schema_view(
    list=extend_schema(
        summary="What changed",
        description="The public change log, oldest first, on two clocks (`clock`).\n\n"
        "**policy**: the agenda's story, from the measures' dated status steps: `announced` "
        "and `status_changed`, each with the new status, its public reason (`reason`, "
        "`reason_en`) and the document that dates it (`source`); `date` is the policy date and "
        "`changed_at` the start of that day in Dutch time (for a step recorded on its own date: "
        "the moment it was recorded). A fresh install already has these "
        "(2017–2022 for the shipped agenda).\n\n"
        "**record**: what changed in this knowledge base, when it was recorded: created, "
        "published, changed (with the changed fields), status_changed, corrected (an editorial "
        "correction, with its public reason) and tombstones (tombstone: true) for measures that "
        "were unpublished, put under embargo or deleted. Loading the shipped content into an "
        "empty knowledge base is its starting point, not a change: it records nothing.\n\n"
        "**Mirroring**: read the measures (`measures/`, every page, or `?format=csv`), noting "
        "the time you started; then ask `changes/?since=<that time>` now and then. For each "
        "entry: a tombstone means delete the measure with that code; any other entry means "
        "fetch `url` again. Keep the newest `changed_at` you saw and ask again with "
        "since=<it>; entries at exactly that moment come again (`clock` and `id` tell them "
        "apart). A policy event recorded later than its date also comes as a record entry at "
        "the time it was recorded, so `since` misses nothing a mirror needs. Editors are never "
        "named.",
        parameters=[SINCE_PARAMETER, *PAGE_PARAMETERS, *CONDITIONAL_HEADERS, *VALIDATOR_HEADERS],
        responses=read_responses(
            ChangeSerializer(many=True),
            bad_request="since, page or page_size has a value the API does not accept.",
            not_found="The page is past the last page.",
        ),
    )
)
class ChangeViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """The public change log of both clocks (changelog.selectors), for scripts and mirrors."""

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
        measure_url = measure_api_prefix(request)
        rows = change_log(since=since, newest_first=False)
        page = change_log_entries(self.paginator.paginate_queryset(rows, request, self))
        return self.paginator.get_paginated_response(
            [
                {
                    "id": entry.entry_id,
                    "clock": entry.clock,
                    "code": entry.code,
                    "slug": entry.slug,
                    "title": entry.title,
                    "change": entry.kind,
                    "tombstone": entry.is_tombstone,
                    "changed_fields": entry.changed_fields,
                    "status": entry.status or None,
                    "reason": entry.reason or None,
                    "reason_en": entry.reason_en or None,
                    "date": entry.policy_date,
                    "source": change_source(entry.source) if entry.source else None,
                    "changed_at": iso_utc(entry.occurred_at),
                    "url": None if entry.is_tombstone else f"{measure_url}{entry.code}/",
                }
                for entry in page
            ]
        )
