"""Use-case reads for pillars."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from measures.models import Measure, Ministry, Responsibility
from measures.selectors.measures import StatusCount, policy_timeline, status_breakdown
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

    Four queries whatever the number of measures.
    """
    public = Measure.objects.published()
    statuses = defaultdict(Counter)
    for row in public.order_by().values("pillar_id", "status").annotate(n=Count("pk")):
        statuses[row["pillar_id"]][row["status"]] = row["n"]
    ministries = {ministry.pk: ministry for ministry in Ministry.objects.all()}
    involved = defaultdict(set)
    for pillar_id, ministry_id in (
        Responsibility.objects.filter(measure__in=public)
        .order_by()
        .values_list("measure__pillar_id", "ministry_id")
        .distinct()
    ):
        involved[pillar_id].add(ministry_id)
    return [
        PillarOverview(
            pillar=pillar,
            measure_count=sum(statuses[pillar.pk].values()),
            statuses=status_breakdown(statuses[pillar.pk]),
            ministries=sorted(
                (ministries[pk] for pk in involved[pillar.pk]), key=lambda m: m.abbreviation
            ),
        )
        for pillar in Pillar.objects.all()
    ]


def pillar_measures_public(pillar: Pillar):
    """The public measures under a pillar and those that also serve it, for a list."""
    supporting = Measure.other_pillars.through.objects.filter(measure=OuterRef("pk"), pillar=pillar)
    return Measure.objects.published().filter(Q(pillar=pillar) | Exists(supporting)).for_list()


def pillar_ministries_involved(pillar: Pillar):
    """Ministries with a role on the pillar's measures, with how many and how many they lead."""
    measures = pillar_measures_public(pillar).order_by().values("pk")
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


def pillars_sharing_measures(pillar: Pillar, measures) -> list[tuple[Pillar, int]]:
    """Other pillars that the given (prefetched) measures also belong to, with counts."""
    shared = Counter()
    by_pk = {}
    for measure in measures:
        for other in [measure.pillar, *measure.other_pillars.all()]:
            if other.pk != pillar.pk:
                shared[other.pk] += 1
                by_pk[other.pk] = other
    return sorted(
        ((by_pk[pk], count) for pk, count in shared.items()), key=lambda item: item[0].number
    )


def pillar_timeline(pillar: Pillar, *, limit: int):
    """The latest policy events (dated status steps) of the public measures under a pillar."""
    return policy_timeline(measures=Measure.objects.published().filter(pillar=pillar), limit=limit)
