"""Reads of the public change log, for its page, its feeds and the changes endpoint.

The change log tells two stories, each on its own clock, in one list:

- **policy** events: the agenda's dated status steps (measures.selectors.policy_steps_public),
  each on the date of its source: a measure announced, a status changed, with the reason and
  the source. They come from the content itself, so a fresh install already has them.
- **record** events (`ChangeEvent`, written by changelog.recorder): what changed in this
  knowledge base, at the moment it was recorded: editorial corrections, edits, publications and
  tombstones. Mirrors follow these with `changes/?since=`.

`change_log()` merges both in the database (a UNION), so that pages, feeds and the API page,
sort and count the story as one list in a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    F,
    Func,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import Exact
from django.urls import reverse

from changelog.models import ChangeEvent, field_labels
from core.mixins import BilingualNameMixin
from measures.models import Measure, Source, StatusChange
from measures.selectors import policy_steps_public

POLICY = "policy"
RECORD = "record"
ANNOUNCED = "announced"


class StartOfDay(Func):
    """A date as the moment its day begins in the site's time zone (Dutch time)."""

    output_field = DateTimeField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql})::timestamp AT TIME ZONE %s)", [*params, settings.TIME_ZONE]


class LocalDay(Func):
    """The day (in the site's time zone, Dutch time) a moment falls on."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) AT TIME ZONE %s)::date", [*params, settings.TIME_ZONE]


def policy_moment():
    """When a policy event happened, as precisely as it is known: a step recorded on its own
    date (a status changed today in the admin) at the moment it was recorded; any other at the
    start of its date, Dutch time (the date is all its source gives)."""
    recorded = Subquery(
        StatusChange.history.model.objects.filter(id=OuterRef("id"))
        .order_by("history_date")
        .values("history_date")[:1]
    )
    return Case(
        When(Exact(LocalDay(recorded), F("date")), then=recorded),
        default=StartOfDay(F("date")),
        output_field=DateTimeField(),
    )


def _columns(**values) -> dict:
    """The union's columns, in one order for both halves (values() keeps the order given),
    named apart from the models' own fields."""
    order = [
        "clock",
        "entry_id",
        "measure_pk",
        "code",
        "slug",
        "title",
        "title_en",
        "kind",
        "status",
        "reason",
        "reason_en",
        "changed_fields",
        "occurred_at",
        "policy_date",
        "source_id",
    ]
    return {f"log_{name}": values[name] for name in order}


def _policy_rows(steps):
    return steps.values(
        **_columns(
            clock=Value(POLICY, output_field=CharField()),
            entry_id=F("id"),
            measure_pk=F("measure_id"),
            code=F("measure__code"),
            slug=F("measure__slug"),
            title=F("measure__title"),
            title_en=F("measure__title_en"),
            kind=Func(
                F("status"),
                template=f"CASE WHEN %(expressions)s = '{ANNOUNCED}' THEN '{ANNOUNCED}' "
                f"ELSE '{ChangeEvent.Kind.STATUS_CHANGED}' END",
                output_field=CharField(),
            ),
            status=F("status"),
            reason=F("reason"),
            reason_en=F("reason_en"),
            changed_fields=Value([], output_field=ArrayField(CharField(max_length=40))),
            occurred_at=policy_moment(),
            policy_date=F("date"),
            source_id=F("source_id"),
        )
    )


def _record_rows(events):
    return events.values(
        **_columns(
            clock=Value(RECORD, output_field=CharField()),
            entry_id=F("id"),
            measure_pk=F("measure_pk"),
            code=F("code"),
            slug=F("slug"),
            title=F("title"),
            title_en=Value("", output_field=CharField()),
            kind=F("kind"),
            status=F("status"),
            reason=F("reason"),
            reason_en=F("reason_en"),
            changed_fields=F("changed_fields"),
            occurred_at=F("occurred_at"),
            policy_date=Value(None, output_field=DateField()),
            source_id=Value(None, output_field=BigIntegerField()),
        )
    )


