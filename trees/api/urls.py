"""/api/v1/: the inventory as GeoJSON."""
from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import Route, SimpleRouter

from trees.api.schema import register_enum_names
from trees.api.views.areas import AdministrativeAreaViewSet, GreenAreaViewSet
from trees.api.views.catalog import SpeciesViewSet
from trees.api.views.history import ConditionRecordViewSet, MaintenanceEventViewSet
from trees.api.views.reports import CitizenReportViewSet
from trees.api.views.subject_history import (
    GreenAreaConditionViewSet, GreenAreaMaintenanceViewSet, TreeConditionViewSet, TreeMaintenanceViewSet,
)
from trees.api.views.trees import TreeViewSet

app_name = "api"
register_enum_names()



class CollectionRouter(SimpleRouter):
    """Routes only the collection (GET list, POST create): one subject's
    records are addressed as /conditions/{id}/ like all the others."""

    routes = [route for route in SimpleRouter.routes if isinstance(route, Route) and not route.detail]


router = SimpleRouter()
router.register("trees", TreeViewSet, basename="tree")
router.register("green-areas", GreenAreaViewSet, basename="greenarea")
router.register("conditions", ConditionRecordViewSet, basename="conditionrecord")
router.register("maintenance", MaintenanceEventViewSet, basename="maintenanceevent")
router.register("species", SpeciesViewSet, basename="species")
router.register("administrative-areas", AdministrativeAreaViewSet, basename="administrativearea")
router.register("reports", CitizenReportViewSet, basename="report")

histories = CollectionRouter()
histories.register(r"trees/(?P<tree_pk>[0-9]{1,18})/conditions", TreeConditionViewSet, basename="tree-conditions")
histories.register(r"trees/(?P<tree_pk>[0-9]{1,18})/maintenance", TreeMaintenanceViewSet,
                   basename="tree-maintenance")
histories.register(r"green-areas/(?P<area_pk>[0-9]{1,18})/conditions", GreenAreaConditionViewSet,
                   basename="greenarea-conditions")
histories.register(r"green-areas/(?P<area_pk>[0-9]{1,18})/maintenance", GreenAreaMaintenanceViewSet,
                   basename="greenarea-maintenance")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    *router.urls,
    *histories.urls,
]
