"""The public change log's recorder: every history record becomes the public event it implies.

django-simple-history writes a historical record on every save and delete (with the editor);
this module listens to those records and writes `ChangeEvent`s, which carry no editor at all.
Whether a measure is public is decided by `measures.visibility`, the one rule for it. A measure
that stops being public leaves a tombstone.

What counts as one change: everything one database transaction does to one measure. Events are
merged per (PostgreSQL transaction id, measure) in the database itself (`change_set`), so they are committed or
rolled back with the work they describe (a savepoint's rollback included), and no caller has to
remember anything: an admin save with its inlines, an API PATCH, an import row or a restore are
each one public event. No thread-local or request state is involved.
"""

import uuid

from django.db import connection
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from changelog.models import ChangeEvent
from measures.models import Citation, Measure, MeasureLink, Responsibility, StatusChange
from measures.visibility import is_public, public_later

# Fields whose change is not news for the public: bookkeeping, and the visibility fields that
# produce their own kinds of event (published, unpublished).
NOT_PUBLIC_FIELDS = ["id", "created_at", "updated_at", "version", "is_published", "embargo_until"]

# When two events of one transaction concern one measure, the stronger kind wins.
KIND_STRENGTH = [
    ChangeEvent.Kind.CHANGED,
    ChangeEvent.Kind.STATUS_CHANGED,
    ChangeEvent.Kind.CORRECTED,
    ChangeEvent.Kind.PUBLISHED,
    ChangeEvent.Kind.CREATED,
    ChangeEvent.Kind.UNPUBLISHED,
    ChangeEvent.Kind.DELETED,
]
NEWS_AS_A_WHOLE = (ChangeEvent.Kind.CREATED, ChangeEvent.Kind.PUBLISHED)

# The parts of a measure, and the name their change gets in the public list of changed fields.
PART_FIELD = {
    Responsibility: "responsibilities",
    Citation: "citations",
    MeasureLink: "links",
    StatusChange: "status_changes",
}


