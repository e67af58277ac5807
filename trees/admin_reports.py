"""Staff triage of citizen reports in the Django admin: the report queue
(narrowed to the staff member's areas), its status history, and a form to
append the next status change. Every change goes through
`trees.services.reports`; the admin writes no report row itself."""
from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from trees.models import Channel, QueuedReport, ReportStatus, ReportStatusEvent, StaffArea
from trees.models.report import CLOSED_REPORT_STATUSES, OPEN_REPORT_STATUSES
from trees.report_selectors import report_queue
from trees.services.actor import Actor
from trees.services.errors import InventoryError
from trees.services.reports import change_report_status, check_status_change, record_report_check

STATUS_CHANGE_FIELDS = ("status", "reason", "comment", "duplicate_of", "maintenance_event", "assignee")


def _staff_actor(request) -> Actor:
    return Actor(user=request.user, channel=Channel.ADMIN)


class ReportPermissions:
    """Queue and history use the citizen report permissions the roles grant
    (see greenmap/roles.py) rather than permissions of their own."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("trees.view_citizenreport")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("trees.change_citizenreport")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(ReportPermissions, admin.TabularInline):
    model = ReportStatusEvent
    fk_name = "report"
    verbose_name_plural = _("status history")
    fields = ("recorded_at", "recorded_by", "previous_status", "status", "reason", "comment", "duplicate_of",
              "assignee", "maintenance_event", "condition_record")
    readonly_fields = fields
    extra = 0
    ordering = ("recorded_at", "id")

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeForm(forms.ModelForm):
    """The next status change, checked by the service's own rules."""

    class Meta:
        model = ReportStatusEvent
        fields = STATUS_CHANGE_FIELDS

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("status"):
            return cleaned
        try:
            check_status_change(report=self.instance.report, status=cleaned["status"],
                                comment=cleaned.get("comment") or "", reason=cleaned.get("reason") or "",
                                duplicate_of=cleaned.get("duplicate_of"), assignee=cleaned.get("assignee"),
                                maintenance_event=cleaned.get("maintenance_event"))
        except InventoryError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned

    def _post_clean(self):
        """No model validation: the service checked the rules above in words
        a moderator can act on, and it, not this form, writes the row."""


class StatusChangeInline(ReportPermissions, admin.StackedInline):
    model = ReportStatusEvent
    fk_name = "report"
    form = StatusChangeForm
    fields = STATUS_CHANGE_FIELDS
    raw_id_fields = ("duplicate_of", "maintenance_event")
    verbose_name = _("next status change")
    verbose_name_plural = _("change the status")
    extra = 1
    max_num = 1

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("trees.change_citizenreport")


class OpenOrClosedFilter(admin.SimpleListFilter):
    """Open reports unless the moderator asks for closed ones or all."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("open")), ("closed", _("closed")), ("all", _("all"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {"selected": (self.value() or "open") == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        wanted = self.value() or "open"
        if wanted == "all":
            return queryset
        return queryset.filter(status__in=OPEN_REPORT_STATUSES if wanted == "open" else CLOSED_REPORT_STATUSES)


@admin.register(QueuedReport)
class ReportQueueAdmin(ReportPermissions, admin.ModelAdmin):
    list_display = ("tracking_code", "category", "status", "district", "council_area", "tree", "received_at",
                    "likely_duplicate_of")
    list_filter = (OpenOrClosedFilter, "status", "category", "district", "council_area")
    search_fields = ("tracking_code", "description")
    readonly_fields = ("tracking_code", "location", "category", "status", "description", "address", "contact", "photo",
                       "external_photo_url", "tree", "district", "council_area", "likely_duplicate_of",
                       "duplicate_of", "assignee", "channel", "received_at", "acknowledged_at", "resolved_at",
                       "updated_at")
    fields = readonly_fields
    inlines = [StatusHistoryInline, StatusChangeInline]
    actions = ["found_dead", "found_felled", "found_stump"]

    def get_queryset(self, request):
        """The reports of the staff member's areas, in every status."""
        return report_queue(user=request.user, statuses=ReportStatus.values)

    def has_change_permission(self, request, obj=None):
        # Viewing a report shows the form to append a status change.
        return request.user.has_perm("trees.change_citizenreport")

    def save_model(self, request, obj, form, change):
        """The report's own fields are read-only here; nothing to save."""

    def save_formset(self, request, form, formset, change):
        # The admin's change log reads what each formset saved.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if not issubclass(formset.form, StatusChangeForm):
            return  # the history inline is read-only
        for status_form in formset.forms:
            if not status_form.has_changed() or not status_form.cleaned_data.get("status"):
                continue
            values = {f: status_form.cleaned_data.get(f) for f in STATUS_CHANGE_FIELDS}
            try:
                formset.new_objects.append(change_report_status(
                    report=form.instance, by=_staff_actor(request), status=values["status"],
                    comment=values["comment"] or "", reason=values["reason"] or "",
                    duplicate_of=values["duplicate_of"], assignee=values["assignee"],
                    maintenance_event=values["maintenance_event"]))
            except InventoryError as error:  # someone else changed the report meanwhile
                self.message_user(request, f"{error.field}: {error.message}", messages.ERROR)

    def _record_check(self, request, queryset, finding):
        done = 0
        for report in queryset:
            try:
                record_report_check(report=report, by=_staff_actor(request), finding=finding)
                done += 1
            except InventoryError as error:
                self.message_user(request, f"{report.tracking_code}: {error.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(count)d report(s) checked; the inventory is updated.") % {"count": done})

    @admin.action(description=_("Checked on site: the tree is dead"), permissions=["change"])
    def found_dead(self, request, queryset):
        self._record_check(request, queryset, "dead")

    @admin.action(description=_("Checked on site: the tree is felled"), permissions=["change"])
    def found_felled(self, request, queryset):
        self._record_check(request, queryset, "felled")

    @admin.action(description=_("Checked on site: only a stump is left"), permissions=["change"])
    def found_stump(self, request, queryset):
        self._record_check(request, queryset, "stump")


@admin.register(StaffArea)
class StaffAreaAdmin(admin.ModelAdmin):
    list_display = ("user", "area")
    list_filter = ("area__level", "area")
    raw_id_fields = ("user",)
