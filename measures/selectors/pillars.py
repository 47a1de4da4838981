"""Use-case reads for pillars."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value

from measures.models import Measure, Ministry, Responsibility
from measures.selectors.measures import StatusCount, policy_timeline, status_breakdown
from measures.selectors.versioning import kept_per_version
from measures.visibility import public_q
from pillars.models import Pillar


def pillar_list_with_counts():
    """Pillars with the number of public measures that fall under each."""
    public = Q(primary_measures__in=Measure.objects.published())
    return Pillar.objects.annotate(
        measure_count=Count("primary_measures", filter=public, distinct=True)
    )


@dataclass
class PillarOverview:
    pillar: Pillar
    measure_count: int
    statuses: list[StatusCount]
    ministries: list[Ministry] = field(default_factory=list)


def pillar_overview() -> list[PillarOverview]:
    """The home page's six pillars: measures by status and the ministries involved.

    Three queries whatever the number of measures. Whether a ministry works on a pillar is
    asked per pair (EXISTS, which stops at the first public measure found through the
    indexes) instead of collecting the distinct pairs of every responsibility.
    """
    public = Measure.objects.published()
    statuses = defaultdict(Counter)
    for row in public.order_by().values("pillar_id", "status").annotate(n=Count("pk")):
        statuses[row["pillar_id"]][row["status"]] = row["n"]
    involved = Ministry.objects.filter(
        Exists(
            Responsibility.objects.filter(
                public_q(prefix="measure__"),
                ministry=OuterRef("pk"),
                measure__pillar=OuterRef(OuterRef("pk")),
            )
        )
    ).order_by()
    pillars = Pillar.objects.annotate(ministry_ids=ArraySubquery(involved.values("pk")))
    ministries = {ministry.pk: ministry for ministry in Ministry.objects.all()}
    return [
        PillarOverview(
            pillar=pillar,
            measure_count=sum(statuses[pillar.pk].values()),
            statuses=status_breakdown(statuses[pillar.pk]),
            ministries=sorted(
                (ministries[pk] for pk in pillar.ministry_ids), key=lambda m: m.abbreviation
            ),
        )
        for pillar in pillars
    ]


def _serving_pillar(pillar: Pillar) -> Q:
    """Measures under `pillar` or serving it as one of their other pillars."""
    supporting = Measure.other_pillars.through.objects.filter(measure=OuterRef("pk"), pillar=pillar)
    return Q(pillar=pillar) | Exists(supporting)


def pillar_measures_public(pillar: Pillar):
    """The public measures under a pillar and those that also serve it, for a list."""
    return Measure.objects.published().filter(_serving_pillar(pillar)).for_list()


def _count(queryset) -> Func:
    """The number of rows of `queryset`, as a correlated subquery (0 when there are none)."""
    counted = queryset.order_by().annotate(_n=Func(Value(1), function="COUNT")).values("_n")
    return Subquery(counted, output_field=IntegerField())


@dataclass
class PillarSummary:
    """A pillar page's figures, each counted by PostgreSQL over all of the pillar's measures."""

    primary_count: int  # public measures under the pillar
    serving_count: int  # ... and those of other pillars that also serve it
    statuses: list[StatusCount]  # of the measures under the pillar
    shared_pillars: list[tuple[Pillar, int]]  # other pillars, with the measures shared with them

    @property
    def supporting_count(self) -> int:
        return self.serving_count - self.primary_count


def pillar_summary(pillar: Pillar) -> PillarSummary:
    """Counts by status, of the measures under and serving the pillar, and the pillars that
    share its measures. Two aggregate queries whatever the number of measures."""
    serving = Measure.objects.published().filter(_serving_pillar(pillar))
    under = Q(pillar=pillar)
    figures = serving.order_by().aggregate(
        serving=Count("pk"),
        primary=Count("pk", filter=under),
        **{
            f"status_{value}": Count("pk", filter=under & Q(status=value))
            for value in Measure.Status.values
        },
    )
    # A measure shares the pillar with its primary pillar and with its other pillars; the
    # second count leaves out another pillar that repeats the primary one, so none counts twice.
    # One GROUP BY per way of sharing, with the few fields a link to the pillar needs.
    fields = ("pillar_id", "pillar__number", "pillar__slug", "pillar__title", "pillar__title_en")
    as_primary = serving.exclude(pillar=pillar).order_by().values(*fields).annotate(n=Count("*"))
    as_other = (
        Measure.other_pillars.through.objects.filter(measure__in=serving.order_by().values("pk"))
        .exclude(pillar=pillar)
        .exclude(pillar=F("measure__pillar"))
        .values(*fields)
        .annotate(n=Count("*"))
    )
    shared, pillars = Counter(), {}
    for pk, number, slug, title, title_en, n in as_primary.union(as_other, all=True).values_list(
        *fields, "n"
    ):
        shared[pk] += n
        pillars[pk] = Pillar(pk=pk, number=number, slug=slug, title=title, title_en=title_en)
    return PillarSummary(
        primary_count=figures["primary"],
        serving_count=figures["serving"],
        statuses=status_breakdown(
            {value: figures[f"status_{value}"] for value in Measure.Status.values}
        ),
        shared_pillars=sorted(
            ((pillars[pk], n) for pk, n in shared.items()), key=lambda item: item[0].number
        ),
    )


def pillar_first_measures(pillar: Pillar, *, limit: int) -> tuple[list[Measure], list[Measure]]:
    """The first `limit` public measures under the pillar and the first `limit` of other
    pillars that serve it, in the list's order. One query for both (and the list's prefetches),
    each half read along an index instead of every measure of the pillar."""
    public = Measure.objects.published().order_by()
    under = public.filter(pillar=pillar).order_by("code_order", "pk").values("pk")[:limit]
    supporting = Measure.other_pillars.through.objects.filter(measure=OuterRef("pk"), pillar=pillar)
    others = (
        public.filter(Exists(supporting))
        .exclude(pillar=pillar)
        .order_by("code_order", "pk")
        .values("pk")[:limit]
    )
    measures = list(
        Measure.objects.filter(pk__in=under.union(others, all=True))
        .order_by("code_order", "pk")
        .for_list()
    )
    return (
        [m for m in measures if m.pillar_id == pillar.pk],
        [m for m in measures if m.pillar_id != pillar.pk],
    )


def pillar_ministries_involved(pillar: Pillar):
    """Ministries with a role on the pillar's measures, with how many and how many they lead."""
    measures = Measure.objects.published().filter(_serving_pillar(pillar)).order_by().values("pk")
    involved = Q(responsibilities__measure__in=measures)
    return (
        Ministry.objects.filter(involved)
        .annotate(
            measure_count=Count("responsibilities__measure", filter=involved, distinct=True),
            lead_count=Count(
                "responsibilities__measure",
                filter=involved & Q(responsibilities__role=Responsibility.Role.LEAD),
                distinct=True,
            ),
        )
        .order_by("-measure_count", "abbreviation")
        .distinct()
    )


def pillar_timeline(pillar: Pillar, *, limit: int):
    """The latest policy events (dated status steps) of the public measures under a pillar."""
    return policy_timeline(measures=Measure.objects.published().filter(pillar=pillar), limit=limit)


# The home and pillar pages' figures read every public measure under a pillar, so their cost
# grows with the agenda: they are computed once per content version (and language) and kept.


def pillar_overview_per_version() -> list[PillarOverview]:
    return kept_per_version("home-overview", [], pillar_overview)


def pillar_figures_per_version(pillar: Pillar) -> tuple[PillarSummary, list[Ministry]]:
    """pillar_summary() and pillar_ministries_involved(), kept per content version."""
    return kept_per_version(
        "pillar-figures",
        [str(pillar.pk)],
        lambda: (pillar_summary(pillar), list(pillar_ministries_involved(pillar))),
    )
