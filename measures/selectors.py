"""Use-case reads for measures and ministries. Views, API and admin call these."""

from django.db.models import Count, Q

from measures.models import Measure, Ministry


def measure_list_public():
    return Measure.objects.published().for_list()


def measure_detail_public():
    return Measure.objects.published().for_detail()


def ministry_list_with_counts():
    public = Q(measures__in=Measure.objects.published())
    return Ministry.objects.prefetch_related("officials").annotate(
        measure_count=Count("measures", filter=public, distinct=True)
    )
