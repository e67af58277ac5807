"""One subject's history: /trees/{id}/conditions/, /trees/{id}/maintenance/
and the same under /green-areas/{id}/. GET lists it; POST appends a record
through the services (permission trees.add_conditionrecord or
trees.add_maintenanceevent)."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view

from trees import selectors, services
from trees.api.filters.history import SubjectConditionFilter, SubjectMaintenanceFilter
from trees.api.schema import READ_ERRORS, WRITE_ERRORS
from trees.api.serializers.history import (
    ConditionCollection, ConditionFeature, ConditionInput, MaintenanceCollection, MaintenanceFeature,
    MaintenanceInput,
)
from trees.api.views.history import ConditionRecordViewSet, MaintenanceEventViewSet


class _OfSubject:
    subject_field: str  # "tree" or "green_area"
    path_kwarg: str
    http_method_names = ["get", "post", "head", "options"]

    def subjects(self):
        raise NotImplementedError

    def subject(self):
        if not hasattr(self, "_subject"):
            self._subject = get_object_or_404(self.subjects(), pk=self.kwargs[self.path_kwarg])
        return self._subject

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the model, no request
            return super().get_queryset().none()
        return super().get_queryset().filter(**{self.subject_field: self.subject()})


class _OfTree(_OfSubject):
    subject_field, path_kwarg = "tree", "tree_pk"

    def subjects(self):
        return selectors.tree_list(include_withdrawn=self.sees_withdrawn())


class _OfGreenArea(_OfSubject):
    subject_field, path_kwarg = "green_area", "area_pk"

    def subjects(self):
        return selectors.green_area_list()


class _AppendsConditions:
    filterset_class = SubjectConditionFilter

    def create(self, request, *args, **kwargs):
        record = services.record_condition(**{self.subject_field: self.subject()}, by=self.actor(),
                                           **self.validated(ConditionInput))
        return self.created(record.pk, "api:conditionrecord-detail")


class _LogsMaintenance:
    filterset_class = SubjectMaintenanceFilter

    def create(self, request, *args, **kwargs):
        event = services.log_maintenance(**{self.subject_field: self.subject()}, by=self.actor(),
                                         **self.validated(MaintenanceInput))
        return self.created(event.pk, "api:maintenanceevent-detail")


def _conditions_schema(subject: str):
    return extend_schema_view(
        list=extend_schema(summary=f"The condition history of one {subject}",
                           responses={200: ConditionCollection, **READ_ERRORS}),
        create=extend_schema(summary=f"Record the condition of a {subject} (permission trees.add_conditionrecord)",
                             request=ConditionInput, responses={201: ConditionFeature, **WRITE_ERRORS}))


def _maintenance_schema(subject: str):
    return extend_schema_view(
        list=extend_schema(summary=f"The maintenance log of one {subject}",
                           responses={200: MaintenanceCollection, **READ_ERRORS}),
        create=extend_schema(summary=f"Log work done on a {subject} (permission trees.add_maintenanceevent)",
                             request=MaintenanceInput, responses={201: MaintenanceFeature, **WRITE_ERRORS}))


@_conditions_schema("tree")
class TreeConditionViewSet(_OfTree, _AppendsConditions, ConditionRecordViewSet):
    pass


@_conditions_schema("green area")
class GreenAreaConditionViewSet(_OfGreenArea, _AppendsConditions, ConditionRecordViewSet):
    pass


@_maintenance_schema("tree")
class TreeMaintenanceViewSet(_OfTree, _LogsMaintenance, MaintenanceEventViewSet):
    pass


@_maintenance_schema("green area")
class GreenAreaMaintenanceViewSet(_OfGreenArea, _LogsMaintenance, MaintenanceEventViewSet):
    pass
