"""The agenda as it stood on a day: what `?as_of=YYYY-MM-DD` answers, on pages and in the API.

Two clocks meet here (see DESIGN.md, "Time"):

- **Which measures, and their status: the policy clock.** The agenda of a day holds the measures
  announced by that day (`announced_on`), each with the status of its latest dated status step
  up to that day (a measure with steps, none of them yet: `announced`). A measure without an
  announcement date counts from the day this knowledge base first published it.
- **Their text and parts: the record.** Title, summary, description, pillars, route stages,
  levels, organisations, ministries, citations and links are those this knowledge base had
  published by the end of that day (Dutch time). Where its record does not reach back that far
  (the knowledge base was set up later), the earliest text it published is shown instead, and
  `as_of_earliest_text` says so, so that pages and the API can say it too.

Whatever the day, only measures that are public *today* take part (`measures.visibility`, the
one rule): nothing under embargo now, nothing unpublished or deleted since, is ever shown; and
a text is only shown if it was public itself. A day before any announcement is an empty agenda,
not an error; a day after today is an error (`AsOfError`).

`measures_as_of(queryset, day)` narrows a queryset of measures to that day's agenda and
annotates the state of the day (`as_of_*`), so that the one FilterSet (measures/filters.py)
filters and sorts on it in the database, for pages and API alike. `measures_then(rows)` turns
the rows of a page into Measure instances built from the history, for templates and
serializers; `measure_detail_as_of` does so for one measure with all its parts. A fixed number of
queries, whatever the number of measures.
"""

import datetime
from collections import Counter

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from measures.codes import is_measure_code
from measures.models import (
    Citation,
    Measure,
    MeasureLink,
    Ministry,
    Organisation,
    Responsibility,
    StatusChange,
    role_order_key,
)
from measures.selectors.measures import FACET_NAMES, _filtered_except, facets_from_counts
from measures.visibility import public_moment, public_q
from pillars.models import GovernanceLevel, Pillar, RouteStage

HistoricalMeasure = Measure.history.model


class AsOfError(ValueError):
    """A date that cannot be answered; the message says why, for a person to act on."""


def parse_as_of(value: str) -> datetime.date:
    """The date of `?as_of=`; AsOfError for a malformed date or a day after today."""
    try:
        day = parse_date((value or "").strip())
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
    return day


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The moment `as_of=day` answers for: the end of that day, but never later than now, so
    that nothing is shown earlier than it is public today (an embargo ending later today)."""
    start_next = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return public_moment(timezone.make_aware(start_next) - datetime.timedelta(microseconds=1))


def agenda_first_day() -> datetime.date | None:
    """The day of the first announcement among today's public measures (the agenda's start)."""
    return Measure.objects.published().aggregate(first=Min("announced_on"))["first"]


# --- The day's state as annotations ----------------------------------------------------------


def _version(column: str):
    """A column of the version of the measure's text that the day shows."""
    return Subquery(
        HistoricalMeasure.objects.filter(history_id=OuterRef("as_of_history_id")).values(column)[:1]
    )


