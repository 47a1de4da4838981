"""Use-case reads for measures and ministries. Views, API and admin call these."""

from django.db.models import Count, Q

from measures.models import ChangeEvent, Measure, Ministry


def measure_list_public():
    return Measure.objects.published().for_list()


def measure_detail_public():
    return Measure.objects.published().for_detail()


def ministry_list_with_counts():
    public = Q(measures__in=Measure.objects.published())
    return Ministry.objects.prefetch_related("officials").annotate(
        measure_count=Count("measures", filter=public, distinct=True)
    )


def change_events_public(since=None, slug=None):
    """Public changes, oldest first: what happened (never what is still under embargo)."""
    events = ChangeEvent.objects.public()
    if since is not None:
        events = events.since(since)
    if slug is not None:
        events = events.filter(slug=slug)
    return events


def change_events_recent():
    """The change log's page and feed: newest first."""
    return change_events_public().order_by("-occurred_at", "-id")