def change_log(*, since=None, measure_pk=None, pillar=None, newest_first=True, for_readers=False):
    """Both clocks' public events as one sortable, countable queryset of dicts (a UNION).

    `since` keeps what happened at or after that moment (a policy event happens at the start of
    its day); `measure_pk` one measure's; `pillar` those of today's measures under a pillar.
    Only what has happened: nothing under embargo, no step dated after today. `for_readers`
    (the page and the feeds) leaves out the record's status changes: the policy clock tells
    each of them on its own date, with its source (mirrors, in the API, get both).
    """
    steps = policy_steps_public()
    events = ChangeEvent.objects.public()
    if for_readers:
        events = events.exclude(kind=ChangeEvent.Kind.STATUS_CHANGED)
    if since is not None:
        steps = steps.alias(at=policy_moment()).filter(at__gte=since)
        events = events.since(since)
    if measure_pk is not None:
        steps = steps.filter(measure_id=measure_pk)
        events = events.filter(measure_pk=measure_pk)
    if pillar is not None:
        steps = steps.filter(measure__pillar=pillar)
        events = events.filter(
            measure_pk__in=Measure.objects.filter(pillar=pillar).order_by().values("pk")
        )
    rows = _record_rows(events.order_by()).union(_policy_rows(steps.order_by()), all=True)
    if newest_first:
        return rows.order_by("-log_occurred_at", "-log_clock", "-log_entry_id")
    return rows.order_by("log_occurred_at", "log_clock", "log_entry_id")


@dataclass
class ChangeLogEntry(BilingualNameMixin):
    """One event of the change log, of either clock, as pages, feeds and the API show it."""

    clock: str
    entry_id: int
    measure_pk: int
    code: str
    slug: str
    title: str
    title_en: str
    kind: str
    status: str
    reason: str
    reason_en: str
    changed_fields: list
    occurred_at: datetime.datetime
    policy_date: datetime.date | None
    source: Source | None = None

    @property
    def is_policy(self) -> bool:
        return self.clock == POLICY

    @property
    def is_correction(self) -> bool:
        return self.kind == ChangeEvent.Kind.CORRECTED

    @property
    def is_tombstone(self) -> bool:
        return self.clock == RECORD and self.kind in ChangeEvent.TOMBSTONES

    @property
    def anchor(self) -> str:
        """The entry's id in the change log page, and the last part of its feed id."""
        return f"stap-{self.entry_id}" if self.is_policy else f"wijziging-{self.entry_id}"

    def get_absolute_url(self) -> str:
        url = reverse("measures:measure-detail", kwargs={"slug": self.slug})
        return f"{url}#{self.anchor}" if self.is_policy else url

    @property
    def kind_label(self) -> str:
        if self.kind == ANNOUNCED:
            return str(Measure.Status.ANNOUNCED.label)
        return str(ChangeEvent.Kind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(Measure.Status(self.status).label) if self.status else ""

    @property
    def changed_field_labels(self) -> list[str]:
        return field_labels(self.changed_fields)


def change_log_entries(rows) -> list[ChangeLogEntry]:
    """Rows of `change_log()` (a page of them) as entries, with their sources (one query)."""
    rows = [{key.removeprefix("log_"): value for key, value in row.items()} for row in rows]
    source_ids = {row["source_id"] for row in rows} - {None}
    sources = Source.objects.in_bulk(source_ids) if source_ids else {}
    return [
        ChangeLogEntry(
            **{key: value for key, value in row.items() if key != "source_id"},
            source=sources.get(row["source_id"]),
        )
        for row in rows
    ]


def change_events_public(since=None, slug=None):
    """Public record events, oldest first: what happened (never what is still under embargo)."""
    events = ChangeEvent.objects.public()
    if since is not None:
        events = events.since(since)
    if slug is not None:
        events = events.filter(slug=slug)
    return events


def change_events_recent():
    """Record events, newest first."""
    return change_events_public().order_by("-occurred_at", "-id")
