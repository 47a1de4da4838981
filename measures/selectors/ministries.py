"""Use-case reads for ministries: the list with counts, a ministry's page, its progress."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from measures.models import Measure, Ministry, Responsibility
from measures.selectors.measures import StatusCount, status_breakdown
from pillars.models import Pillar


def ministry_list_with_counts():
    # Both counts over the one responsibilities join, so that "lead" and "public" hold for
    # the same responsibility row.
    public = Q(responsibilities__measure__in=Measure.objects.published())
    lead = public & Q(responsibilities__role=Responsibility.Role.LEAD)
    return Ministry.objects.prefetch_related("officials").annotate(
        measure_count=Count("responsibilities__measure", filter=public, distinct=True),
        lead_count=Count("responsibilities__measure", filter=lead, distinct=True),
    )


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
