"""Every write to a measure and its parts goes through these functions.

Callers: the admin (form save with its inlines, bulk actions, restore from history), the API
(create, replace, change, delete), the content loader and the spreadsheet import. Each function
is keyword-only and atomic, and `measure_save` enforces in one place what every write must
respect:

- the publish right: publishing, unpublishing and any change to the embargo need
  `measures.publish_measure` (`PublicationDenied` names the fields), whoever the caller is;
- a public reason for every change of status, kept as a dated `StatusChange`;
- a published measure has a lead ministry (`LEAD_REQUIRED`, one message everywhere);
- optimistic concurrency: a write based on an older `version` is refused (`StaleMeasure`);
- `full_clean()`, and one history row per save (the many-to-many fields and the parts are
  written first, then the measure's history is recorded once, with the status reason).

`by` is the user who acts, or `SYSTEM` for the project's own commands (loader, backups), which
run with every right.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.codes import CODE_MESSAGE, is_measure_code
from measures.models import (
    MEASURE_HISTORY,
    ONE_ROLE_MESSAGE,
    Measure,
    Responsibility,
    StatusChange,
)


class SystemActor:
    """The project's own commands: the content loader, imports run by an operator, backups."""

    def has_perm(self, perm) -> bool:
        return True

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()

PUBLICATION_FIELDS = ("is_published", "embargo_until")
PUBLISH_PERMISSION = "measures.publish_measure"
LEAD_REQUIRED = gettext_lazy(
    "Een gepubliceerde maatregel heeft een eerstverantwoordelijk ministerie."
)
STATUS_REASON_REQUIRED = gettext_lazy("Geef een openbare reden voor de nieuwe status.")


class PublicationDenied(PermissionDenied):
    """The actor may not change these publication fields; `fields` names them."""

    def __init__(self, fields):
        self.fields = list(fields)
        super().__init__(
            _("Publiceren, depubliceren en het embargo wijzigen mag alleen een hoofdredacteur.")
        )


class StaleMeasure(ValidationError):
    """The write started from an older version of the measure: someone saved in between."""

    def __init__(self, *, measure, expected_version):
        self.measure = measure
        self.expected_version = expected_version
        super().__init__(
            _(
                "Deze maatregel is intussen door iemand anders opgeslagen (versie %(current)s; "
                "u ging uit van versie %(expected)s). Laad de maatregel opnieuw en breng uw "
                "wijziging opnieuw aan."
            )
            % {"current": measure.version, "expected": expected_version},
            code="stale",
        )


def can_publish(by) -> bool:
    return by is not None and by.has_perm(PUBLISH_PERMISSION)


def lead_ministry_problem(*, is_published: bool, has_lead: bool):
    """The one rule "a published measure needs a lead ministry": its message, or None."""
    return LEAD_REQUIRED if is_published and not has_lead else None


def status_reason_problem(*, old_status, new_status, reason):
    """The one rule "a change of status has a public reason": its message, or None."""
    if old_status is not None and new_status != old_status and not (reason or "").strip():
        return STATUS_REASON_REQUIRED
    return None


def _publication_changes(measure: Measure, stored: Measure | None) -> list[str]:
    if stored is None:
        # A new measure: making it public, or setting an embargo, is a publication decision.
        return [
            name
            for name in PUBLICATION_FIELDS
            if getattr(measure, name) != Measure._meta.get_field(name).get_default()
        ]
    return [name for name in PUBLICATION_FIELDS if getattr(measure, name) != getattr(stored, name)]


def _check_publication_right(measure, stored, by) -> None:
    changed = _publication_changes(measure, stored)
    if changed and not can_publish(by):
        raise PublicationDenied(changed)


def _as_editor(by, *objects) -> None:
    # django-simple-history records this user on the historical record (never shown publicly).
    if by is not None and by is not SYSTEM:
        for obj in objects:
            obj._history_user = by


def _clean(measure: Measure) -> None:
    try:
        measure.full_clean(exclude=["version"])
    except ValidationError as exc:
        errors = exc.message_dict
        # The code's format is a table constraint; name the field it is about.
        if NON_FIELD_ERRORS in errors and not is_measure_code(measure.code):
            errors.setdefault("code", []).append(str(CODE_MESSAGE))
            errors[NON_FIELD_ERRORS] = [
                m for m in errors[NON_FIELD_ERRORS] if m != str(CODE_MESSAGE)
            ]
            if not errors[NON_FIELD_ERRORS]:
                del errors[NON_FIELD_ERRORS]
        raise ValidationError(errors) from None


