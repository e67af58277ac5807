"""Query parameters of /trees/."""
from django import forms
from django_filters import FilterSet, ModelChoiceFilter, ModelMultipleChoiceFilter, MultipleChoiceFilter

from trees.api.filters.common import FiniteNumberFilter, StableOrdering, TimeFilter, WholeNumberFilter
from trees.api.filters.params import BBoxFilter, PointFilter
from trees.api.limits import limit
from trees.models import (
    AdministrativeArea, AdministrativeLevel, ConditionClass, GreenArea, Municipality, Species, Tree, TreeStatus,
)
from trees.selectors import within_distance


def unknown(what: str) -> dict:
    return {"invalid_choice": f"unknown {what} %(value)s"}


class TreeFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        near, distance = cleaned.get("near"), cleaned.get("distance_m")
        if (near is None) != (distance is None) and not self.errors:
            missing = "distance_m" if near is not None else "near"
            self.add_error(missing, "near (longitude,latitude) and distance_m (metres) go together")
        low, high = cleaned.get("planted_year_min"), cleaned.get("planted_year_max")
        if low is not None and high is not None and low > high:
            self.add_error("planted_year_min", f"{low} is after planted_year_max {high}")
        return cleaned


class TreeFilter(FilterSet):
    bbox = BBoxFilter(field_name="location", lookup_expr="bboverlaps",
                      help_text="trees inside west,south,east,north (longitude/latitude), e.g. 74.58,42.86,74.62,42.88")
    near = PointFilter(method="filter_near", help_text="longitude,latitude; with distance_m, trees around it")
    distance_m = FiniteNumberFilter(method="filter_nothing", min_value=0, help_text="metres from `near`",
                                    max_value=limit("API_MAX_DISTANCE_M"))
    municipality = ModelChoiceFilter(queryset=Municipality.objects.all(), to_field_name="code",
                                     error_messages=unknown("municipality"), help_text="municipality code")
    district = ModelChoiceFilter(queryset=AdministrativeArea.objects.filter(level=AdministrativeLevel.DISTRICT),
                                 error_messages=unknown("district"), help_text="district id")
    council_area = ModelChoiceFilter(
        queryset=AdministrativeArea.objects.filter(level=AdministrativeLevel.COUNCIL_AREA),
        error_messages=unknown("council area"), help_text="council area id")
    green_area = ModelChoiceFilter(queryset=GreenArea.objects.all(), error_messages=unknown("green area"))
    species = ModelMultipleChoiceFilter(queryset=Species.objects.all(), error_messages=unknown("species"),
                                        help_text="species id; repeat for several")
    status = MultipleChoiceFilter(choices=TreeStatus.choices, help_text="repeat for several")
    condition = MultipleChoiceFilter(field_name="current_condition", choices=ConditionClass.choices,
                                     help_text="current condition; repeat for several")
    planted_year_min = WholeNumberFilter(field_name="planted_year", lookup_expr="gte", min_value=0, max_value=9999)
    planted_year_max = WholeNumberFilter(field_name="planted_year", lookup_expr="lte", min_value=0, max_value=9999)
    updated_since = TimeFilter(field_name="updated_at", lookup_expr="gte",
                                      help_text="changed at or after this ISO 8601 time")
    ordering = StableOrdering(fields=("id", "planted_year", "trunk_diameter_cm", "height_m", "updated_at"))

    class Meta:
        model = Tree
        fields = []
        form = TreeFilterForm

    def filter_near(self, queryset, name, point):
        return within_distance(queryset, point=point, metres=self.form.cleaned_data["distance_m"])

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_near
