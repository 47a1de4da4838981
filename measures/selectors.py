"""Use-case reads for measures and ministries. Views, API and admin call these."""

from dataclasses import dataclass

from django.db.models import Count, Q

from measures.models import Measure, Ministry
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
    public = Q(measures__in=Measure.objects.published())
    return Ministry.objects.prefetch_related("officials").annotate(
        measure_count=Count("measures", filter=public, distinct=True)
    )


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: the filter parameter's value, what to show, how many measures."""

    value: str
    label: str
    count: int
    selected: bool


# Facet name = the MeasureFilterSet parameter it narrows.
FACETS = ("pillar", "ministry", "status", "route_stage", "level")


def measure_facets(filterset) -> dict[str, list[FacetValue]]:
    """Counts per value of pillar, ministry (any role), status, route stage and level.

    Standard (disjunctive) faceting: each facet is counted over the filterset's queryset with
    the search and all OTHER filters applied, but not its own. So with ?status=done the status
    facet still shows how many measures each other status would give, and every count is
    exactly the number of rows that selecting that value alone would show (for a multi-valued
    facet, selecting several values gives the union). Values with no measures are included
    with count 0, in the reference order; the caller decides whether to show them.

    One query per facet (five in all), whatever the number of values or measures; the
    filterset's validated values are reused, so no validation queries are repeated.
    An invalid filterset has no facets ({}): the caller shows its errors instead.
    """
    if not filterset.is_valid():
        return {}
    cleaned = filterset.form.cleaned_data
    base = filterset.queryset

    def matching(facet):
        queryset = base
        for name, value in cleaned.items():
            if name != facet:
                queryset = filterset.filters[name].filter(queryset, value)
        return queryset.order_by()  # the search's rank order means nothing to a count

    def selected(facet):
        return {str(getattr(v, "pk", v)) for v in cleaned.get(facet) or []}

    def counted(model, relation, facet):
        ids = matching(facet).values("pk")
        return model.objects.annotate(
            facet_count=Count(relation, filter=Q(**{f"{relation}__in": ids}))
        )

    facets = {}
    chosen = selected("pillar")
    facets["pillar"] = [
        FacetValue(str(p.number), p.display_title, p.facet_count, str(p.pk) in chosen)
        for p in counted(Pillar, "primary_measures", "pillar").order_by("number")
    ]
    chosen = selected("ministry")
    facets["ministry"] = [
        FacetValue(m.abbreviation, m.display_name, m.facet_count, str(m.pk) in chosen)
        for m in counted(Ministry, "measures", "ministry")
    ]
    chosen = selected("status")
    by_status = dict(
        matching("status").values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    facets["status"] = [
        FacetValue(value, str(label), by_status.get(value, 0), value in chosen)
        for value, label in Measure.Status.choices
    ]
    chosen = selected("route_stage")
    facets["route_stage"] = [
        FacetValue(s.slug, s.display_name, s.facet_count, str(s.pk) in chosen)
        for s in counted(RouteStage, "measures", "route_stage")
    ]
    chosen = selected("level")
    facets["level"] = [
        FacetValue(level.slug, level.display_name, level.facet_count, str(level.pk) in chosen)
        for level in counted(GovernanceLevel, "measures", "level")
    ]
    return facets
