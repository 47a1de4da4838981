"""`?as_of=YYYY-MM-DD` in the API: the agenda of a past day (measures.history) as rows.

The list filters, sorts and pages that day's agenda with the one FilterSet (its `as_of` filter);
the rows of a page are then built here from the history, in the shapes that `MeasureRows` turns
into JSON and CSV, so that a row of a past day looks like a row of today.
"""

import datetime

from django.utils.translation import gettext as _
from rest_framework import serializers

from api.errors import InvalidParameters
from api.pagination import StrictPageNumberPagination
from api.renderers import iso_utc
from measures.api.serializers import MeasureDetailSerializer, MeasureListItemSerializer
from measures.history import (
    M2M,
    AsOfError,
    agenda_first_day,
    measures_then,
    parse_as_of,
    parts_as_of,
)
from measures.models import Citation


def as_of_param(request) -> datetime.date | None:
    """The as_of day of this request, None without one; InvalidParameters (400) when unusable."""
    value = request.query_params.get("as_of", "")
    if not value.strip():
        return None
    try:
        return parse_as_of(value)
    except AsOfError as exc:
        raise InvalidParameters({"as_of": [str(exc)]}) from None


def as_of_item(measure) -> dict:
    """What an item of an as_of answer adds: the day, and which recorded text it shows."""
    return {
        "date": measure.as_of,
        "text_recorded_at": iso_utc(measure.text_recorded_at),
        "earliest_text": measure.as_of_earliest_text,
    }


def as_of_envelope(day: datetime.date, count: int) -> dict:
    """What a list answer for a past day adds: the day, the agenda's first day, and a notice
    when the agenda did not exist yet."""
    first = agenda_first_day()
    notice = None
    if count == 0 and (first is None or day < first):
        notice = _("Op %(day)s was nog geen maatregel van de agenda aangekondigd.") % {
            "day": day.isoformat()
        }
    return {"date": day, "agenda_first_day": first, "notice": notice}


def _measures(rows, day):
    measures = measures_then(rows, relations=list(M2M), lead_only=False)
    for measure in measures:
        measure.as_of = day
    return measures


def _common(measure) -> dict:
    return {
        "id": measure.pk,
        "code": measure.code,
        "slug": measure.slug,
        "title": measure.title,
        "title_en": measure.title_en,
        "summary": measure.summary,
        "summary_en": measure.summary_en,
        "status": measure.status,
        "pillar_id": measure.pillar_id,
        "announced_on": measure.announced_on,
        "status_since": measure.as_of_status_since,
        "updated_at_text": iso_utc(measure.updated_at),
        "other_pillar_ids": [p.pk for p in measure.other_pillars.all()],
        "responsibility_ministry_ids": [r.ministry_id for r in measure.responsibilities.all()],
        "responsibility_roles": [r.role for r in measure.responsibilities.all()],
    }


def measure_values_as_of(rows, day: datetime.date) -> tuple[list[dict], list]:
    """The page's rows (from the as_of FilterSet's queryset) as `MeasureRows.json_values`
    gives them, and the measures they were built from."""
    measures = _measures(rows, day)
    values = [
        {
            **_common(m),
            "route_stage_keys": [s.slug for s in m.route_stages.all()],
            "level_keys": [level.slug for level in m.levels.all()],
            "organisation_keys": [o.slug for o in m.organisations.all()],
        }
        for m in measures
    ]
    return values, measures


def measure_csv_values_as_of(rows, day: datetime.date) -> list[dict]:
    """The rows as `MeasureRows.csv_values` gives them (names rather than keys)."""
    measures = _measures(rows, day)
    citations = parts_as_of(
        Citation, {m.pk: m.as_of_parts_at for m in measures}, related=["source"]
    )
    by_measure = {}
    for citation in sorted(citations, key=lambda c: (c.source.date or datetime.date.min, c.pk)):
        source = citation.source
        text = f"{source.title}, {source.reference}, {citation.locator}"
        by_measure.setdefault(citation.measure_id, []).append(text)
    return [
        {
            **_common(m),
            "description": m.description,
            "route_stage_keys": [s.name for s in m.route_stages.all()],
            "level_keys": [level.name for level in m.levels.all()],
            "organisation_keys": [o.name for o in m.organisations.all()],
            "citation_texts": by_measure.get(m.pk, []),
        }
        for m in measures
    ]


# Shapes (documentation of the JSON, as in serializers.py) -----------------------------------


class AsOfItemSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The day asked for (as_of).")
    text_recorded_at = serializers.DateTimeField(
        help_text="Record clock: when this knowledge base recorded the text shown."
    )
    earliest_text = serializers.BooleanField(
        help_text="True when the record does not reach back to that day: the text shown is the "
        "earliest the knowledge base published, not the text of that day."
    )


class MeasureAsOfListItemSerializer(MeasureListItemSerializer):
    as_of = AsOfItemSerializer(required=False, help_text="Only in answers with as_of.")


class MeasureAsOfDetailSerializer(MeasureDetailSerializer):
    as_of = AsOfItemSerializer(required=False, help_text="Only in answers with as_of.")


# The list page's `as_of` object, in the paginated list's schema (MeasurePagination).
AS_OF_PAGE_SCHEMA = {
    "type": "object",
    "description": "Only in answers with as_of: the day, the agenda's first announcement among "
    "today's public measures, and a notice when the agenda did not exist yet on that day.",
    "properties": {
        "date": {"type": "string", "format": "date"},
        "agenda_first_day": {"type": "string", "format": "date", "nullable": True},
        "notice": {"type": "string", "nullable": True},
    },
    "required": ["date", "agenda_first_day", "notice"],
}


class MeasurePagination(StrictPageNumberPagination):
    """The API's pages; the measures list adds `as_of` when a day was asked for."""

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["as_of"] = AS_OF_PAGE_SCHEMA
        return paginated
