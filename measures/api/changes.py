"""`/api/v1/changes/?since=<ISO date-time>`: the public change log, for mirrors to stay in sync.

Oldest first, cursor-paginated (stable while new changes arrive), tombstones included
(`kind` "unpublished" or "deleted", `tombstone: true`) so a mirror can remove what is gone.
Hook in with `path("api/v1/changes/", include("measures.api.changes"))`, or route
`ChangeListAPIView` from the API's router module.
"""

import datetime

from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from measures.models import ChangeEvent
from measures.selectors import change_events_public


def parse_since(value: str) -> datetime.datetime:
    """An ISO 8601 date-time (or date); without a zone it is read in Dutch time."""
    moment = None
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(
            {
                "since": [
                    f"'{value}' is geen ISO-datum-tijd; gebruik bijvoorbeeld "
                    "2026-01-31T12:00:00+01:00 of 2026-01-31."
                ]
            }
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class ChangeEventSerializer(serializers.ModelSerializer):
    measure = serializers.SerializerMethodField()
    tombstone = serializers.BooleanField(source="is_tombstone", read_only=True)

    class Meta:
        model = ChangeEvent
        fields = [
            "id",
            "occurred_at",
            "kind",
            "tombstone",
            "measure",
            "changed_fields",
            "status",
            "reason",
        ]

    def get_measure(self, event) -> dict:
        request = self.context.get("request")
        url = None if event.is_tombstone else event.get_absolute_url()
        if url and request is not None:
            url = request.build_absolute_uri(url)
        return {
            "id": event.measure_pk,
            "code": event.code,
            "slug": event.slug,
            "title": event.title,
            "url": url,
        }


class ChangePagination(CursorPagination):
    ordering = ("occurred_at", "id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class ChangeListAPIView(generics.ListAPIView):
    """Public changes to measures since a moment, oldest first, with tombstones; no editors."""

    serializer_class = ChangeEventSerializer
    pagination_class = ChangePagination
    permission_classes = [AllowAny]
    filter_backends = []

    def get_queryset(self):
        since = self.request.query_params.get("since")
        return change_events_public(since=parse_since(since) if since else None)


app_name = "changes-api"

urlpatterns = [path("", ChangeListAPIView.as_view(), name="list")]