def current_change_set() -> str:
    """What identifies "one change" now: the database transaction, or, when the outermost
    atomic block the application opened is nested in a test case's transaction, that block's
    savepoint (so a test's several writes stay several changes, as they would in production)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text")
        transaction_id = cursor.fetchone()[0]
    blocks = connection.atomic_blocks
    outermost = next(
        (i for i, block in enumerate(blocks) if not getattr(block, "_from_testcase", False)),
        None,
    )
    if outermost is None:
        # A statement of its own (autocommit): a change of its own, merged with nothing.
        return f"{transaction_id}:{uuid.uuid4().hex}"
    savepoint = connection.savepoint_ids[outermost - 1] if outermost > 0 else ""
    return f"{transaction_id}:{savepoint or ''}"


def _merge(existing: ChangeEvent, new: ChangeEvent) -> ChangeEvent:
    stronger = max(existing, new, key=lambda event: KIND_STRENGTH.index(event.kind))
    if stronger.kind in (
        ChangeEvent.Kind.CHANGED,
        ChangeEvent.Kind.STATUS_CHANGED,
        ChangeEvent.Kind.CORRECTED,
    ):
        stronger.changed_fields = list(dict.fromkeys(existing.changed_fields + new.changed_fields))
    else:
        # A new, republished or removed measure is news as a whole, not field by field.
        stronger.changed_fields = []
    for event in (existing, new):
        if event.reason and not stronger.reason:
            stronger.reason, stronger.status = event.reason, event.status
            stronger.reason_en = event.reason_en
    stronger.title = new.title or existing.title
    stronger.slug = new.slug or existing.slug
    stronger.occurred_at = max(existing.occurred_at, new.occurred_at)
    stronger.pk = existing.pk
    stronger.change_set = existing.change_set
    return stronger


def _this_transactions_event(measure_pk, change_set) -> ChangeEvent | None:
    return ChangeEvent.objects.filter(change_set=change_set, measure_pk=measure_pk).first()


def record(event: ChangeEvent) -> ChangeEvent:
    """Write `event`, merged with what this transaction already recorded for its measure."""
    event.change_set = current_change_set()
    existing = _this_transactions_event(event.measure_pk, event.change_set)
    if existing is not None:
        event = _merge(existing, event)
    event.save()
    return event


def _event(record_, kind, at, **extra) -> ChangeEvent:
    return ChangeEvent(
        measure_pk=record_.id,
        code=record_.code,
        slug=record_.slug,
        title=record_.title,
        kind=kind,
        occurred_at=at,
        **extra,
    )


def _was_ever_public(measure_pk, at) -> bool:
    """Public before this change (whose own events, e.g. of its parts, do not count)."""
    return (
        ChangeEvent.objects.filter(measure_pk=measure_pk, occurred_at__lte=at)
        .exclude(change_set=current_change_set())
        .exists()
    )


def _news_as_a_whole(measure_pk) -> bool:
    """In this transaction the measure is already new or republished: finer changes add nothing."""
    event = _this_transactions_event(measure_pk, current_change_set())
    return event is not None and event.kind in NEWS_AS_A_WHOLE


def _became_public_kind(measure_pk, at):
    return (
        ChangeEvent.Kind.PUBLISHED if _was_ever_public(measure_pk, at) else ChangeEvent.Kind.CREATED
    )


def _is_content_baseline(instance) -> bool:
    """Written by the content loader into an empty knowledge base: its starting point, whose
    public story is the policy timeline, not a change (measures.content_loader)."""
    return getattr(instance, "_content_baseline", False)


@receiver(post_create_historical_record, sender=Measure.history.model)
def measure_history_recorded(sender, instance, history_instance, **kwargs):
    if _is_content_baseline(instance):
        # Its parts, written first in this transaction, recorded events of their own: drop them.
        ChangeEvent.objects.filter(
            change_set=current_change_set(), measure_pk=history_instance.id
        ).delete()
        return
    at = history_instance.history_date
    deleted = history_instance.history_type == "-"
    current = None if deleted else history_instance
    previous = None if history_instance.history_type == "+" else history_instance.prev_record
    was_public, is_public_now = is_public(previous, at), is_public(current, at)

    # An embargo's end is written ahead with its future time; a later edit rewrites it.
    ChangeEvent.objects.filter(measure_pk=history_instance.id, occurred_at__gt=at).delete()

    if deleted:
        if was_public:
            record(_event(history_instance, ChangeEvent.Kind.DELETED, at))
        return

    if was_public and not is_public_now:
        record(_event(current, ChangeEvent.Kind.UNPUBLISHED, at))
    elif is_public_now and not was_public:
        record(_event(current, _became_public_kind(current.id, at), at))
    elif is_public_now and was_public:
        delta = current.diff_against(previous, excluded_fields=NOT_PUBLIC_FIELDS)
        fields = list(delta.changed_fields)
        correction = getattr(instance, "_correction_reason", None)
        if correction and fields:
            # measures.services.measure_correct: an editorial correction, with its reason.
            record(
                _event(
                    current,
                    ChangeEvent.Kind.CORRECTED,
                    at,
                    changed_fields=fields,
                    reason=correction[0],
                    reason_en=correction[1],
                )
            )
        elif "status" in fields:
            record(
                _event(
                    current,
                    ChangeEvent.Kind.STATUS_CHANGED,
                    at,
                    changed_fields=fields,
                    status=current.status,
                    reason=history_instance.history_change_reason or "",
                )
            )
        elif fields:
            record(_event(current, ChangeEvent.Kind.CHANGED, at, changed_fields=fields))

    embargo_ends = public_later(current, at)
    if embargo_ends is not None:
        # Written at once, not merged: it belongs to the future, not to this transaction.
        _event(current, _became_public_kind(current.id, at), embargo_ends).save()


@receiver(pre_delete, sender=Measure)
def measure_about_to_be_deleted(sender, instance, **kwargs):
    # Its parts are deleted first; the tombstone written now absorbs their removal (a deletion
    # is the strongest kind), so the public sees one deletion, not a list of changed parts.
    stored = Measure.objects.filter(pk=instance.pk).first()
    if stored is not None and stored.is_public():
        record(_event(stored, ChangeEvent.Kind.DELETED, timezone.now()))


def _part_history_recorded(sender, instance, history_instance, **kwargs):
    if _is_content_baseline(instance):
        return
    field = PART_FIELD[type(instance)]
    if isinstance(instance, MeasureLink):
        measure_pks = {instance.from_measure_id, instance.to_measure_id}
    else:
        measure_pks = {instance.measure_id}
    at = history_instance.history_date
    public = list(Measure.objects.published(at).filter(pk__in=measure_pks))
    if len(public) < len(measure_pks):
        return  # a part of a draft, or a link to one, is not public news
    for measure in public:
        if not _news_as_a_whole(measure.pk):
            record(_event(measure, ChangeEvent.Kind.CHANGED, at, changed_fields=[field]))


for _model in PART_FIELD:
    post_create_historical_record.connect(
        _part_history_recorded,
        sender=_model.history.model,
        dispatch_uid=f"public-change-{_model.__name__}",
    )
