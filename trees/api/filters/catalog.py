"""Query parameters of /species/."""
from django_filters import BooleanFilter, CharFilter, FilterSet

from trees.models import Species
from trees.selectors import species_list


class SpeciesFilter(FilterSet):
    name = CharFilter(method="filter_name", max_length=100,
                      help_text="part of the scientific, Russian, Kyrgyz or English name")
    native = BooleanFilter(field_name="native_to_kyrgyzstan")

    class Meta:
        model = Species
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.filter(pk__in=species_list(name=value).values("pk"))
