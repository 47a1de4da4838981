from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from measures.admin_import_export import LabelledExportForm
from measures.admin_presentation import (
    DutchFieldLabelsMixin,
    LabelledInlineFormSet,
    SuperuserOnlyInMenuMixin,
)
from measures.changes import collect_changes
from measures.models import (
    ChangeEvent,
    Citation,
    LoadedContentItem,
    Measure,
    MeasureLink,
    Ministry,
    Official,
    Organisation,
    Responsibility,
    Source,
    StatusChange,
)
from measures.resources import MeasureResource
from measures.services import measure_set_published, measure_set_status


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "website"]
    search_fields = ["abbreviation", "name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfficialInline]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "ministry", "portfolio"]
    list_filter = ["role", "ministry"]
    list_select_related = ["ministry"]
    search_fields = ["name", "portfolio"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "reference"]
    list_filter = ["kind"]
    search_fields = ["title", "reference"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"


class ResponsibilityFormSet(LabelledInlineFormSet):
    def clean(self):
        super().clean()
        # The database refuses a published measure without a lead only at commit; say it here.
        leads = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Responsibility.Role.LEAD
        ]
        if self.instance.is_published and not leads:
            raise ValidationError(
                _("Een gepubliceerde maatregel heeft een eerstverantwoordelijk ministerie.")
            )


class ResponsibilityInline(DutchFieldLabelsMixin, admin.TabularInline):
    model = Responsibility
    formset = ResponsibilityFormSet
    extra = 1
    autocomplete_fields = ["ministry"]


class CitationInline(DutchFieldLabelsMixin, admin.TabularInline):
    model = Citation
    formset = LabelledInlineFormSet
    extra = 1
    autocomplete_fields = ["source"]


class OutgoingLinkInline(admin.StackedInline):
    # Stacked: as a table, the measure box and the note made the change form wider than 1280 px.
    model = MeasureLink
    fk_name = "from_measure"
    extra = 0
    autocomplete_fields = ["to_measure"]
    fields = ["to_measure", "kind", "note"]


class StatusChangeInline(admin.TabularInline):
    """The status timeline, read-only: a status changes through the form's reason field."""

    model = StatusChange
    extra = 0
    fields = ["date", "status", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MeasureAdminForm(forms.ModelForm):
    status_reason = forms.CharField(
        label=_("Reden van statuswijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht als de status verandert; wordt openbaar getoond."),
    )

    class Meta:
        model = Measure
        fields = [
            "code",
            "title",
            "slug",
            "summary",
            "description",
            "pillar",
            "other_pillars",
            "route_stages",
            "levels",
            "organisations",
            "status",
            "is_published",
            "embargo_until",
        ]
        # Long titles stay readable whole, wrapped over two lines.
        widgets = {"title": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})}

    def clean_title(self):
        # The two-line box wraps long titles; a line break typed in it is not part of the title.
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        status_changes = self.instance.pk and "status" in self.changed_data
        if status_changes and not (cleaned.get("status_reason") or "").strip():
            self.add_error("status_reason", _("Geef een openbare reden voor de nieuwe status."))
        return cleaned


class SetStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=Measure.Status.choices)
    reason = forms.CharField(
        label=_("Openbare reden"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )
    date = forms.DateField(
        label=_("Datum"), required=False, help_text=_("Leeg laten voor vandaag (JJJJ-MM-DD).")
    )


class ChangeBatchMixin:
    """Every editor action in the admin is one public change per measure (measures.changes)."""

    def changeform_view(self, *args, **kwargs):
        with collect_changes():
            return super().changeform_view(*args, **kwargs)

    def delete_view(self, *args, **kwargs):
        with collect_changes():
            return super().delete_view(*args, **kwargs)

    def changelist_view(self, *args, **kwargs):
        # Bulk actions (publish, set status, delete) run inside the change list view.
        with collect_changes():
            return super().changelist_view(*args, **kwargs)

    def history_form_view(self, *args, **kwargs):
        with collect_changes():
            return super().history_form_view(*args, **kwargs)

    def import_action(self, *args, **kwargs):
        with collect_changes():
            return super().import_action(*args, **kwargs)

    def process_import(self, *args, **kwargs):
        with collect_changes():
            return super().process_import(*args, **kwargs)


PUBLICATION_FIELDS = ["is_published", "embargo_until"]


class LeadMinistryFilter(admin.SimpleListFilter):
    title = _("eerstverantwoordelijk ministerie")
    parameter_name = "lead_ministry"

    def lookups(self, request, model_admin):
        return [(str(m.pk), m.abbreviation) for m in Ministry.objects.order_by("abbreviation")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                responsibilities__role=Responsibility.Role.LEAD,
                responsibilities__ministry_id=self.value(),
            )
        return queryset


@admin.register(Measure)
class MeasureAdmin(ChangeBatchMixin, ImportMixin, ExportActionMixin, SimpleHistoryAdmin):
    form = MeasureAdminForm
    resource_classes = [MeasureResource]
    export_form_class = LabelledExportForm
    import_template_name = "admin/measures/measure/import.html"
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    list_display = [
        "code",
        "title",
        "pillar",
        "lead_ministry_display",
        "status",
        "is_published",
        "embargo_until",
        "updated_at",
    ]
    list_display_links = ["code", "title"]
    list_filter = [
        "pillar",
        LeadMinistryFilter,
        "status",
        "is_published",
        "route_stages",
        "levels",
        "updated_at",
    ]
    list_select_related = ["pillar"]
    list_per_page = 50
    search_fields = ["code", "title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["pillar", "other_pillars", "organisations"]
    filter_horizontal = ["route_stages", "levels"]
    inlines = [ResponsibilityInline, CitationInline, OutgoingLinkInline, StatusChangeInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["code", "title", "slug", "summary", "description"]}),
        (
            _("Plaats in de agenda"),
            {"fields": ["pillar", "other_pillars", "route_stages", "levels", "organisations"]},
        ),
        (_("Status"), {"fields": ["status", "status_reason"]}),
        (_("Publicatie"), {"fields": [*PUBLICATION_FIELDS, "created_at", "updated_at"]}),
    ]
    actions = ["publish_selected", "unpublish_selected", "set_status_with_reason"]
    history_list_per_page = 50

    object_history_template = "admin/measures/measure/object_history.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_lead_ministry()

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "part_changes": self._part_changes(object_id)}
        return super().history_view(request, object_id, extra_context=extra_context)

    def _part_changes(self, object_id):
        """The history of the measure's parts, newest first, each with its diff."""
        try:
            pk = int(object_id)
        except (TypeError, ValueError):
            return []
        histories = [
            (Responsibility, Responsibility.history.filter(measure_id=pk)),
            (Citation, Citation.history.filter(measure_id=pk)),
            (
                MeasureLink,
                MeasureLink.history.filter(Q(from_measure_id=pk) | Q(to_measure_id=pk)),
            ),
            (StatusChange, StatusChange.history.filter(measure_id=pk)),
        ]
        changes = []
        for model, records in histories:
            for record in records.select_related("history_user"):
                previous = record.prev_record if record.history_type == "~" else None
                delta = record.diff_against(previous) if previous else None
                changes.append(
                    {
                        "record": record,
                        "label": model._meta.verbose_name,
                        "changes": delta.changes if delta else [],
                    }
                )
        return sorted(changes, key=lambda change: change["record"].history_date, reverse=True)

    @admin.display(description=_("eerstverantwoordelijk"))
    def lead_ministry_display(self, obj):
        return obj.lead_ministry or "—"

    def has_import_permission(self, request):
        return request.user.has_perms(["measures.add_measure", "measures.change_measure"])

    def has_export_permission(self, request):
        return request.user.has_perm("measures.view_measure")

    def get_import_resource_kwargs(self, request, **kwargs):
        can_publish = self.has_publish_permission(request)
        return {**super().get_import_resource_kwargs(request, **kwargs), "can_publish": can_publish}

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .prefetch_related(
                "other_pillars",
                "route_stages",
                "levels",
                "organisations",
                "responsibilities__ministry",
            )
        )

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("measures.publish_measure")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            readonly += PUBLICATION_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request, obj):
            # Also covers restoring an old version: its publication state is not restored.
            stored = Measure.objects.filter(pk=obj.pk).first() if obj.pk else None
            for name in PUBLICATION_FIELDS:
                setattr(
                    obj,
                    name,
                    getattr(stored, name)
                    if stored
                    else Measure._meta.get_field(name).get_default(),
                )
        new_status = obj.status
        status_changes = change and "status" in form.changed_data
        if status_changes:
            # The rest is saved first; the status moves through the service, with its reason.
            obj.status = Measure.objects.values_list("status", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        if status_changes:
            measure_set_status(
                obj, new_status, form.cleaned_data["status_reason"], user=request.user
            )

    @admin.action(description=_("Publiceren"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Niet meer publiceren"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        changed = 0
        for measure in queryset:  # get_queryset() already bundles the lead ministry
            try:
                changed += measure_set_published(measure, published, user=request.user)
            except ValidationError as exc:
                self.message_user(
                    request, f"{measure.code}: {'; '.join(exc.messages)}", messages.ERROR
                )
        self.message_user(request, _("%(count)d maatregel(en) bijgewerkt.") % {"count": changed})

    @admin.action(description=_("Status zetten met reden"), permissions=["change"])
    def set_status_with_reason(self, request, queryset):
        if "apply" in request.POST:
            form = SetStatusForm(request.POST)
            if form.is_valid():
                changed, skipped = 0, []
                for measure in queryset:
                    if measure.status == form.cleaned_data["status"]:
                        skipped.append(measure.code)
                        continue
                    measure_set_status(
                        measure,
                        form.cleaned_data["status"],
                        form.cleaned_data["reason"],
                        date=form.cleaned_data["date"],
                        user=request.user,
                    )
                    changed += 1
                self.message_user(
                    request, _("Status van %(count)d maatregel(en) gezet.") % {"count": changed}
                )
                if skipped:
                    self.message_user(
                        request,
                        _("Al met deze status, ongewijzigd: %(codes)s")
                        % {"codes": ", ".join(skipped)},
                        messages.WARNING,
                    )
                return None
        else:
            form = SetStatusForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Status zetten met reden"),
            "opts": self.model._meta,
            "form": form,
            "measures": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/measures/measure/set_status.html", context)


@admin.register(MeasureLink)
class MeasureLinkAdmin(ChangeBatchMixin, SimpleHistoryAdmin):
    list_display = ["from_measure", "kind", "to_measure"]
    list_filter = ["kind"]
    list_select_related = ["from_measure", "to_measure"]
    autocomplete_fields = ["from_measure", "to_measure"]


@admin.register(Responsibility, Citation, StatusChange)
class MeasurePartAdmin(DutchFieldLabelsMixin, ChangeBatchMixin, SimpleHistoryAdmin):
    list_select_related = ["measure"]
    autocomplete_fields = ["measure"]


@admin.register(LoadedContentItem)
class LoadedContentItemAdmin(SuperuserOnlyInMenuMixin, admin.ModelAdmin):
    list_display = ["kind", "key", "loaded_at"]
    list_filter = ["kind"]
    search_fields = ["key"]


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    """The public change log, read-only: it is written by measures.changes, never by hand."""

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
