"""/reports/: citizen reports, read side. The public sees what was reported
where and how it is going; staff also see the reporter's contact, the
tracking code and reports rejected as spam."""
from drf_spectacular.utils import extend_schema, extend_schema_view

from trees import selectors
from trees.api.filters.reports import ReportFilter
from trees.api.permissions import sees_personal_data
from trees.api.schema import NOT_FOUND, READ_ERRORS
from trees.api.serializers.reports import ReportCollection, ReportFeature, ReportProperties, ReportStaffProperties
from trees.api.views.base import FeatureViewSet
from trees.models import CitizenReport


@extend_schema_view(
    list=extend_schema(summary="Citizen reports", responses={200: ReportCollection, **READ_ERRORS}),
    retrieve=extend_schema(summary="One citizen report", responses={200: ReportFeature, 404: NOT_FOUND}),
)
class CitizenReportViewSet(FeatureViewSet):
    model = CitizenReport
    geometry = "location"
    filterset_class = ReportFilter
    http_method_names = ["get", "head", "options"]

    def is_staff_reader(self) -> bool:
        return sees_personal_data(self.request, "trees.view_citizenreport")

    def get_properties_class(self):
        return ReportStaffProperties if self.is_staff_reader() else ReportProperties

    def get_queryset(self):
        return selectors.report_list(include_spam=self.is_staff_reader())
