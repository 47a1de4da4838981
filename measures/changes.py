"""The public change log: turns every history record into the public event it implies.

django-simple-history writes a historical record on every save and delete (with the editor);
this module listens to those records and writes `ChangeEvent`s, which carry no editor at all.
A measure's public visibility is judged by the same rule as `Measure.objects.published()`:
published, and past its embargo. A measure that stops being public leaves a tombstone.

One editor action (the admin form with its inlines, a service) touches several rows; inside
`collect_changes()` the events of that action are merged into one event per measure.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from measures.models import (
    ChangeEvent,
    Citation,
    Measure,
    MeasureLink,
    Responsibility,
    StatusChange,
)

# Fields whose change is not news for the public: bookkeeping, and the visibility fields that
# produce their own kinds of event (published, unpublished).
NOT_PUBLIC_FIELDS = ["id", "created_at", "updated_at", "is_published", "embargo_until"]

# When two events of one action concern one measure, the stronger kind wins.
KIND_STRENGTH = [
    ChangeEvent.Kind.CHANGED,
    ChangeEvent.Kind.STATUS_CHANGED,
    ChangeEvent.Kind.PUBLISHED,
    ChangeEvent.Kind.CREATED,
    ChangeEvent.Kind.UNPUBLISHED,
    ChangeEvent.Kind.DELETED,
]

# The inlines of a measure, and the name their change gets in the public list of changed fields.
PART_FIELD = {
    Responsibility: "responsibilities",
    Citation: "citations",
    MeasureLink: "links",
    StatusChange: "status_changes",
}

_state = threading.local()


def _batch():
    return getattr(_state, "batch", None)


def _deleting() -> set:
    if not hasattr(_state, "deleting"):
        _state.deleting = set()
    return _state.deleting


@contextmanager
def collect_changes():
    """Merge the public events of one editor action into one per measure (nests safely).

    Events are written at once and updated when merged, so they live and die with the
    transaction they belong to (an import's dry run, a failed form).
    """
    if _batch() is not None:
        yield
        return
    _state.batch = {}
    try:
        yield
    finally:
        _state.batch = None
        _deleting().clear()  # a deletion that was rolled back must not silence later changes


def _merge(existing: ChangeEvent, new: ChangeEvent) -> ChangeEvent:
    stronger = max(existing, new, key=lambda event: KIND_STRENGTH.index(event.kind))
    if stronger.kind in (ChangeEvent.Kind.CHANGED, ChangeEvent.Kind.STATUS_CHANGED):
        stronger.changed_fields = list(dict.fromkeys(existing.changed_fields + new.changed_fields))
    else:
        # A new, republished or removed measure is news as a whole, not field by field.
        stronger.changed_fields = []
    for event in (existing, new):
        if event.reason and not stronger.reason:
            stronger.reason, stronger.status = event.reason, event.status
    stronger.title = new.title or existing.title
    stronger.slug = new.slug or existing.slug
    stronger.occurred_at = max(existing.occurred_at, new.occurred_at)
    stronger.pk = existing.pk
    return stronger


def record(event: ChangeEvent) -> None:
    batch = _batch()
    if batch is not None and event.measure_pk in batch:
        event = _merge(batch[event.measure_pk], event)
    event.save()
    if batch is not None:
        batch[event.measure_pk] = event


def _visible(record_, at) -> bool:
    return bool(
        record_ is not None
        and record_.is_published
        and (record_.embargo_until is None or record_.embargo_until <= at)
    )


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
    return ChangeEvent.objects.filter(measure_pk=measure_pk, occurred_at__lte=at).exists()


def _already_news_as_a_whole(measure_pk) -> bool:
    """In this action the measure is already new or republished: finer changes add nothing."""
    event = (_batch() or {}).get(measure_pk)
    return event is not None and event.kind in (
        ChangeEvent.Kind.CREATED,
        ChangeEvent.Kind.PUBLISHED,
    )


@receiver(post_create_historical_record, sender=Measure.history.model)
def measure_history_recorded(sender, instance, history_instance, **kwargs):
    at = history_instance.history_date
    current = None if history_instance.history_type == "-" else history_instance
    if (
        current is not None
        and _already_news_as_a_whole(current.id)
        and _visible(current, at)
        and not current.embargo_until
    ):
        return  # e.g. the many-to-many fields of a measure just created (the loader, the admin)
    previous = None if history_instance.history_type == "+" else history_instance.prev_record
    was_public, is_public = _visible(previous, at), _visible(current, at)

    # An embargo's end is written ahead with its future time; a later edit rewrites it.
    ChangeEvent.objects.filter(measure_pk=history_instance.id, occurred_at__gt=at).delete()

    if history_instance.history_type == "-":
        _deleting().discard(history_instance.id)
        if was_public:
            record(_event(history_instance, ChangeEvent.Kind.DELETED, at))
        return

    if was_public and not is_public:
        record(_event(current, ChangeEvent.Kind.UNPUBLISHED, at))
    elif is_public and not was_public:
        kind = (
            ChangeEvent.Kind.PUBLISHED
            if _was_ever_public(current.id, at)
            else ChangeEvent.Kind.CREATED
        )
        record(_event(current, kind, at))
    elif is_public and was_public:
        delta = current.diff_against(previous, excluded_fields=NOT_PUBLIC_FIELDS)
        fields = list(delta.changed_fields)
        if "status" in fields:
            record(
                _event(
                    current,
                    ChangeEvent.Kind.STATUS_CHANGED,
                    at,
                    changed_fields=fields,
                    status=current.status,
                    reason=getattr(instance, "_status_change_reason", ""),
                )
            )
        elif fields:
            record(_event(current, ChangeEvent.Kind.CHANGED, at, changed_fields=fields))

    if current.is_published and current.embargo_until and current.embargo_until > at:
        kind = (
            ChangeEvent.Kind.PUBLISHED
            if _was_ever_public(current.id, at)
            else ChangeEvent.Kind.CREATED
        )
        # Written at once, not merged: it belongs to the future, not to this action.
        _event(current, kind, current.embargo_until).save()


@receiver(pre_delete, sender=Measure)
def measure_about_to_be_deleted(sender, instance, **kwargs):
    # Its parts are deleted first; their removal is part of the deletion, not a change.
    _deleting().add(instance.pk)


def _part_history_recorded(sender, instance, history_instance, **kwargs):
    field = PART_FIELD[type(instance)]
    if isinstance(instance, MeasureLink):
        measure_pks = {instance.from_measure_id, instance.to_measure_id}
    else:
        measure_pks = {instance.measure_id}
    if measure_pks & _deleting():
        return  # removed with its measure: the measure's tombstone says it all
    at = history_instance.history_date
    public = list(Measure.objects.published(at).filter(pk__in=measure_pks))
    if len(public) < len(measure_pks):
        return  # a part of a draft, or a link to one, is not public news
    for measure in public:
        if not _already_news_as_a_whole(measure.pk):
            record(_event(measure, ChangeEvent.Kind.CHANGED, at, changed_fields=[field]))


for _model in PART_FIELD:
    post_create_historical_record.connect(
        _part_history_recorded,
        sender=_model.history.model,
        dispatch_uid=f"public-change-{_model.__name__}",
    )
