"""/species/: the species catalogue (read only; moderators edit it in the admin)."""
from drf_spectacular.utils import extend_schema, extend_schema_view

from trees import selectors
from trees.api.filters.catalog import SpeciesFilter
from trees.api.schema import NOT_FOUND, READ_ERRORS
from trees.api.serializers.catalog import SpeciesCollection, SpeciesFeature, SpeciesProperties
from trees.api.views.base import FeatureViewSet
from trees.models import Species


@extend_schema_view(
    list=extend_schema(summary="Tree species (Features without geometry)",
                       responses={200: SpeciesCollection, **READ_ERRORS}),
    retrieve=extend_schema(summary="One species", responses={200: SpeciesFeature, 404: NOT_FOUND}),
)
class SpeciesViewSet(FeatureViewSet):
    model = Species
    geometry = None
    properties = SpeciesProperties
    filterset_class = SpeciesFilter
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.species_list()
