"""Use-case reads for pillars."""

from django.db.models import Count, Q

from measures.models import Measure
from pillars.models import Pillar


def pillar_list_with_counts():
    """Pillars with the number of public measures that fall under each."""
    public = Q(primary_measures__in=Measure.objects.published())
    return Pillar.objects.annotate(
        measure_count=Count("primary_measures", filter=public, distinct=True)
    )
