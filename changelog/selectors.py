"""Reads of the public change log, for its page, its feeds and the changes endpoint."""

from changelog.models import ChangeEvent


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