@transaction.atomic
def measure_save(
    *,
    measure: Measure,
    by,
    status_reason: str = "",
    status_date=None,
    expected_version: int | None = None,
    write_parts=None,
) -> Measure:
    """Create or change `measure` (with what `write_parts(measure)` writes) as one change."""
    if by is None:
        raise PermissionDenied(_("Een wijziging heeft een gebruiker nodig."))
    stored = (
        Measure.objects.select_for_update().filter(pk=measure.pk).first() if measure.pk else None
    )
    if stored is not None and expected_version is not None and stored.version != expected_version:
        raise StaleMeasure(measure=stored, expected_version=expected_version)
    _check_publication_right(measure, stored, by)
    step = None
    if stored is not None and measure.status != stored.status:
        reason = (status_reason or "").strip()
        if problem := status_reason_problem(
            old_status=stored.status, new_status=measure.status, reason=reason
        ):
            raise ValidationError({"status_reason": [problem]}, code="required")
        step = StatusChange(
            status=measure.status, date=status_date or timezone.localdate(), reason=reason
        )
        measure._change_reason = reason  # kept on the history row, shown in the admin's history
    if not measure.slug and measure.title:
        measure.slug = slugify(measure.title)[:100]
    _clean(measure)
    measure.version = stored.version + 1 if stored is not None else 1
    _as_editor(by, measure)
    # One history row for the whole change: written below, after the parts, so that it holds
    # the final many-to-many values; the saves in between record none.
    measure.skip_history_when_saving = True
    try:
        measure.save()
        if write_parts is not None:
            write_parts(measure)
        if step is not None:
            step.measure = measure
            step.full_clean()
            _as_editor(by, step)
            step.save()
    finally:
        del measure.skip_history_when_saving
    problem = lead_ministry_problem(
        is_published=measure.is_published,
        has_lead=measure.responsibilities.filter(role=Responsibility.Role.LEAD).exists(),
    )
    if problem:
        raise ValidationError({"lead_ministry": [problem]}, code="no_lead")
    MEASURE_HISTORY.create_historical_record(measure, "+" if stored is None else "~")
    if hasattr(measure, "_change_reason"):
        del measure._change_reason
    return measure


@transaction.atomic
def measure_set_status(
    *, measure: Measure, status: str, reason: str, by, date=None
) -> StatusChange:
    """Move a measure to another status; the public reason is required and kept with its date."""
    if status == measure.status:
        raise ValidationError({"status": _("De maatregel heeft deze status al.")}, code="unchanged")
    if problem := status_reason_problem(
        old_status=measure.status, new_status=status, reason=reason
    ):
        raise ValidationError({"status_reason": [problem]}, code="required")
    measure.status = status
    measure_save(measure=measure, by=by, status_reason=reason, status_date=date)
    return measure.status_changes.order_by("-id").first()


@transaction.atomic
def measure_correct(*, measure: Measure, by, reason: str, reason_en: str = "") -> Measure:
    """Save an editorial correction of the measure's text, publicly recorded with its reason.

    The reason travels on the instance, where changelog.recorder reads it when the one history
    row of this save is written: the public sees a correction, not an unexplained change.
    """
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Geef een openbare reden voor de correctie.")]})
    measure._correction_reason = (reason.strip(), (reason_en or "").strip())
    try:
        return measure_save(measure=measure, by=by)
    finally:
        del measure._correction_reason


@transaction.atomic
def measure_set_published(*, measure: Measure, published: bool, by) -> bool:
    """Publish or unpublish a measure; returns whether anything changed."""
    if measure.is_published == published:
        return False
    measure.is_published = published
    measure_save(measure=measure, by=by)
    return True


@transaction.atomic
def measure_delete(*, measure: Measure, by) -> None:
    if by is None or not by.has_perm("measures.delete_measure"):
        raise PermissionDenied(_("Verwijderen mag alleen een hoofdredacteur."))
    if measure.is_public() and not can_publish(by):
        raise PublicationDenied(["is_published"])
    _as_editor(by, measure)
    measure.delete()


def measure_responsibilities_replace(*, measure: Measure, assignments) -> None:
    """Make the measure's ministries exactly `assignments` [(ministry, role)], one lead at most.

    Rows that change are removed first, so that the one-lead rule holds at every step. Used by
    the API, the import and the loader (the admin's inline writes its rows itself, through the
    same measure_save).
    """
    wanted = {}
    for ministry, role in assignments:
        if ministry in wanted:
            raise ValidationError({"responsibilities": [ONE_ROLE_MESSAGE]})
        wanted[ministry] = role
    current = {r.ministry: r for r in measure.responsibilities.select_related("ministry")}
    for ministry, responsibility in current.items():
        if wanted.get(ministry) != responsibility.role:
            responsibility.delete()
    for ministry, role in wanted.items():
        if ministry in current and current[ministry].role == role:
            continue
        responsibility = Responsibility(measure=measure, ministry=ministry, role=role)
        responsibility.full_clean(exclude=["measure"])
        responsibility.save()
