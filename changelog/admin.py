from django.contrib import admin

from changelog.models import ChangeEvent


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    """The public change log, read-only: it is written by changelog.recorder, never by hand."""

    list_display = ["occurred_at", "code", "title", "kind", "status", "changed_fields"]
    list_filter = ["kind"]
    search_fields = ["code", "title", "reason"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
