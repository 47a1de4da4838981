from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from measures.admin_import_export import LabelledExportForm
from measures.admin_presentation import (
    DutchFieldLabelsMixin,
    LabelledInlineFormSet,
    SuperuserOnlyInMenuMixin,
)
from measures.models import (
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
from measures.services import (
    PUBLICATION_FIELDS,
    StaleMeasure,
    can_publish,
    lead_ministry_problem,
    measure_save,
    measure_set_published,
    measure_set_status,
    status_reason_problem,
)


class OfficialInline(admin.TabularInline):
    model = Official
    formset = LabelledInlineFormSet
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
    search_fields = ["title", "title_en", "reference"]
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
        problem = lead_ministry_problem(
            is_published=self.instance.is_published, has_lead=bool(leads)
        )
        if problem:
            raise ValidationError(problem)


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
    fields = ["date", "status", "reason", "reason_en", "source"]
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

    # The version the editor opened; a save from an older one is refused (no lost update).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            "code",
            "title",
            "slug",
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
            "status",
            "is_published",
            "embargo_until",
        ]
        # Long titles stay readable whole, wrapped over two lines.
        widgets = {"title": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})}

    def clean_title(self):
        # The two-line box wraps long titles; a line break typed in it is not part of the title.
        return " ".join(self.cleaned_data["title"].split())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        embargo = self.fields.get("embargo_until")
        if embargo is not None and hasattr(embargo.widget, "widgets"):
            # The admin's split date and time boxes are introduced by plain text ("Datum:"),
            # not by a label: name each box for screen readers (and axe's label rule).
            date, time = embargo.widget.widgets
            date.attrs["aria-label"] = _("Embargo tot: datum")
            time.attrs["aria-label"] = _("Embargo tot: tijd")
        if self.instance.pk:
            # The version stored now, also when the form shows an old version to restore.
            self.fields["opened_version"].initial = (
                Measure.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "status" in self.changed_data:
            problem = status_reason_problem(
                old_status=self.initial.get("status"),
                new_status=cleaned.get("status"),
                reason=cleaned.get("status_reason"),
            )
            if problem:
                self.add_error("status_reason", problem)
        expected = cleaned.get("opened_version")
        if self.instance.pk and expected is not None:
            stored = Measure.objects.filter(pk=self.instance.pk).first()
            if stored is not None and stored.version != expected:
                self.add_error(None, stale_message(stored, expected))
        return cleaned


def stale_message(stored: Measure, expected: int) -> str:
    """What changed since the editor opened the form, and by whom, with a way to reload."""
    then = stored.history.filter(version=expected).order_by("-history_date").first()
    now = stored.history.order_by("-history_date").first()
    fields = []
    if then is not None and now is not None:
        fields = [
            str(Measure._meta.get_field(name).verbose_name)
            for name in now.diff_against(
                then, excluded_fields=["updated_at", "version"]
            ).changed_fields
        ]
    editor = getattr(now, "history_user", None)
    return format_html(
        '{} {} <a href="{}">{}</a>',
        StaleMeasure(measure=stored, expected_version=expected).messages[0],
        _("Gewijzigd door %(editor)s: %(fields)s.")
        % {"editor": editor or _("onbekend"), "fields": ", ".join(fields) or _("onderdelen")},
        reverse("admin:measures_measure_change", args=[stored.pk]),
        _("Opnieuw laden"),
    )


# Shown read-only (to editors without the publish right) as words: Django's icon for a
# read-only boolean says "True" or "False" to a screen reader.
READ_ONLY_PUBLICATION = {"is_published": "published_in_words"}


def short_date_time(moment) -> str:
    """A date and time in a narrow list column: "6-12-2026 12:20", in the site's time zone."""
    if moment is None:
        return "—"
    return date_format(timezone.localtime(moment), "j-n-Y H:i")


class SetStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=Measure.Status.choices)
    reason = forms.CharField(
        label=_("Openbare reden"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )
    date = forms.DateField(
        label=_("Datum"), required=False, help_text=_("Leeg laten voor vandaag (JJJJ-MM-DD).")
    )


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


class LabelledHistoryHelper(HistoricalRecordContextHelper):
    """The history's changes as editors read them: a status by its label, not its key."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if getattr(field, "choices", None):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


@admin.register(Measure)
class MeasureAdmin(ImportMixin, ExportActionMixin, SimpleHistoryAdmin):
    form = MeasureAdminForm
    resource_classes = [MeasureResource]
    export_form_class = LabelledExportForm
    import_template_name = "admin/measures/measure/import.html"
    export_template_name = "admin/measures/measure/export.html"
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    # Short cells (the pillar's number, numeric dates, the embargo inside the publication
    # cell) so that every column fits beside the filters at 1280 px; the filters name each
    # pillar in full.
    list_display = [
        "code",
        "title",
        "pillar_number",
        "lead_ministry_display",
        "status",
        "publication_display",
        "updated_display",
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
        (
            None,
            {
                "fields": [
                    "code",
                    "title",
                    "slug",
                    "summary",
                    "description",
                    "announced_on",
                    "opened_version",
                ]
            },
        ),
        (
            _("Engels"),
            {"classes": ["collapse"], "fields": ["title_en", "summary_en", "description_en"]},
        ),
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
    object_history_form_template = "admin/measures/measure/object_history_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_lead_ministry()

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return _("Versie bekijken: %(measure)s") % {"measure": obj}
        return _("Versie terugzetten: %(measure)s") % {"measure": obj}

    def get_deleted_objects(self, objs, request):
        """What goes with the measure, without Django's automatic link tables.

        The rows that tie a measure to its other pillars, route stages, levels and
        organisations have no name of their own ("Measure_levels object (59)") and mean
        nothing to an editor; they are deleted all the same.
        """
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        link_tables = [
            field.remote_field.through._meta
            for field in Measure._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in link_tables)
        plural_names = {str(opts.verbose_name_plural) for opts in link_tables}

        def without_link_rows(items):
            kept = []
            for item in items:
                if isinstance(item, list):
                    item = without_link_rows(item)
                    if item:
                        kept.append(item)
                elif not str(item).startswith(prefixes):
                    kept.append(item)
            return kept

        counts = {name: count for name, count in counts.items() if str(name) not in plural_names}
        return without_link_rows(deleted), counts, perms_needed, protected

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledHistoryHelper(self.model, historical_record)

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

    @admin.display(description=_("pijler"), ordering="pillar__number")
    def pillar_number(self, obj):
        return format_html('<abbr title="{}">{}</abbr>', obj.pillar.title, obj.pillar.number)

    @admin.display(description=_("gepubliceerd"), ordering="is_published")
    def publication_display(self, obj):
        # Django's own boolean icon says "True"/"False" to screen readers; this one speaks Dutch
        # and carries the embargo, which needs no column of its own.
        icon = format_html(
            '<img src="{}" alt="{}">',
            static(f"admin/img/icon-{'yes' if obj.is_published else 'no'}.svg"),
            _("ja") if obj.is_published else _("nee"),
        )
        if obj.embargo_until is None:
            return icon
        return format_html(
            '{} <span class="embargo">{} {}</span>',
            icon,
            _("embargo tot"),
            short_date_time(obj.embargo_until),
        )

    @admin.display(description=_("laatst gewijzigd"), ordering="updated_at")
    def updated_display(self, obj):
        return short_date_time(obj.updated_at)

    def has_import_permission(self, request):
        return request.user.has_perms(["measures.add_measure", "measures.change_measure"])

    def has_export_permission(self, request):
        return request.user.has_perm("measures.view_measure")

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "by": request.user}

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
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            readonly += [READ_ONLY_PUBLICATION.get(name, name) for name in PUBLICATION_FIELDS]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_publish_permission(request, obj):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [READ_ONLY_PUBLICATION.get(f, f) for f in options["fields"]],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=_("gepubliceerd"))
    def published_in_words(self, obj):
        return _("ja") if obj is not None and obj.is_published else _("nee")

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
        if getattr(request, "restoring_measure", False):
            # A restore (history_form_view) has no inlines: save it here, with its
            # many-to-many values, as one change; the view's own save_m2m then does nothing.
            save_m2m = form.save_m2m
            form.save_m2m = lambda: None
            measure_save(
                measure=obj,
                by=request.user,
                status_reason=form.cleaned_data.get("status_reason", ""),
                expected_version=form.cleaned_data.get("opened_version"),
                write_parts=lambda measure: save_m2m(),
            )
        # Otherwise saved in save_related, with the inlines, as one change through the service.

    @transaction.atomic
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.restoring_measure = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_related(self, request, form, formsets, change):
        measure_save(
            measure=form.instance,
            by=request.user,
            status_reason=form.cleaned_data.get("status_reason", ""),
            expected_version=form.cleaned_data.get("opened_version"),
            write_parts=lambda measure: super(MeasureAdmin, self).save_related(
                request, form, formsets, change
            ),
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
                changed += measure_set_published(
                    measure=measure, published=published, by=request.user
                )
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
                        measure=measure,
                        status=form.cleaned_data["status"],
                        reason=form.cleaned_data["reason"],
                        date=form.cleaned_data["date"],
                        by=request.user,
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
class MeasureLinkAdmin(SimpleHistoryAdmin):
    list_display = ["from_measure", "kind", "to_measure"]
    list_filter = ["kind"]
    list_select_related = ["from_measure", "to_measure"]
    autocomplete_fields = ["from_measure", "to_measure"]


@admin.register(Responsibility, Citation, StatusChange)
class MeasurePartAdmin(DutchFieldLabelsMixin, SimpleHistoryAdmin):
    list_select_related = ["measure"]
    autocomplete_fields = ["measure"]


@admin.register(LoadedContentItem)
class LoadedContentItemAdmin(SuperuserOnlyInMenuMixin, admin.ModelAdmin):
    list_display = ["kind", "key", "loaded_at"]
    list_filter = ["kind"]
    search_fields = ["key"]
