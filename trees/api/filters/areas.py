"""Query parameters of green areas and administrative areas."""
from django_filters import FilterSet, ModelChoiceFilter, MultipleChoiceFilter

from trees.api.filters.common import StableOrdering, TimeFilter
from trees.api.filters.params import BBoxFilter
from trees.api.filters.trees import unknown
from trees.models import AdministrativeArea, AdministrativeLevel, GreenArea, GreenAreaKind, Municipality


class GreenAreaFilter(FilterSet):
    bbox = BBoxFilter(field_name="boundary", lookup_expr="intersects",
                      help_text="areas meeting west,south,east,north (longitude/latitude)")
    kind = MultipleChoiceFilter(choices=GreenAreaKind.choices, help_text="repeat for several")
    municipality = ModelChoiceFilter(queryset=Municipality.objects.all(), to_field_name="code",
                                     error_messages=unknown("municipality"), help_text="municipality code")
    district = ModelChoiceFilter(queryset=AdministrativeArea.objects.filter(level=AdministrativeLevel.DISTRICT),
                                 error_messages=unknown("district"), help_text="district id")
    updated_since = TimeFilter(field_name="updated_at", lookup_expr="gte")
    ordering = StableOrdering(fields=("id", "name_ru", "area_m2", "updated_at"))

    class Meta:
        model = GreenArea
        fields = []


class AdministrativeAreaFilter(FilterSet):
    municipality = ModelChoiceFilter(queryset=Municipality.objects.all(), to_field_name="code",
                                     error_messages=unknown("municipality"), help_text="municipality code")
    level = MultipleChoiceFilter(choices=AdministrativeLevel.choices)
    parent = ModelChoiceFilter(queryset=AdministrativeArea.objects.all(), error_messages=unknown("area"),
                               help_text="the district whose council areas to list")

    class Meta:
        model = AdministrativeArea
        fields = []
