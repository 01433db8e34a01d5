"""Staff-facing admin for ingestion runs."""

from django.contrib import admin

from ingestion.models import IngestionRun


@admin.register(IngestionRun)
class IngestionRunAdmin(admin.ModelAdmin):
    """Read-only: runs are written by the ingestion runner only."""

    list_display = ("started_at", "recipe_name", "source_type", "status", "dry_run", "created")
    list_filter = ("status", "source_type", "dry_run")
    search_fields = ("recipe_name",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
