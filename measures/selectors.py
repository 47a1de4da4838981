"""Use-case reads for measures and ministries. Views, API and admin call these."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    Q,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from measures.models import (
    Measure,
    MeasureLink,
    Ministry,
    Responsibility,
    Source,
    StatusChange,
)
from measures.visibility import is_public
from pillars.models import GovernanceLevel, Pillar, RouteStage


def measure_list_public():
    return Measure.objects.published().for_list()


def measure_detail_public():
    return Measure.objects.published().for_detail()


def measure_list_filtered(filterset):
    """The rows of the measure list for a MeasureFilterSet built on measure_list_public().

    Best match first when `q` is given (else the list order), with a `snippet` per row: the
    summary with the matched words marked, to render with `{{ measure.snippet|highlight_snippet }}`
    ({% load measure_search %}). Check `filterset.is_valid()` first and show its errors instead
    when it is not.
    """
    return filterset.qs.with_snippet(filterset.search_text)


def ministry_list_with_counts():
    # Both counts over the one responsibilities join, so that "lead" and "public" hold for
    # the same responsibility row.
    public = Q(responsibilities__measure__in=Measure.objects.published())
    lead = public & Q(responsibilities__role=Responsibility.Role.LEAD)
    return Ministry.objects.prefetch_related("officials").annotate(
        measure_count=Count("responsibilities__measure", filter=public, distinct=True),
        lead_count=Count("responsibilities__measure", filter=lead, distinct=True),
    )


# --- Facet counts for the list of measures -------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def is_active(self) -> bool:
        return any(option.selected for option in self.options)


def _filtered_except(filterset, base, excluded: str):
    """The FilterSet's filters applied to `base`, leaving out one: the usual facet semantics.

    A facet's counts answer "how many would I get if I also picked this value", so the facet's
    own current selection must not narrow its counts (otherwise every other option shows 0).
    """
    queryset = base
    for name, value in filterset.form.cleaned_data.items():
        if name == excluded:
            continue
        queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def _counts(rows, key: str) -> dict[str, int]:
    return {str(row[key]): row["n"] for row in rows}


def _selected(filterset, name: str) -> set[str]:
    """The submitted values of a filter, normalised the way its options are keyed."""
    widget = filterset.form.fields[name].widget
    values = widget.value_from_datadict(filterset.data, {}, name)
    return {str(value).lower() for value in values}


def measure_facets(filterset) -> list[Facet]:
    """Every filter of the list with each option's count under the other current filters.

    A fixed number of queries whatever the number of measures: one per facet, one per
    reference table. Call only on a valid FilterSet.
    """
    base = Measure.objects.published()
    pillars = list(Pillar.objects.all())
    ministries = list(Ministry.objects.all())
    stages = list(RouteStage.objects.all())
    levels = list(GovernanceLevel.objects.all())

    def scoped(name):
        return _filtered_except(filterset, base, name).order_by().values("pk")

    pillar_counts = _counts(
        Measure.objects.filter(pk__in=scoped("pillar"))
        .order_by()
        .values("pillar__number")
        .annotate(n=Count("pk")),
        "pillar__number",
    )
    # A measure serves its primary pillar and its other pillars; count each measure once.
    serving = scoped("serves_pillar")
    pairs = set(Measure.objects.filter(pk__in=serving).values_list("pk", "pillar__number"))
    pairs |= set(
        Measure.other_pillars.through.objects.filter(measure__in=serving).values_list(
            "measure_id", "pillar__number"
        )
    )
    serves_counts = {str(number): n for number, n in Counter(n for _, n in pairs).items()}
    lead_counts = _counts(
        Responsibility.objects.filter(
            role=Responsibility.Role.LEAD, measure__in=scoped("lead_ministry")
        )
        .order_by()
        .values("ministry__abbreviation")
        .annotate(n=Count("measure", distinct=True)),
        "ministry__abbreviation",
    )
    ministry_counts = _counts(
        Responsibility.objects.filter(measure__in=scoped("ministry"))
        .order_by()
        .values("ministry__abbreviation")
        .annotate(n=Count("measure", distinct=True)),
        "ministry__abbreviation",
    )
    status_counts = _counts(
        Measure.objects.filter(pk__in=scoped("status"))
        .order_by()
        .values("status")
        .annotate(n=Count("pk")),
        "status",
    )
    stage_counts = _counts(
        Measure.route_stages.through.objects.filter(measure__in=scoped("route_stage"))
        .order_by()
        .values("routestage__slug")
        .annotate(n=Count("measure", distinct=True)),
        "routestage__slug",
    )
    level_counts = _counts(
        Measure.levels.through.objects.filter(measure__in=scoped("level"))
        .order_by()
        .values("governancelevel__slug")
        .annotate(n=Count("measure", distinct=True)),
        "governancelevel__slug",
    )

    counts = {
        "pillar": pillar_counts,
        "lead_ministry": lead_counts,
        "route_stage": stage_counts,
        "status": status_counts,
        "ministry": ministry_counts,
        "serves_pillar": serves_counts,
        "level": level_counts,
    }
    return facets_from_counts(filterset, counts, pillars, ministries, stages, levels)


def facets_from_counts(filterset, counts, pillars, ministries, stages, levels) -> list[Facet]:
    """The facets of the list in their order, from counts per facet name and option value.

    Shared by today's list (measure_facets) and a past day's (measures.history).
    """

    def facet(name, items):
        fields = filterset.form.fields
        chosen = _selected(filterset, name)
        return Facet(
            name=name,
            label=str(fields[name].label),
            options=[
                FacetOption(
                    value=value,
                    label=label,
                    count=counts[name].get(value, 0),
                    selected=value.lower() in chosen,
                )
                for value, label in items
            ],
        )

    pillar_items = [(str(p.number), f"{p.number}. {p.display_title}") for p in pillars]
    ministry_items = [(m.abbreviation, f"{m.abbreviation} – {m.display_name}") for m in ministries]
    return [
        facet("pillar", pillar_items),
        facet("lead_ministry", ministry_items),
        facet("route_stage", [(s.slug, s.display_name) for s in stages]),
        facet("status", [(value, label) for value, label in Measure.Status.choices]),
        facet("ministry", ministry_items),
        facet("serves_pillar", pillar_items),
        facet("level", [(level.slug, level.display_name) for level in levels]),
    ]


# --- Status breakdowns (home, pillar and ministry pages) -------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    count: int
    offset: float = 0.0
    width: float = 0.0


def status_breakdown(counts: Counter | dict) -> list[StatusCount]:
    """Counts per status in the agenda's order, with each one's share of a 100-wide bar."""
    total = sum(counts.values())
    rows, offset = [], 0.0
    for value, label in Measure.Status.choices:
        count = counts.get(value, 0)
        width = 100.0 * count / total if total else 0.0
        rows.append(StatusCount(value, str(label), count, round(offset, 3), round(width, 3)))
        offset += width
    return rows


def policy_steps_public(measures=None):
    """The policy timeline: the dated status steps of public measures, up to today.

    Each step is a policy event on its own date, with its public reason and source; a measure's
    announcement is its step with status `announced`. A step dated later is not history yet.
    `measures` narrows it (e.g. to a pillar's measures); the record clock plays no part.
    """
    public = Measure.objects.published() if measures is None else measures
    return StatusChange.objects.filter(
        measure__in=public.order_by().values("pk"), date__lte=timezone.localdate()
    )


def policy_timeline(*, measures=None, limit: int = 20):
    """The latest policy events (policy_steps_public), newest first, with measure and source."""
    return (
        policy_steps_public(measures)
        .select_related("measure__pillar", "source")
        .order_by("-date", "-id")[:limit]
    )


# --- One measure's page ----------------------------------------------------------------------


@dataclass
class LinkGroup:
    label: str
    items: list = field(default_factory=list)  # (measure, link) pairs: the note is the link's


def measure_link_groups(measure: Measure) -> list[LinkGroup]:
    """Linked public measures in both directions, grouped by how they relate to this one.

    Uses the links prefetched by for_detail(); a link to a draft or embargoed measure is left
    out so that the page never reveals it.
    """
    kinds = MeasureLink.Kind
    groups = {
        ("out", kinds.SUPPORTS): LinkGroup(_("Ondersteunt")),
        ("in", kinds.SUPPORTS): LinkGroup(_("Wordt ondersteund door")),
        ("out", kinds.DEPENDS_ON): LinkGroup(_("Hangt af van")),
        ("in", kinds.DEPENDS_ON): LinkGroup(_("Is een voorwaarde voor")),
        # "Related" has no direction: both ways land in one group.
        ("out", kinds.RELATED): LinkGroup(_("Hangt samen met")),
    }
    now = timezone.now()
    seen = set()
    for link in measure.outgoing_links.all():
        other = link.to_measure
        if is_public(other, now):
            groups[("out", link.kind)].items.append((other, link))
            seen.add((link.kind, other.pk))
    for link in measure.incoming_links.all():
        other = link.from_measure
        direction = "out" if link.kind == kinds.RELATED else "in"
        if is_public(other, now) and (direction == "in" or (link.kind, other.pk) not in seen):
            groups[(direction, link.kind)].items.append((other, link))
    for group in groups.values():
        group.items.sort(key=lambda item: (item[0].code_order or 0, item[0].code))
    return [group for group in groups.values() if group.items]


def measure_responsibilities_by_role(measure: Measure) -> list[tuple[str, list]]:
    """[(role label, [ministry, ...]), ...] in the order lead, co-responsible, consulted."""
    by_role = {value: [] for value in Responsibility.Role.values}
    for responsibility in measure.responsibilities.all():
        by_role[responsibility.role].append(responsibility.ministry)
    return [
        (str(label), by_role[value])
        for value, label in Responsibility.Role.choices
        if by_role[value]
    ]


# --- Ministries ------------------------------------------------------------------------------


@dataclass
class PillarGroup:
    pillar: Pillar
    measures: list = field(default_factory=list)


@dataclass
class RoleGroup:
    role: str
    label: str
    pillar_groups: list[PillarGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.measures) for group in self.pillar_groups)


def ministry_detail_public():
    return Ministry.objects.prefetch_related("officials")


def ministry_measures_by_role(ministry: Ministry) -> tuple[list[RoleGroup], list[StatusCount]]:
    """The ministry's public measures grouped by its role and then by pillar, and its progress.

    Two queries whatever the number of measures.
    """
    responsibilities = (
        Responsibility.objects.filter(ministry=ministry, measure__in=Measure.objects.published())
        .select_related("measure__pillar")
        .prefetch_related("measure__route_stages")
        .order_by("measure__pillar__number", "measure__code_order")
    )
    groups = {value: RoleGroup(value, str(label)) for value, label in Responsibility.Role.choices}
    statuses = Counter()
    for responsibility in responsibilities:
        measure = responsibility.measure
        role_group = groups[responsibility.role]
        if not role_group.pillar_groups or role_group.pillar_groups[-1].pillar != measure.pillar:
            role_group.pillar_groups.append(PillarGroup(measure.pillar))
        role_group.pillar_groups[-1].measures.append(measure)
        statuses[measure.status] += 1
    return [group for group in groups.values() if group.pillar_groups], status_breakdown(statuses)


def ministry_status_breakdowns() -> dict[int, list[StatusCount]]:
    """Per ministry, its public measures (any role) by status. One query."""
    counts = {}
    rows = (
        Responsibility.objects.filter(measure__in=Measure.objects.published())
        .order_by()
        .values("ministry_id", "measure__status")
        .annotate(n=Count("measure", distinct=True))
    )
    for row in rows:
        counts.setdefault(row["ministry_id"], Counter())[row["measure__status"]] = row["n"]
    return {ministry_id: status_breakdown(counter) for ministry_id, counter in counts.items()}


@dataclass(frozen=True)
class ContentVersion:
    """A fingerprint of the public content; changes whenever any of it does."""

    key: str
    last_modified: datetime.datetime | None


# One indexed read: the counter every content write bumps in its own transaction (core's
# ContentVersion, kept by statement triggers), and the latest embargo that has ended, since an
# embargo's end changes what is public without any write (index measure_embargo_until).
CONTENT_VERSION_SQL = """
SELECT v.version, v.changed_at,
       (SELECT max(embargo_until) FROM measures_measure
         WHERE embargo_until <= now() AND is_published)
  FROM core_contentversion v WHERE v.id = 1
"""


def content_version() -> ContentVersion:
    """The content version behind ETags, Last-Modified and cache keys: one query, O(1)."""
    with connection.cursor() as cursor:
        cursor.execute(CONTENT_VERSION_SQL)
        row = cursor.fetchone()
    if row is None:  # a database without the core migration's row: nothing to version yet
        return ContentVersion(key="0", last_modified=None)
    version, changed_at, embargo_ended = row
    last_modified = max(moment for moment in (changed_at, embargo_ended) if moment is not None)
    return ContentVersion(
        key=f"{version}:{embargo_ended.isoformat() if embargo_ended else '-'}",
        last_modified=last_modified,
    )


def source_list_with_counts():
    public = Q(measures__in=Measure.objects.published())
    return Source.objects.annotate(
        measure_count=Count("measures", filter=public, distinct=True)
    ).order_by("-date", "title", "id")
