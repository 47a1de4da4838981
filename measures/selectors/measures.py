"""Use-case reads for measures: the public list and detail, the list's facets, status
breakdowns, the policy timeline and what a measure's own page groups."""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import CharField, Count, F, Value, Window
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from measures.models import (
    Measure,
    MeasureLink,
    Ministry,
    Responsibility,
    StatusChange,
)
from measures.selectors.versioning import kept_per_version
from measures.visibility import is_public, public_q
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


def _filtered_except(filterset, base, excluded: str | None):
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


# The facets of the list, in the order they show.
FACET_NAMES = (
    "pillar",
    "lead_ministry",
    "route_stage",
    "status",
    "ministry",
    "serves_pillar",
    "level",
)
TOTAL = "total"  # the part of measure_facet_counts() that counts the whole selection


def _grouped(queryset, facet: str, key: str):
    """(facet, key as text, rows) per value of `key`: one part of the facets' statement."""
    return (
        queryset.order_by()
        .annotate(facet=Value(facet), key=Cast(key, CharField()))
        .values("facet", "key")
        .annotate(n=Count("*"))
        .values_list("facet", "key", "n")
    )


def measure_facet_counts(filterset) -> dict[str, Counter]:
    """Counts per facet and option value, and the selection's size under `TOTAL`, for a valid
    FilterSet of today's list. One statement: a UNION ALL of a GROUP BY per facet, each over
    the measures the other filters leave (the usual facet semantics: a facet's own selection
    does not narrow its counts, or every other option would show 0).

    The counts need no DISTINCT: a measure has one lead, and a ministry, stage or level at most
    once (unique constraints); "serves" counts the primary pillar and the other pillars apart
    from a repeat of the primary one.
    """
    base = Measure.objects.published()
    every = _filtered_except(filterset, base, None)
    active = filterset.filters_in_use

    def scope(name):
        # A facet whose filter is not in use counts the selection itself.
        return _filtered_except(filterset, base, name) if name in active else every

    def measures_of(name):
        return scope(name).order_by().values("pk")

    through = Measure.other_pillars.through.objects
    lead = Responsibility.Role.LEAD
    parts = [
        _grouped(every, TOTAL, Value("")),
        _grouped(scope("pillar"), "pillar", "pillar__number"),
        _grouped(scope("status"), "status", "status"),
        _grouped(scope("serves_pillar"), "serves_pillar", "pillar__number"),
        _grouped(
            through.filter(measure__in=measures_of("serves_pillar")).exclude(
                pillar=F("measure__pillar")
            ),
            "serves_pillar",
            "pillar__number",
        ),
        _grouped(
            Responsibility.objects.filter(role=lead, measure__in=measures_of("lead_ministry")),
            "lead_ministry",
            "ministry__abbreviation",
        ),
        _grouped(
            Responsibility.objects.filter(measure__in=measures_of("ministry")),
            "ministry",
            "ministry__abbreviation",
        ),
        _grouped(
            Measure.route_stages.through.objects.filter(measure__in=measures_of("route_stage")),
            "route_stage",
            "routestage__slug",
        ),
        _grouped(
            Measure.levels.through.objects.filter(measure__in=measures_of("level")),
            "level",
            "governancelevel__slug",
        ),
    ]
    counts = {name: Counter() for name in (TOTAL, *FACET_NAMES)}
    for facet, key, n in parts[0].union(*parts[1:], all=True):
        counts[facet][key] += n
    return counts


# Parameters of the list that page or sort it without changing which measures it selects.
NOT_SELECTING = frozenset({"page", "ordering"})


def measure_facet_counts_per_version(filterset) -> dict[str, Counter]:
    """measure_facet_counts(), computed once per content version and selection.

    Its statement scans the selection, so its cost grows with the agenda; kept by the content
    version, a repeat of the same selection costs one cache read until the content changes.
    """
    selection = urlencode(
        sorted(
            (name, value)
            for name, values in filterset.data.lists()
            if name in filterset.filters and name not in NOT_SELECTING
            for value in values
        )
    )
    return kept_per_version("list-facets", [selection], lambda: measure_facet_counts(filterset))


def measure_facets(filterset, counts: dict | None = None) -> list[Facet]:
    """Every filter of the list with each option's count under the other current filters.

    Two queries whatever the number of measures: the counts (measure_facet_counts, unless
    given) and the reference tables' options. Call only on a valid FilterSet.
    """
    if counts is None:
        counts = measure_facet_counts(filterset)
    return facets_from_counts(filterset, counts, *_facet_options())


def _facet_options():
    """The pillars, ministries, route stages and levels the facets offer, in their orders, as
    the few fields an option shows. One query for the four tables."""

    def rows(model, kind, rank, key, name):
        return (
            model.objects.order_by()
            .annotate(
                kind=Value(kind),
                rank=rank,
                key=Cast(key, CharField()),
                label=F(name),
                label_en=F(f"{name}_en"),
            )
            .values_list("kind", "rank", "key", "label", "label_en")
        )

    by_name = Window(RowNumber(), order_by=[F("name").asc(), F("pk").asc()])
    parts = [
        rows(Pillar, "pillar", F("number"), "number", "title"),
        rows(Ministry, "ministry", by_name, "abbreviation", "name"),
        rows(RouteStage, "stage", F("position"), "slug", "name"),
        rows(GovernanceLevel, "level", F("position"), "slug", "name"),
    ]
    found = {"pillar": [], "ministry": [], "stage": [], "level": []}
    for kind, _rank, key, label, label_en in sorted(
        parts[0].union(*parts[1:], all=True), key=lambda row: (row[0], row[1])
    ):
        if kind == "pillar":
            found[kind].append(Pillar(number=int(key), title=label, title_en=label_en))
        elif kind == "ministry":
            found[kind].append(Ministry(abbreviation=key, name=label, name_en=label_en))
        else:
            model = RouteStage if kind == "stage" else GovernanceLevel
            found[kind].append(model(slug=key, name=label, name_en=label_en))
    return found["pillar"], found["ministry"], found["stage"], found["level"]


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
    steps = StatusChange.objects.filter(date__lte=timezone.localdate())
    if measures is None:
        # Publication checked on each step's own measure, so the latest steps are read along
        # the date index until enough public ones are found, not after every public measure.
        return steps.filter(public_q(prefix="measure__"))
    return steps.filter(measure__in=measures.order_by().values("pk"))


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
