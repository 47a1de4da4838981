"""Use-case reads for sources."""

from django.db.models import Count, Q

from measures.models import Measure, Source


def source_list_with_counts():
    public = Q(measures__in=Measure.objects.published())
    return Source.objects.annotate(
        measure_count=Count("measures", filter=public, distinct=True)
    ).order_by("-date", "title", "id")
