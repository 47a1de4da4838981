"""Bulk import and export of measures (django-import-export), for the admin and `import_measures`.

One row per measure, keyed by its code. References are written as people cite them: the pillar
by number, ministries by abbreviation, route stages, levels and organisations by slug, several
values separated by commas. An import is all-or-nothing: every bad row is reported with its
problem and, if there is one, nothing is saved. Exporting and importing the same file again
changes nothing.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.spreadsheet import neutralised_row, restore_formula_text
from measures.admin_import_export import SavedValuesDiff
from measures.models import ONE_LEAD_MESSAGE, Measure, Ministry, Organisation, Responsibility
from measures.services import (
    SYSTEM,
    can_publish,
    lead_ministry_problem,
    measure_responsibilities_replace,
    measure_save,
    status_reason_problem,
)
from pillars.models import GovernanceLevel, Pillar, RouteStage

SEPARATOR = ","


def _split(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [part.strip() for part in str(value).split(SEPARATOR) if part.strip()]


class KnownForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by a human key; an unknown key is a clear error, not a crash."""

    def __init__(self, model, field, label):
        super().__init__(model, field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return super().clean(value, row, **kwargs)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise ValueError(
                _("onbekende %(label)s: %(value)s") % {"label": self.label, "value": value}
            ) from None


class KnownManyToManyWidget(widgets.ManyToManyWidget):
    """Several values by human keys, comma-separated; unknown keys are listed as an error."""

    def __init__(self, model, field, label):
        super().__init__(model, separator=SEPARATOR, field=field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        keys = _split(value)
        if not keys:
            return self.model.objects.none()
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(
                _("onbekende %(label)s: %(values)s")
                % {"label": self.label, "values": ", ".join(missing)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        keys = sorted(str(getattr(item, self.field)) for item in value.all())
        return SEPARATOR.join(keys)


ROLE_COLUMNS = {
    "lead_ministry": Responsibility.Role.LEAD,
    "co_ministries": Responsibility.Role.CO_RESPONSIBLE,
    "consulted_ministries": Responsibility.Role.CONSULTED,
}


class MeasureResource(resources.ModelResource):
    pillar = fields.Field(
        attribute="pillar",
        column_name="pillar",
        widget=KnownForeignKeyWidget(Pillar, "number", "pijler"),
    )
    other_pillars = fields.Field(
        attribute="other_pillars",
        column_name="other_pillars",
        widget=KnownManyToManyWidget(Pillar, "number", "pijler"),
    )
    route_stages = fields.Field(
        attribute="route_stages",
        column_name="route_stages",
        widget=KnownManyToManyWidget(RouteStage, "slug", "fase van de migratieroute"),
    )
    levels = fields.Field(
        attribute="levels",
        column_name="levels",
        widget=KnownManyToManyWidget(GovernanceLevel, "slug", "bestuurslaag"),
    )
    organisations = fields.Field(
        attribute="organisations",
        column_name="organisations",
        widget=KnownManyToManyWidget(Organisation, "slug", "organisatie"),
    )
    # Ministries by role: handled in import_instance/after_save_instance, not as model fields.
    lead_ministry = fields.Field(
        column_name="lead_ministry", dehydrate_method="dehydrate_lead_ministry"
    )
    co_ministries = fields.Field(
        column_name="co_ministries", dehydrate_method="dehydrate_co_ministries"
    )
    consulted_ministries = fields.Field(
        column_name="consulted_ministries", dehydrate_method="dehydrate_consulted_ministries"
    )

    class Meta:
        model = Measure
        import_id_fields = ["code"]
        fields = [
            "code",
            "slug",
            "title",
            "summary",
            "description",
            "title_en",
            "summary_en",
            "description_en",
            "announced_on",
            "pillar",
            "other_pillars",
            "route_stages",
            "levels",
            "organisations",
            "lead_ministry",
            "co_ministries",
            "consulted_ministries",
            "status",
            "is_published",
            "embargo_until",
        ]
        export_order = fields
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, by=SYSTEM, **kwargs):
        # The admin passes the signed-in editor; scripts and the command run as the system.
        super().__init__(**kwargs)
        # Who imports: the services check their rights. Without the publish permission an
        # import keeps publication as it is (the columns are read, not applied).
        self.by = by
        self.can_publish = can_publish(by)

    def get_diff_class(self):
        return SavedValuesDiff

    # Export -----------------------------------------------------------------------------

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.get_queryset()
        if hasattr(queryset, "prefetch_related"):
            queryset = queryset.select_related("pillar").prefetch_related(
                "other_pillars",
                "route_stages",
                "levels",
                "organisations",
                "responsibilities__ministry",
            )
        return super().export(queryset=queryset, **kwargs)

    def after_export(self, queryset, dataset, **kwargs):
        # CSV and XLSX alike: a cell a spreadsheet would evaluate is exported as text.
        for index, row in enumerate(dataset):
            dataset[index] = neutralised_row(row)

    def _ministries(self, measure, role) -> str:
        return SEPARATOR.join(
            sorted(
                r.ministry.abbreviation for r in measure.responsibilities.all() if r.role == role
            )
        )

    def dehydrate_lead_ministry(self, measure):
        return self._ministries(measure, Responsibility.Role.LEAD)

    def dehydrate_co_ministries(self, measure):
        return self._ministries(measure, Responsibility.Role.CO_RESPONSIBLE)

    def dehydrate_consulted_ministries(self, measure):
        return self._ministries(measure, Responsibility.Role.CONSULTED)

    # Import -----------------------------------------------------------------------------

    def import_data(self, dataset, **kwargs):
        # All-or-nothing: an invalid row (not only a crashing one) rolls the whole import back.
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        self._codes_seen = {}
        self._ministries_by_abbreviation = {
            m.abbreviation.lower(): m for m in Ministry.objects.all()
        }

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = restore_formula_text(value)
        # A spreadsheet's empty cell arrives as None; for a text it means "empty".
        for column in (
            "code",
            "slug",
            "title",
            "summary",
            "description",
            "title_en",
            "summary_en",
            "description_en",
            "status",
        ):
            if column in row and row[column] is None:
                row[column] = ""
        if isinstance(row.get("code"), float):
            raise ValidationError(
                {"code": _("Zet de code als tekst in het bestand (4.10, niet 4.1).")}
            )

    def _roles_from_row(self, row) -> dict:
        """{ministry: role} from the row's three columns; ValidationError naming unknown ones."""
        roles, unknown = {}, []
        for column, role in ROLE_COLUMNS.items():
            for abbreviation in _split(row.get(column)):
                ministry = self._ministries_by_abbreviation.get(abbreviation.lower())
                if ministry is None:
                    unknown.append(abbreviation)
                elif ministry in roles:
                    raise ValidationError(
                        {
                            column: _("%(ministry)s staat bij meer dan één rol.")
                            % {"ministry": abbreviation}
                        }
                    )
                else:
                    roles[ministry] = role
        if unknown:
            raise ValidationError(
                {"lead_ministry": _("onbekend ministerie: %(list)s") % {"list": ", ".join(unknown)}}
            )
        if len(_split(row.get("lead_ministry"))) > 1:
            raise ValidationError({"lead_ministry": ONE_LEAD_MESSAGE})
        return roles

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        stored = {name: getattr(instance, name) for name in ("is_published", "embargo_until")}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if not self.can_publish:
            for name, value in stored.items():
                setattr(instance, name, value)
        # Many-to-many values are saved after the row; check them now, so a bad one is reported.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = [ValidationError(str(exc))]
        try:
            instance._imported_roles = self._roles_from_row(row)
            problem = lead_ministry_problem(
                is_published=instance.is_published,
                has_lead=Responsibility.Role.LEAD in instance._imported_roles.values(),
            )
            if problem:
                errors["lead_ministry"] = [ValidationError(problem)]
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if instance.pk:
            before = Measure.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
            problem = status_reason_problem(
                old_status=before, new_status=instance.status, reason=row.get("status_reason")
            )
            if problem:
                errors["status_reason"] = [ValidationError(problem)]
        code = str(row.get("code") or "").strip()
        if code in self._codes_seen:
            errors["code"] = [
                ValidationError(
                    _("code %(code)s staat al in regel %(row)s van dit bestand")
                    % {"code": code, "row": self._codes_seen[code]}
                )
            ]
        else:
            self._codes_seen[code] = kwargs.get("row_number", "?")
        if errors:
            raise ValidationError(errors)

    def _current_roles(self, instance) -> dict:
        if instance.pk is None:
            return {}
        return {r.ministry: r.role for r in instance.responsibilities.select_related("ministry")}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        unchanged = super().skip_row(instance, original, row, import_validation_errors)
        return unchanged and getattr(instance, "_imported_roles", {}) == self._current_roles(
            original
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        # One change through the service: the row's fields, many-to-many values and ministries.
        self.before_save_instance(instance, row, **kwargs)
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return

        def write_parts(measure):
            super(MeasureResource, self).save_m2m(measure, row, **kwargs)
            wanted = measure._imported_roles
            if wanted != self._current_roles(measure):
                measure_responsibilities_replace(measure=measure, assignments=list(wanted.items()))

        measure_save(
            measure=instance,
            by=self.by,
            status_reason=row.get("status_reason") or "",
            write_parts=write_parts,
        )

    def save_m2m(self, instance, row, **kwargs):
        """Written in save_instance, inside the same change."""


def import_problems(result) -> list[str]:
    """Every bad row of an import result, one line each, as a person can act on it."""
    problems = [f"{_('bestand')}: {error.error}" for error in result.base_errors]
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            where = "" if field == "__all__" else f"{field}: "
            problems += [f"{_('regel')} {invalid.number}: {where}{message}" for message in messages]
    for number, errors in result.row_errors():
        problems += [f"{_('regel')} {number}: {error.error}" for error in errors]
    return problems
