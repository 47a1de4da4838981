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
from changelog.api.serializers import ChangeSerializer
from changelog.models import ChangeEvent
from changelog.selectors import change_events_public
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
    """The public change feed, from the editors' change log (changelog.recorder)."""

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
                    "url": None if event.is_tombstone else f"{measure_url}{event.code}/",
                }
                for event in page
            ]
        )
