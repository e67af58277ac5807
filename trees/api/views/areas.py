"""/green-areas/ (gardeners and moderators draw and reshape them) and
/administrative-areas/ (districts and council areas, read only)."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from trees import selectors, services
from trees.api.etags import etag_of, require_if_match
from trees.api.filters.areas import AdministrativeAreaFilter, GreenAreaFilter
from trees.api.schema import IF_MATCH, NOT_FOUND, READ_ERRORS, STALE, WRITE_ERRORS
from trees.api.serializers.areas import (
    AdministrativeAreaCollection, AdministrativeAreaFeature, AdministrativeAreaProperties, GreenAreaChanges,
    GreenAreaCollection, GreenAreaFeature, GreenAreaInput, GreenAreaProperties,
)
from trees.api.views.base import FeatureViewSet
from trees.models import AdministrativeArea, GreenArea


@extend_schema_view(
    list=extend_schema(summary="Parks, squares, boulevards and other green areas",
                       responses={200: GreenAreaCollection, **READ_ERRORS}),
    retrieve=extend_schema(summary="One green area", responses={200: GreenAreaFeature, 404: NOT_FOUND}),
    create=extend_schema(summary="Add a green area (permission trees.add_greenarea)", request=GreenAreaInput,
                         responses={201: GreenAreaFeature, **WRITE_ERRORS}),
    partial_update=extend_schema(summary="Rename or reshape a green area (permission trees.change_greenarea)",
                                 request=GreenAreaChanges, parameters=[IF_MATCH],
                                 responses={200: GreenAreaFeature, **WRITE_ERRORS, 412: STALE}),
)
class GreenAreaViewSet(FeatureViewSet):
    model = GreenArea
    geometry = "boundary"
    properties = GreenAreaProperties
    filterset_class = GreenAreaFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.green_area_list()

    def create(self, request, *args, **kwargs):
        area = services.create_green_area(by=self.actor(), **self.validated(GreenAreaInput))
        return self.created(area.pk, "api:greenarea-detail")

    def partial_update(self, request, *args, **kwargs):
        pk = int(self.kwargs["pk"])
        changes = self.validated(GreenAreaChanges, partial=True)
        current = self.representation(pk)
        guarded = require_if_match(request, current_etag=etag_of(current), what=f"green area {pk}")
        services.update_green_area(area=self.get_queryset().get(pk=pk), by=self.actor(), **changes,
                                   expected_version=current["properties"]["version"] if guarded else None)
        return Response(self.representation(pk))


@extend_schema_view(
    list=extend_schema(summary="Districts and city council areas",
                       responses={200: AdministrativeAreaCollection, **READ_ERRORS}),
    retrieve=extend_schema(summary="One district or council area",
                           responses={200: AdministrativeAreaFeature, 404: NOT_FOUND}),
)
class AdministrativeAreaViewSet(FeatureViewSet):
    model = AdministrativeArea
    geometry = "boundary"
    properties = AdministrativeAreaProperties
    filterset_class = AdministrativeAreaFilter
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.administrative_area_list()
