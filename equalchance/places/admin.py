"""Django admin for the reference data (administrators only; the open data loader keeps it current)."""

from django.contrib import admin

from equalchance.places.models import (
    Area,
    Boundary,
    DataLoad,
    LsoaDeprivation,
    LsoaPlacement,
    LsoaSuccession,
    PriorityArea,
    PriorityAreaMember,
    PriorityAreaVersion,
    Release,
)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "geography", "lsoa_count", "publisher", "licence"]


@admin.register(LsoaDeprivation)
class LsoaDeprivationAdmin(admin.ModelAdmin):
    list_display = ["lsoa", "release", "district", "imd_score", "imd_rank", "imd_decile"]
    list_filter = ["release", "imd_decile"]
    search_fields = ["lsoa__code", "lsoa__name", "district__name"]
    list_select_related = ["lsoa", "release", "district"]
    raw_id_fields = ["lsoa", "district"]


@admin.register(LsoaPlacement)
class LsoaPlacementAdmin(admin.ModelAdmin):
    list_display = ["lsoa", "geography", "ward", "district", "region"]
    list_filter = ["geography"]
    search_fields = ["lsoa__code", "ward__name", "district__name"]
    list_select_related = ["lsoa", "ward", "district", "region"]
    raw_id_fields = ["lsoa", "ward", "district", "region"]


@admin.register(LsoaSuccession)
class LsoaSuccessionAdmin(admin.ModelAdmin):
    list_display = ["lsoa11", "lsoa21", "change"]
    list_filter = ["change"]
    search_fields = ["lsoa11__code", "lsoa21__code"]
    raw_id_fields = ["lsoa11", "lsoa21"]


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ["area", "geography", "source"]
    list_filter = ["geography", "source"]
    search_fields = ["area__code", "area__name"]
    raw_id_fields = ["area"]


@admin.register(DataLoad)
class DataLoadAdmin(admin.ModelAdmin):
    list_display = ["file_name", "rows", "sha256", "loaded_at", "loaded_by"]
    readonly_fields = ["dataset", "file_name", "sha256", "rows", "loaded_at", "loaded_by"]


class PriorityAreaVersionInline(admin.TabularInline):
    model = PriorityAreaVersion
    extra = 0
    fields = ["number", "method", "geography", "note", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "created_by", "created_at"]
    inlines = [PriorityAreaVersionInline]


@admin.register(PriorityAreaMember)
class PriorityAreaMemberAdmin(admin.ModelAdmin):
    list_display = ["version", "area"]
    raw_id_fields = ["area"]
