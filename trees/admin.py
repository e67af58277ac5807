"""GeoDjango admin for the inventory. Saves go through `trees.services`, so
the admin obeys the same rules (derived fields, versions, attribution) as the
API and importers; history is shown read-only and never deleted."""
from django import forms
from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin

from trees import services
from trees.models import (
    AdministrativeArea, CitizenReport, Channel, ConditionRecord, GreenArea, MaintenanceEvent, Municipality, Species,
    Tree, TreeChange,
)

BISHKEK_MAP = {"attrs": {"default_lon": 74.60, "default_lat": 42.87, "default_zoom": 12}}


def admin_actor(request) -> services.Actor:
    return services.Actor(user=request.user, channel=Channel.ADMIN)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConditionInline(ReadOnlyInline):
    model = ConditionRecord
    fk_name = "tree"
    fields = readonly_fields = ("observed_at", "condition", "defects", "source", "corrects", "retracts", "recorded_by",
                                "channel", "channel_ref", "notes")


class MaintenanceInline(ReadOnlyInline):
    model = MaintenanceEvent
    fk_name = "tree"
    fields = readonly_fields = ("performed_at", "kind", "performed_by", "contractor", "corrects", "retracts",
                                "recorded_by", "channel", "notes")


class TreeChangeInline(ReadOnlyInline):
    model = TreeChange
    fields = readonly_fields = ("version", "changes", "recorded_at", "recorded_by", "channel", "channel_ref")


class TreeAdminForm(forms.ModelForm):
    """Runs the service's checks during form validation, so a bad value is
    shown next to its field instead of failing on save."""

    class Meta:
        model = Tree
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        values = {f: cleaned.get(f) for f in services.EDITABLE_FIELDS if f in cleaned}
        try:
            services.check_tree_values(values)
        except services.InventoryError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned


@admin.register(Tree)
class TreeAdmin(GISModelAdmin):
    gis_widget_kwargs = BISHKEK_MAP
    list_display = ("id", "species", "status", "current_condition", "district", "address", "updated_at")
    list_filter = ("status", "current_condition", "district", "municipality", "created_via")
    search_fields = ("id", "address", "species__scientific_name", "species__name_ru", "species__name_en")
    list_select_related = ("species", "district")
    autocomplete_fields = ("species", "green_area")
    readonly_fields = ("municipality", "district", "council_area", "current_condition", "current_condition_at",
                       "version", "created_at", "created_by", "created_via", "updated_at", "updated_by", "updated_via")
    inlines = [ConditionInline, MaintenanceInline, TreeChangeInline]
    form = TreeAdminForm
    show_full_result_count = False  # counting a million rows on every page view is slow

    def has_delete_permission(self, request, obj=None):
        return False  # a felled tree keeps its row: log felling instead

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS if f in form.cleaned_data}
        if change:
            changed = {f: v for f, v in values.items() if f in form.changed_data}
            saved = services.update_tree(tree=obj.pk, by=admin_actor(request), **changed)
        else:
            saved = services.create_tree(by=admin_actor(request), **values)
        obj.pk = saved.pk
        obj.refresh_from_db()


class HistoryAdmin(GISModelAdmin):
    """Append-only: add through the service, never change or delete."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] if obj else ("corrects", "retracts")


@admin.register(ConditionRecord)
class ConditionRecordAdmin(HistoryAdmin):
    list_display = ("id", "tree", "green_area", "observed_at", "condition", "source", "channel", "recorded_by")
    list_filter = ("condition", "source", "channel")
    raw_id_fields = ("tree", "green_area")
    exclude = ("municipality", "recorded_by", "channel", "channel_ref")

    def save_model(self, request, obj, form, change):
        saved = services.record_condition(by=admin_actor(request), condition=obj.condition, tree=obj.tree,
                                          green_area=obj.green_area, observed_at=obj.observed_at,
                                          defects=obj.defects, notes=obj.notes, source=obj.source)
        obj.pk = saved.pk


@admin.register(MaintenanceEvent)
class MaintenanceEventAdmin(HistoryAdmin):
    list_display = ("id", "tree", "green_area", "kind", "performed_at", "performed_by", "contractor", "channel")
    list_filter = ("kind", "channel")
    search_fields = ("performed_by", "contractor", "notes")
    raw_id_fields = ("tree", "green_area")
    exclude = ("municipality", "recorded_by", "channel", "channel_ref")

    def save_model(self, request, obj, form, change):
        saved = services.log_maintenance(by=admin_actor(request), kind=obj.kind, tree=obj.tree,
                                         green_area=obj.green_area, performed_at=obj.performed_at,
                                         performed_by=obj.performed_by, contractor=obj.contractor, notes=obj.notes)
        obj.pk = saved.pk


@admin.register(TreeChange)
class TreeChangeAdmin(HistoryAdmin):
    list_display = ("tree", "version", "recorded_at", "recorded_by", "channel", "channel_ref")
    list_filter = ("channel",)

    def has_add_permission(self, request):
        return False


@admin.register(GreenArea)
class GreenAreaAdmin(GISModelAdmin):
    gis_widget_kwargs = BISHKEK_MAP
    list_display = ("name_ru", "name_en", "kind", "district", "area_m2", "current_condition")
    list_filter = ("kind", "district", "municipality")
    search_fields = ("name_ru", "name_ky", "name_en")
    readonly_fields = ("area_m2", "district", "current_condition", "version")
    exclude = ("municipality",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data[f] for f in ("boundary", "kind", "name_ru", "name_ky", "name_en")}
        if change:
            changed = {f: v for f, v in values.items() if f in form.changed_data}
            saved = services.update_green_area(area=obj, by=admin_actor(request), **changed)
        else:
            saved = services.create_green_area(by=admin_actor(request), **values)
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(Species)
class SpeciesAdmin(admin.ModelAdmin):
    list_display = ("scientific_name", "name_ru", "name_ky", "name_en", "family", "native_to_kyrgyzstan")
    list_filter = ("native_to_kyrgyzstan", "family")
    search_fields = ("scientific_name", "name_ru", "name_ky", "name_en", "synonyms")


@admin.register(Municipality)
class MunicipalityAdmin(GISModelAdmin):
    gis_widget_kwargs = BISHKEK_MAP
    list_display = ("code", "name_ru", "name_ky", "name_en")


@admin.register(AdministrativeArea)
class AdministrativeAreaAdmin(GISModelAdmin):
    gis_widget_kwargs = BISHKEK_MAP
    list_display = ("name_en", "name_ru", "level", "parent", "municipality")
    list_filter = ("level", "municipality")
    search_fields = ("name_ru", "name_ky", "name_en", "code")


@admin.register(CitizenReport)
class CitizenReportAdmin(GISModelAdmin):
    gis_widget_kwargs = BISHKEK_MAP
    list_display = ("tracking_code", "category", "status", "district", "received_at", "resolved_at")
    list_filter = ("status", "category", "district")
    search_fields = ("tracking_code", "description")
    raw_id_fields = ("tree", "duplicate_of")
    # Status changes go through the report queue (admin_reports), which
    # appends a status event; editing the field here would skip that.
    readonly_fields = ("tracking_code", "status", "received_at", "acknowledged_at", "resolved_at", "district",
                       "council_area", "channel", "contact")

    def has_delete_permission(self, request, obj=None):
        return False


from trees import admin_reports  # noqa: E402,F401  (registers the report queue)
