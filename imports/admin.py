"""Batches in the admin, read-only: they are written by the importer."""
from django.contrib import admin

from imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "file_name", "created_by", "created_at", "status", "rows_total", "trees_created",
                    "trees_updated", "rows_rejected")
    list_filter = ("status", "file_format")
    search_fields = ("file_name", "checksum")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
