"""How the measure admin looks: Dutch labels where a model field has none, and technical
tables kept out of the editors' menu. Behaviour (saving, actions, permissions) stays in
measures/admin.py."""

from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

# Foreign keys whose verbose name is the English field name (the models leave them unset).
FIELD_LABELS = {
    "measure": _("Maatregel"),
    "ministry": _("Ministerie"),
    "source": _("Bron"),
}


class DutchFieldLabelsMixin:
    """Form labels (and so inline column headers) in Dutch for FIELD_LABELS' fields."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in FIELD_LABELS:
            formfield.label = FIELD_LABELS[db_field.name]
        return formfield


class SuperuserOnlyInMenuMixin:
    """A table the loader and the system keep: reachable by URL, in the menu for superusers only."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class LabelledInlineFormSet(BaseInlineFormSet):
    """A table row's fields have no <label> of their own (the column header is not one):
    name each field after its column, for screen readers and axe's label rules."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = field.widget
            # The admin wraps related fields (RelatedFieldWidgetWrapper); the wrapper's attrs
            # are not the attrs the wrapped select renders with.
            while hasattr(widget, "widget"):
                widget = widget.widget
            if field.label:
                widget.attrs.setdefault("aria-label", str(field.label))
