"""Query parameters of the condition history and the maintenance log."""
from django_filters import FilterSet, ModelChoiceFilter, MultipleChoiceFilter

from trees.api.filters.common import TimeFilter
from trees.api.filters.trees import unknown
from trees.models import ConditionClass, ConditionRecord, GreenArea, MaintenanceEvent, MaintenanceKind, Tree

UPDATED_SINCE_HELP = "recorded at or after this ISO 8601 time"


class SubjectConditionFilter(FilterSet):
    """Under /trees/{id}/conditions/, where the subject is in the path."""

    condition = MultipleChoiceFilter(choices=ConditionClass.choices, help_text="repeat for several")
    observed_since = TimeFilter(field_name="observed_at", lookup_expr="gte")
    observed_before = TimeFilter(field_name="observed_at", lookup_expr="lt")
    updated_since = TimeFilter(field_name="recorded_at", lookup_expr="gte", help_text=UPDATED_SINCE_HELP)

    class Meta:
        model = ConditionRecord
        fields = []


class SubjectMaintenanceFilter(FilterSet):
    kind = MultipleChoiceFilter(choices=MaintenanceKind.choices, help_text="repeat for several")
    performed_since = TimeFilter(field_name="performed_at", lookup_expr="gte")
    performed_before = TimeFilter(field_name="performed_at", lookup_expr="lt")
    updated_since = TimeFilter(field_name="recorded_at", lookup_expr="gte", help_text=UPDATED_SINCE_HELP)

    class Meta:
        model = MaintenanceEvent
        fields = []


def _tree_filter():
    return ModelChoiceFilter(queryset=Tree.objects.all(), error_messages=unknown("tree"), help_text="tree id")


def _green_area_filter():
    return ModelChoiceFilter(queryset=GreenArea.objects.all(), error_messages=unknown("green area"),
                             help_text="green area id")


class ConditionRecordFilter(SubjectConditionFilter):
    tree = _tree_filter()
    green_area = _green_area_filter()


class MaintenanceEventFilter(SubjectMaintenanceFilter):
    tree = _tree_filter()
    green_area = _green_area_filter()
