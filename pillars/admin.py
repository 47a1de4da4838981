from django.contrib import admin

from pillars.models import GovernanceLevel, Pillar, RouteStage


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "title_en"]
    search_fields = ["title", "title_en", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(RouteStage, GovernanceLevel)
class ReferenceTermAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