def measures_as_of(queryset, day: datetime.date):
    """`queryset`'s measures that belong to the agenda of `day`, annotated with that day's state:

    `as_of_history_id` (the version of the text shown), `as_of_then` (that version when the
    record reaches back to the day, else None: the earliest text is shown), `as_of_parts_at`
    (the moment whose parts are shown), `as_of_status` and `as_of_status_since` (policy clock),
    `as_of_pillar_id`, `as_of_title`, `as_of_updated_at` (of the version shown).
    """
    moment = end_of_day(day)
    versions = HistoricalMeasure.objects.filter(id=OuterRef("pk")).exclude(history_type="-")
    # The text published by the end of the day: the latest version public at that moment.
    then = (
        versions.filter(public_q(moment), history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    # Before the record: the first version that was (or, its embargo past, is) public.
    earliest = versions.filter(public_q()).order_by("history_date", "history_id")
    steps = StatusChange.objects.filter(measure_id=OuterRef("pk"))
    steps_by_then = steps.filter(date__lte=day).order_by("-date", "-id")
    return (
        queryset.published()
        .prefetch_related(None)
        .annotate(as_of_then=Subquery(then))
        .filter(Q(announced_on__lte=day) | Q(announced_on__isnull=True, as_of_then__isnull=False))
        .annotate(
            as_of_history_id=Coalesce(F("as_of_then"), Subquery(earliest.values("history_id")[:1])),
            as_of_parts_at=Case(
                When(as_of_then__isnull=False, then=Value(moment)),
                default=_version("history_date"),
                output_field=DateTimeField(),
            ),
            as_of_status=Coalesce(
                Subquery(steps_by_then.values("status")[:1]),
                # Steps, but none yet: announced. No steps at all: the status of the text shown.
                Case(When(Exists(steps), then=Value(Measure.Status.ANNOUNCED))),
                _version("status"),
            ),
            as_of_status_since=Subquery(steps_by_then.values("date")[:1]),
            as_of_pillar_id=_version("pillar_id"),
            as_of_title=_version("title"),
            as_of_updated_at=_version("updated_at"),
            as_of_earliest_text=ExpressionWrapper(
                Q(as_of_then__isnull=True), output_field=BooleanField()
            ),
        )
    )


def with_search_document_as_of(queryset):
    """Annotates `as_of_search_vector`: the search document of the text shown that day (the
    same function the stored `search_vector` comes from, see migration 0003), for `q`."""
    return queryset.annotate(
        as_of_search_vector=Func(
            F("pk"),
            F("as_of_title"),
            _version("summary"),
            _version("description"),
            F("as_of_pillar_id"),
            function="measures_measure_search_document",
            output_field=SearchVectorField(),
        )
    )


def responsibilities_as_of():
    """Rows of the ministries' roles as they stood at each measure's `as_of_parts_at`, as a
    queryset to filter with `measure_id=OuterRef("pk")` inside a `measures_as_of` queryset."""
    rows = Responsibility.history.model.objects
    later = rows.filter(
        id=OuterRef("id"),
        history_date__gt=OuterRef("history_date"),
        history_date__lte=OuterRef(OuterRef("as_of_parts_at")),
    )
    return rows.filter(history_date__lte=OuterRef("as_of_parts_at")).exclude(
        Q(history_type="-") | Exists(later)
    )


# Each many-to-many field: the model it points to and the historical through rows' field for it.
M2M = {
    "other_pillars": (Pillar, "pillar"),
    "route_stages": (RouteStage, "routestage"),
    "levels": (GovernanceLevel, "governancelevel"),
    "organisations": (Organisation, "organisation"),
}


def many_to_many_as_of(name: str):
    """The historical through rows of a many-to-many field, to filter with
    `history_id=OuterRef("as_of_history_id")` inside a `measures_as_of` queryset."""
    return apps.get_model("measures", f"HistoricalMeasure_{name}").objects


# --- Measures built from the history -----------------------------------------------------------


def _cache(instance, name, model, items):
    """Fill a related manager's prefetch cache, as prefetch_related would."""
    queryset = model.objects.none()
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def _sort_key(obj):
    """The order lists show: pillars by number, stages and levels by position, others by name."""
    for attribute in ("number", "position", "name"):
        if hasattr(obj, attribute):
            return getattr(obj, attribute)
    return str(obj)


def attach_many_to_many(measures, names):
    """Each measure's many-to-many values as its version of the text had them (one query each)."""
    history_ids = {measure._history.history_id: measure for measure in measures}
    for name in names:
        model, field = M2M[name]
        by_measure = {}
        for row in (
            many_to_many_as_of(name).filter(history_id__in=history_ids).select_related(field)
        ):
            target = getattr(row, field)
            if target is not None:  # a deleted pillar, stage, level or organisation drops out
                by_measure.setdefault(row.history_id, []).append(target)
        for history_id, measure in history_ids.items():
            _cache(measure, name, model, sorted(by_measure.get(history_id, []), key=_sort_key))


def parts_as_of(model, moments: dict, measure_field: str = "measure_id", related=()) -> list:
    """Instances of a part (Responsibility, Citation, MeasureLink) as they stood at each
    measure's own moment (`moments`: measure pk → moment). One query; `related` names foreign
    keys to fetch with it (a deleted target leaves the part out)."""
    if not moments:
        return []
    rows = (
        model.history.model.objects.filter(
            **{f"{measure_field}__in": moments}, history_date__lte=max(moments.values())
        )
        .select_related(*related)
        .order_by("history_date", "history_id")
    )
    state = {}
    for row in rows:
        if row.history_date > moments[getattr(row, measure_field)]:
            continue
        if row.history_type == "-":
            state.pop(row.id, None)
        else:
            state[row.id] = row
    parts = []
    for row in state.values():
        part = row.instance
        for name in related:
            if getattr(row, name) is None:
                break
            setattr(part, name, getattr(row, name))
        else:
            parts.append(part)
    return parts


def attach_responsibilities(measures, *, lead_only: bool):
    moments = {measure.pk: measure.as_of_parts_at for measure in measures}
    grouped = {}
    for row in parts_as_of(Responsibility, moments, related=["ministry"]):
        grouped.setdefault(row.measure_id, []).append(row)
    for measure in measures:
        mine = sorted(grouped.get(measure.pk, []), key=role_order_key)
        measure.lead_responsibilities = [r for r in mine if r.role == Responsibility.Role.LEAD]
        if not lead_only:
            _cache(measure, "responsibilities", Responsibility, mine)


def measures_then(rows, *, relations=("other_pillars", "route_stages"), lead_only=True):
    """The measures of `rows` (from a `measures_as_of` queryset, in their order) as the day
    shows them: Measure instances with the text and parts of the version shown, the day's status,
    and today's slug and announcement date (a permalink and a policy date stay valid)."""
    rows = list(rows)
    versions = HistoricalMeasure.objects.in_bulk(
        [row.as_of_history_id for row in rows], field_name="history_id"
    )
    pillars = Pillar.objects.in_bulk({versions[row.as_of_history_id].pillar_id for row in rows})
    measures = []
    for row in rows:
        version = versions[row.as_of_history_id]
        measure = version.instance
        measure.pillar = pillars[version.pillar_id]
        measure.slug = row.slug
        measure.announced_on = row.announced_on
        measure.status = row.as_of_status
        measure.as_of_status_since = row.as_of_status_since
        measure.as_of_parts_at = row.as_of_parts_at
        measure.as_of_earliest_text = row.as_of_then is None
        measure.text_recorded_at = version.history_date
        measures.append(measure)
    attach_many_to_many(measures, relations)
    attach_responsibilities(measures, lead_only=lead_only)
    return measures


def _lookup(value: str) -> dict:
    """A code (4.3) by the code rule, anything else as a slug."""
    return {"code": value} if is_measure_code(value) else {"slug": value}


def measure_as_of_lookup(day: datetime.date, value: str):
    """The row of the measure with this code or slug (today's) in the agenda of `day`."""
    if "\x00" in value or len(value) > 100:
        return None
    return measures_as_of(Measure.objects.all(), day).filter(**_lookup(value)).first()


def measure_detail_as_of(day: datetime.date, value: str) -> Measure:
    """One measure (by today's code or slug) with all its parts as of `day`.

    Measure.DoesNotExist, with a message a person can act on, when it is not public today or
    was not yet announced on that day.
    """
    row = measure_as_of_lookup(day, value)
    if row is None:
        public = (
            Measure.objects.published().filter(**_lookup(value)).first()
            if "\x00" not in value and len(value) <= 100
            else None
        )
        if public is not None and public.announced_on:
            message = _(
                "Maatregel %(code)s was op %(day)s nog niet aangekondigd; dat gebeurde op "
                "%(announced)s."
            ) % {
                "code": public.code,
                "day": day.isoformat(),
                "announced": public.announced_on.isoformat(),
            }
        else:
            message = _("Geen openbare maatregel met deze code of slug op %(day)s.") % {
                "day": day.isoformat()
            }
        raise Measure.DoesNotExist(message)
    (measure,) = measures_then([row], relations=list(M2M), lead_only=False)
    moment = measure.as_of_parts_at

    citations = parts_as_of(Citation, {measure.pk: moment}, related=["source"])
    citations.sort(key=lambda c: (c.source.date or datetime.date.min, c.pk))
    _cache(measure, "citations", Citation, citations)

    # The policy timeline up to that day: today's dated steps, not yet the later ones.
    steps = StatusChange.objects.filter(measure_id=measure.pk, date__lte=day)
    _cache(
        measure,
        "status_changes",
        StatusChange,
        steps.select_related("source").order_by("date", "id"),
    )

    links = parts_as_of(MeasureLink, {measure.pk: moment}, "from_measure_id")
    links += parts_as_of(MeasureLink, {measure.pk: moment}, "to_measure_id")
    # A link shows only when the measure at its other end belongs to that day's agenda too.
    ends = {link.from_measure_id for link in links} | {link.to_measure_id for link in links}
    others = {
        other.pk: other
        for other in measures_then(
            measures_as_of(Measure.objects.filter(pk__in=ends - {measure.pk}), day)
        )
    }
    others[measure.pk] = measure
    outgoing, incoming = [], []
    for link in links:
        if link.from_measure_id in others and link.to_measure_id in others:
            link.from_measure = others[link.from_measure_id]
            link.to_measure = others[link.to_measure_id]
            (outgoing if link.from_measure_id == measure.pk else incoming).append(link)
    _cache(measure, "outgoing_links", MeasureLink, outgoing)
    _cache(measure, "incoming_links", MeasureLink, incoming)
    return measure


# --- Facet counts of a past day's list ---------------------------------------------------------


def measure_facets_as_of(filterset):
    """`measure_facets` for a FilterSet with `as_of`: every option's count under the other
    current filters, in that day's state (status, pillars, ministries, stages, levels).

    The day's state of every measure of that agenda is read once and counted here; one query
    per facet for its measures. A fixed number of queries, whatever the number of measures.
    """
    base = Measure.objects.published()
    scopes = {
        name: set(_filtered_except(filterset, base, name).order_by().values_list("pk", flat=True))
        for name in FACET_NAMES
    }
    rows = list(
        measures_as_of(base, filterset.as_of_day)
        .order_by()
        .values("pk", "as_of_history_id", "as_of_parts_at", "as_of_pillar_id", "as_of_status")
    )
    pillars = list(Pillar.objects.all())
    ministries = list(Ministry.objects.all())
    stages = list(RouteStage.objects.all())
    levels = list(GovernanceLevel.objects.all())
    number = {p.pk: str(p.number) for p in pillars}
    abbreviation = {m.pk: m.abbreviation for m in ministries}

    measure_of = {row["as_of_history_id"]: row["pk"] for row in rows}
    keys = {row["pk"]: {name: set() for name in FACET_NAMES} for row in rows}
    for row in rows:
        mine = keys[row["pk"]]
        mine["pillar"].add(number[row["as_of_pillar_id"]])
        mine["serves_pillar"].add(number[row["as_of_pillar_id"]])
        mine["status"].add(row["as_of_status"])
    for name, facet, column, labels in (
        ("other_pillars", "serves_pillar", "pillar_id", number),
        ("route_stages", "route_stage", "routestage_id", {s.pk: s.slug for s in stages}),
        ("levels", "level", "governancelevel_id", {lv.pk: lv.slug for lv in levels}),
    ):
        for history_id, object_id in (
            many_to_many_as_of(name)
            .filter(history_id__in=measure_of)
            .values_list("history_id", column)
        ):
            if object_id in labels:
                keys[measure_of[history_id]][facet].add(labels[object_id])
    moments = {row["pk"]: row["as_of_parts_at"] for row in rows}
    for responsibility in parts_as_of(Responsibility, moments):
        mine = keys[responsibility.measure_id]
        mine["ministry"].add(abbreviation[responsibility.ministry_id])
        if responsibility.role == Responsibility.Role.LEAD:
            mine["lead_ministry"].add(abbreviation[responsibility.ministry_id])

    counts = {name: Counter() for name in FACET_NAMES}
    for name in FACET_NAMES:
        for pk in scopes[name]:
            counts[name].update(keys[pk][name])
    return facets_from_counts(filterset, counts, pillars, ministries, stages, levels)
