"""What the admin's import and export pages show: Dutch column labels, the values an import
will save, and the file's own line numbers. The import itself is measures/resources.py."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm
from import_export.resources import Diff

from measures.models import Measure

# The file's first line names the columns, so data row 1 is line 2 of the file (and row 2 of
# the spreadsheet), which is what an editor sees when opening the file.
HEADER_LINES = 1

# Columns that are not Measure fields (a measure's ministries, by role).
COLUMN_LABELS = {
    "lead_ministry": _("eerstverantwoordelijk ministerie"),
    "co_ministries": _("medeverantwoordelijke ministeries"),
    "consulted_ministries": _("betrokken ministeries"),
}


def file_line(row_number: int) -> int:
    """The line of the file (the spreadsheet's row) of the import's data row ``row_number``."""
    return int(row_number) + HEADER_LINES


def column_label(column: str) -> str:
    """ "Titel (title)": what the column holds, in Dutch, and its name in the file."""
    label = COLUMN_LABELS.get(column)
    if label is None:
        try:
            label = Measure._meta.get_field(column).verbose_name
        except FieldDoesNotExist:
            return column
    return f"{capfirst(label)} ({column})"


class LabelledExportForm(SelectableFieldsExportForm):
    """The export page's column check boxes, labelled as column_label says."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return column_label(field.column_name if field else field_name)


class SavedValuesDiff(Diff):
    """The preview shows what export would write for the row as it will be saved.

    django-import-export's own diff reads model attributes only, so columns filled in by
    the resource (the ministries by role) looked empty in the preview although the import
    saves them.
    """

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self._saved_values(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self._saved_values(resource, instance)

    @staticmethod
    def _saved_values(resource, instance):
        if instance is None or instance.pk is None:  # a new row before saving: nothing yet
            return Diff._read_field_values(resource, instance)
        return [resource.export_field(field, instance) for field in resource.get_import_fields()]
