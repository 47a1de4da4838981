from django.contrib import admin

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


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 1
    autocomplete_fields = ["ministry"]


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["source"]


class OutgoingLinkInline(admin.TabularInline):
    model = MeasureLink
    fk_name = "from_measure"
    extra = 0
    autocomplete_fields = ["to_measure"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "pillar", "status", "is_published", "updated_at"]
    list_filter = ["pillar", "status", "is_published"]
    list_select_related = ["pillar"]
    search_fields = ["code", "title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["pillar", "other_pillars", "organisations"]
    filter_horizontal = ["route_stages", "levels"]
    inlines = [ResponsibilityInline, CitationInline, OutgoingLinkInline, StatusChangeInline]


@admin.register(MeasureLink)
class MeasureLinkAdmin(admin.ModelAdmin):
    list_display = ["from_measure", "kind", "to_measure"]
    list_filter = ["kind"]
    list_select_related = ["from_measure", "to_measure"]
    autocomplete_fields = ["from_measure", "to_measure"]


@admin.register(Responsibility, Citation, StatusChange)
class MeasurePartAdmin(admin.ModelAdmin):
    list_select_related = ["measure"]
    autocomplete_fields = ["measure"]


@admin.register(LoadedContentItem)
class LoadedContentItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "key", "loaded_at"]
    list_filter = ["kind"]
    search_fields = ["key"]
