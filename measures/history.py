"""Measures as they were published on a past date, rebuilt from the history tables.

`?as_of=YYYY-MM-DD` means "at the end of that day, Dutch time". The same visibility rule as
`Measure.objects.published()` is applied to the historical rows: published, past the embargo.
The rebuilt measures are ordinary (unsaved) Measure instances whose relations are filled from
history too, so templates and serializers can read them as they read today's measures:
`measure.responsibilities.all`, `measure.lead_ministry`, `measure.other_pillars.all`, and so on.
"""

import datetime

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from measures.codes import code_sort_key
from measures.models import (
    Citation,
    Measure,
    MeasureLink,
    Ministry,
    Organisation,
    Responsibility,
    Source,
    StatusChange,
    role_order_key,
)
from measures.visibility import public_moment, public_q
from pillars.models import GovernanceLevel, Pillar, RouteStage


class AsOfError(ValueError):
    """A date that cannot be answered; the message says why, for a person to act on."""


def _first_day() -> datetime.date | None:
    first = Measure.history.order_by("history_date").values_list("history_date", flat=True).first()
    return timezone.localdate(first) if first else None


def parse_as_of(value: str) -> datetime.date:
    """The date of `?as_of=`; AsOfError for a malformed date, the future or before all history."""
    try:
        day = parse_date(value or "")
    except ValueError:
        day = None
    if day is None:
        raise AsOfError(_("'%(value)s' is geen datum; gebruik JJJJ-MM-DD.") % {"value": value})
    today = timezone.localdate()
    if day > today:
        raise AsOfError(
            _("%(day)s ligt in de toekomst; kies een datum tot en met %(today)s.")
            % {"day": day.isoformat(), "today": today.isoformat()}
        )
    first = _first_day()
    if first is None or day < first:
        raise AsOfError(
            _("Van vóór %(first)s is geen geschiedenis bewaard; kies een latere datum.")
            % {"first": (first or today).isoformat()}
        )
    return day


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The moment `as_of=day` answers for: the end of that day, but never later than now, so
    that nothing is shown earlier than it is public today (an embargo ending later today)."""
    start_next = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return public_moment(timezone.make_aware(start_next) - datetime.timedelta(microseconds=1))


def _code_key(measure):
    return code_sort_key(measure.code)


def _cache(instance, name, model, items):
    """Fill a related manager's prefetch cache, as prefetch_related would."""
    queryset = model.objects.none()
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


M2M = {
    "other_pillars": (Pillar, "pillar_id"),
    "route_stages": (RouteStage, "routestage_id"),
    "levels": (GovernanceLevel, "governancelevel_id"),
    "organisations": (Organisation, "organisation_id"),
}


def attach_many_to_many(measures, names):
    history_ids = {measure._history.history_id: measure for measure in measures}
    for name in names:
        model, column = M2M[name]
        through = apps.get_model("measures", f"HistoricalMeasure_{name}")
        rows = list(
            through.objects.filter(history_id__in=history_ids).values_list("history_id", column)
        )
        objects = model.objects.in_bulk({object_id for _history, object_id in rows})
        by_measure = {}
        for history_id, object_id in rows:
            if object_id in objects:
                by_measure.setdefault(history_id, []).append(objects[object_id])
        for history_id, measure in history_ids.items():
            _cache(measure, name, model, sorted(by_measure.get(history_id, []), key=_sort_key))


def _sort_key(obj):
    return getattr(obj, "number", None) or getattr(obj, "position", None) or str(obj)


def attach_responsibilities(measures, moment, lead_only):
    by_pk = {measure.pk: measure for measure in measures}
    rows = Responsibility.history.as_of(moment).filter(measure_id__in=by_pk)
    if lead_only:
        rows = rows.filter(role=Responsibility.Role.LEAD)
    rows = list(rows)
    ministries = Ministry.objects.in_bulk({row.ministry_id for row in rows})
    grouped = {}
    for row in rows:
        row.ministry = ministries[row.ministry_id]
        grouped.setdefault(row.measure_id, []).append(row)
    for pk, measure in by_pk.items():
        mine = sorted(grouped.get(pk, []), key=role_order_key)
        measure.lead_responsibilities = [r for r in mine if r.role == Responsibility.Role.LEAD]
        if not lead_only:
            _cache(measure, "responsibilities", Responsibility, mine)


def visible_measures(moment):
    return Measure.history.as_of(moment).filter(public_q(moment))


def _with_pillars(measures):
    pillars = Pillar.objects.in_bulk({measure.pillar_id for measure in measures})
    for measure in measures:
        measure.pillar = pillars[measure.pillar_id]
    return measures


def measure_list_as_of(day: datetime.date) -> list[Measure]:
    """The public list of measures as it stood at the end of `day`, in code order."""
    moment = end_of_day(day)
    measures = sorted(visible_measures(moment), key=_code_key)
    for measure in measures:
        measure.as_of = day
    _with_pillars(measures)
    attach_many_to_many(measures, ["other_pillars", "route_stages"])
    attach_responsibilities(measures, moment, lead_only=True)
    return measures


def measure_detail_as_of(day: datetime.date, **lookup) -> Measure:
    """One measure (by slug or code as it was then) at the end of `day`; DoesNotExist if not public."""
    moment = end_of_day(day)
    measure = visible_measures(moment).filter(**lookup).first()
    if measure is None:
        raise Measure.DoesNotExist(_("Deze maatregel was op %(day)s niet openbaar.") % {"day": day})
    measure.as_of = day
    _with_pillars([measure])
    attach_many_to_many([measure], list(M2M))
    attach_responsibilities([measure], moment, lead_only=False)

    citations = list(Citation.history.as_of(moment).filter(measure_id=measure.pk))
    sources = Source.objects.in_bulk({c.source_id for c in citations})
    for citation in citations:
        citation.source = sources[citation.source_id]
    _cache(measure, "citations", Citation, citations)

    steps = StatusChange.history.as_of(moment).filter(measure_id=measure.pk)
    _cache(measure, "status_changes", StatusChange, sorted(steps, key=lambda s: (s.date, s.pk)))

    links = list(
        MeasureLink.history.as_of(moment).filter(
            Q(from_measure_id=measure.pk) | Q(to_measure_id=measure.pk)
        )
    )
    # A link shows only when the measure at its other end was public then too.
    others = {
        m.pk: m
        for m in visible_measures(moment).filter(
            pk__in={link.from_measure_id for link in links} | {link.to_measure_id for link in links}
        )
    }
    # What the linked measures' list items show: their pillar and lead ministry of that day.
    _with_pillars(list(others.values()))
    attach_responsibilities(list(others.values()), moment, lead_only=True)
    others[measure.pk] = measure
    outgoing, incoming = [], []
    for link in links:
        if link.from_measure_id in others and link.to_measure_id in others:
            link.from_measure, link.to_measure = (
                others[link.from_measure_id],
                others[link.to_measure_id],
            )
            (outgoing if link.from_measure_id == measure.pk else incoming).append(link)
    _cache(measure, "outgoing_links", MeasureLink, outgoing)
    _cache(measure, "incoming_links", MeasureLink, incoming)
    return measure
