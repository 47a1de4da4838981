"""Use-case reads for measures and ministries. Views, API and admin call these."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)

from measures.models import (
    Citation,
    Measure,
    MeasureLink,
    Ministry,
    Official,
    Organisation,
    Responsibility,
    Source,
    StatusChange,
)
from pillars.models import GovernanceLevel, Pillar, RouteStage


def measure_list_public():
    return Measure.objects.published().for_list()


def measure_detail_public():
    return Measure.objects.published().for_detail()


def ministry_list_with_counts():
    public = Q(measures__in=Measure.objects.published())
    return Ministry.objects.prefetch_related("officials").annotate(
        measure_count=Count("measures", filter=public, distinct=True)
    )


@dataclass(frozen=True)
class ContentVersion:
    """A fingerprint of the public content; changes whenever any of it does."""

    key: str
    last_modified: datetime.datetime | None


def _content_version_sql() -> str:
    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    measure = table(Measure)
    parts = [
        # Edits bump updated_at; deletions lower the count; an embargo that expires changes
        # what is public without any write, hence the count of measures past their embargo.
        f"(SELECT concat_ws(',', max(updated_at), count(*), max(id),"
        f" count(*) FILTER (WHERE embargo_until <= now())) FROM {measure})"
    ]
    # Rows that belong to a measure: additions and deletions show in count and max(id).
    dependent = [Responsibility, Citation, MeasureLink, StatusChange]
    dependent += [
        Measure.other_pillars.through,
        Measure.route_stages.through,
        Measure.levels.through,
        Measure.organisations.through,
    ]
    parts += [f"(SELECT concat_ws(',', count(*), max(id)) FROM {table(m)})" for m in dependent]
    # Small reference tables without updated_at: a hash of their rows catches in-place edits.
    reference = [Pillar, RouteStage, GovernanceLevel, Ministry, Official, Organisation, Source]
    parts += [
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM {table(m)} t)"
        for m in reference
    ]
    return (
        "SELECT concat_ws(';', " + ", ".join(parts) + f"), (SELECT max(updated_at) FROM {measure})"
    )


def content_version() -> ContentVersion:
    """The content version behind the API's ETag and Last-Modified: one query, no rendering.

    Last-Modified is the latest change of a measure. The key also covers deletions, the
    measures' related rows and the reference tables (pillars, ministries, sources, ...).
    """
    with connection.cursor() as cursor:
        cursor.execute(_content_version_sql())
        key, last_modified = cursor.fetchone()
    return ContentVersion(key=key, last_modified=last_modified)


def source_list_with_counts():
    public = Q(measures__in=Measure.objects.published())
    return Source.objects.annotate(
        measure_count=Count("measures", filter=public, distinct=True)
    ).order_by("-date", "title", "id")


def measure_changes_since(since=None):
    """Public measures created or updated (at or after ``since``), newest first, as dicts.

    A stand-in for the change feed until the history lands: a measure counts as "created"
    while it has not been saved again since (within a second of its creation).
    """
    queryset = Measure.objects.published()
    if since is not None:
        queryset = queryset.filter(updated_at__gte=since)
    age = ExpressionWrapper(F("updated_at") - F("created_at"), output_field=DurationField())
    return (
        queryset.annotate(
            age=age,
            change=Case(
                When(age__lt=datetime.timedelta(seconds=1), then=Value("created")),
                default=Value("updated"),
                output_field=CharField(),
            ),
        )
        .order_by("-updated_at", "-id")
        .values("code", "title", "change", "updated_at")
    )
