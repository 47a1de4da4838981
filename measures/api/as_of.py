"""`?as_of=YYYY-MM-DD` for the API: the past published state, or a 400 that names the parameter."""

import datetime

from django.db.models import Max

from api.errors import InvalidParameters
from api.renderers import iso_utc
from measures.codes import code_sort_key
from measures.history import (
    M2M,
    AsOfError,
    attach_many_to_many,
    attach_responsibilities,
    end_of_day,
    parse_as_of,
    visible_measures,
)
from measures.models import StatusChange


def as_of_param(request):
    """The as_of day of this request, None without one; InvalidParameters (400) when unusable."""
    value = request.query_params.get("as_of")
    if value is None:
        return None
    try:
        return parse_as_of(value)
    except AsOfError as exc:
        raise InvalidParameters({"as_of": [str(exc)]}) from None


def measure_values_as_of(day: datetime.date) -> list[dict]:
    """The API list's row values (as MeasureRows.json_values gives them) as of `day`."""
    moment = end_of_day(day)
    measures = sorted(visible_measures(moment), key=lambda m: code_sort_key(m.code))
    attach_many_to_many(measures, list(M2M))
    attach_responsibilities(measures, moment, lead_only=False)
    since = dict(
        StatusChange.objects.filter(measure_id__in=[m.pk for m in measures], date__lte=day)
        .values("measure_id")
        .annotate(latest=Max("date"))
        .values_list("measure_id", "latest")
    )
    return [
        {
            "code": m.code,
            "slug": m.slug,
            "title": m.title,
            "title_en": m.title_en,
            "summary": m.summary,
            "summary_en": m.summary_en,
            "status": m.status,
            "announced_on": m.announced_on,
            "status_since": since.get(m.pk),
            "pillar_id": m.pillar_id,
            "responsibility_ministry_ids": [r.ministry_id for r in m.responsibilities.all()],
            "responsibility_roles": [r.role for r in m.responsibilities.all()],
            "other_pillar_ids": [p.pk for p in m.other_pillars.all()],
            "route_stage_keys": [s.slug for s in m.route_stages.all()],
            "level_keys": [level.slug for level in m.levels.all()],
            "organisation_keys": [o.slug for o in m.organisations.all()],
            "updated_at_text": iso_utc(m.updated_at),
        }
        for m in measures
    ]
