"""Query parameters of /reports/."""
from django_filters import FilterSet, ModelChoiceFilter, MultipleChoiceFilter

from trees.api.filters.common import TimeFilter
from trees.api.filters.params import BBoxFilter
from trees.api.filters.trees import unknown
from trees.models import AdministrativeArea, AdministrativeLevel, CitizenReport, Municipality, ReportCategory, ReportStatus


class ReportFilter(FilterSet):
    bbox = BBoxFilter(field_name="location", lookup_expr="bboverlaps",
                      help_text="reports inside west,south,east,north (longitude/latitude)")
    status = MultipleChoiceFilter(choices=ReportStatus.choices, help_text="repeat for several")
    category = MultipleChoiceFilter(choices=ReportCategory.choices, help_text="repeat for several")
    municipality = ModelChoiceFilter(queryset=Municipality.objects.all(), to_field_name="code",
                                     error_messages=unknown("municipality"), help_text="municipality code")
    district = ModelChoiceFilter(queryset=AdministrativeArea.objects.filter(level=AdministrativeLevel.DISTRICT),
                                 error_messages=unknown("district"), help_text="district id")
    received_since = TimeFilter(field_name="received_at", lookup_expr="gte")
    updated_since = TimeFilter(field_name="updated_at", lookup_expr="gte", help_text="status changed at or after")

    class Meta:
        model = CitizenReport
        fields = []
