"""The condition history and the maintenance log of everything:
/conditions/ and /maintenance/ (one subject's: `subject_history`)."""
from drf_spectacular.utils import extend_schema, extend_schema_view

from trees import selectors
from trees.api.filters.history import ConditionRecordFilter, MaintenanceEventFilter
from trees.api.permissions import can, sees_personal_data
from trees.api.schema import NOT_FOUND, READ_ERRORS
from trees.api.serializers.history import (
    ConditionCollection, ConditionFeature, ConditionProperties, MaintenanceCollection, MaintenanceFeature,
    MaintenanceProperties, MaintenanceStaffProperties,
)
from trees.api.views.base import FeatureViewSet
from trees.models import ConditionRecord, MaintenanceEvent


class HistoryViewSet(FeatureViewSet):
    geometry = selectors.subject_point()

    def sees_withdrawn(self) -> bool:
        return can(self.request, "trees.change_tree")


@extend_schema_view(
    list=extend_schema(summary="Condition records of all trees and green areas",
                       responses={200: ConditionCollection, **READ_ERRORS}),
    retrieve=extend_schema(summary="One condition record", responses={200: ConditionFeature, 404: NOT_FOUND}),
)
class ConditionRecordViewSet(HistoryViewSet):
    model = ConditionRecord
    properties = ConditionProperties
    filterset_class = ConditionRecordFilter

    def get_queryset(self):
        return selectors.condition_record_list(include_withdrawn=self.sees_withdrawn())


@extend_schema_view(
    list=extend_schema(summary="Maintenance events of all trees and green areas",
                       description="The crew's name (`performed_by`) is shown to staff only.",
                       responses={200: MaintenanceCollection, **READ_ERRORS}),
    retrieve=extend_schema(summary="One maintenance event", responses={200: MaintenanceFeature, 404: NOT_FOUND}),
)
class MaintenanceEventViewSet(HistoryViewSet):
    model = MaintenanceEvent
    filterset_class = MaintenanceEventFilter

    def get_properties_class(self):
        if sees_personal_data(self.request, "trees.view_maintenanceevent"):
            return MaintenanceStaffProperties
        return MaintenanceProperties

    def get_queryset(self):
        return selectors.maintenance_event_list(include_withdrawn=self.sees_withdrawn())
