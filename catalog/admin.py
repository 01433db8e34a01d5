"""Staff-facing admin. Edits here bypass the services' history, so datasets are read-only in the
admin; reference data (platforms, tags, terms, domains) is editable."""

from django.contrib import admin

from catalog.models import (
    ChangeEvent,
    DataPlatform,
    Dataset,
    Domain,
    GlossaryTerm,
    LineageEdge,
    Ownership,
    SchemaField,
    Tag,
)


@admin.register(DataPlatform)
class DataPlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "display_name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "display_name")


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("name", "display_name")
    search_fields = ("name", "display_name")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "color")
    search_fields = ("name",)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SchemaFieldInline(ReadOnlyInline):
    model = SchemaField
    fields = ("field_path", "type", "native_type", "nullable", "description", "classification")


class OwnershipInline(ReadOnlyInline):
    model = Ownership
    fields = ("user", "group", "type", "source")


class UpstreamInline(ReadOnlyInline):
    model = LineageEdge
    fk_name = "downstream"
    fields = ("upstream", "type", "actor", "created_at")
    verbose_name_plural = "upstreams"


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("name", "platform", "origin", "status", "modified_at", "modified_by")
    list_filter = ("platform", "origin", "status", "domain")
    search_fields = ("urn", "name", "qualified_name")
    list_select_related = ("platform",)
    inlines = [SchemaFieldInline, OwnershipInline, UpstreamInline]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "dataset", "aspect", "actor", "version")
    list_filter = ("aspect",)
    search_fields = ("dataset__urn", "actor")
    list_select_related = ("dataset",)
    show_full_result_count = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
