from django import template

from measures.admin_import_export import column_label, file_line

register = template.Library()

register.filter("column_label", column_label)
register.filter("file_line", file_line)
