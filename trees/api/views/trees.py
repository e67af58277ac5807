"""/trees/: the inventory's trees."""
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from trees import selectors, services
from trees.api.etags import etag_of, require_if_match
from trees.api.filters.trees import TreeFilter
from trees.api.permissions import can
from trees.api.schema import IF_MATCH, NOT_FOUND, READ_ERRORS, STALE, WRITE_ERRORS
from trees.api.serializers.features import sql_properties
from trees.api.serializers.history import ConditionSummary
from trees.api.serializers.trees import (
    TreeChanges, TreeCollection, TreeDetailFeature, TreeDetailProperties, TreeInput, TreeProperties,
)
from trees.api.views.base import FeatureViewSet
from trees.models import Tree, TreeStatus


@extend_schema_view(
    list=extend_schema(summary="Trees, as a GeoJSON FeatureCollection",
                       description="Withdrawn trees (entered in error) are left out.",
                       responses={200: TreeCollection, **READ_ERRORS}),
    retrieve=extend_schema(summary="One tree, with its newest condition and links to its history",
                           responses={200: TreeDetailFeature, 404: NOT_FOUND}),
    create=extend_schema(summary="Add a tree (permission trees.add_tree)", request=TreeInput,
                         responses={201: TreeDetailFeature, **WRITE_ERRORS}),
    partial_update=extend_schema(summary="Change a tree (permission trees.change_tree)", request=TreeChanges,
                                 parameters=[IF_MATCH], responses={200: TreeDetailFeature, **WRITE_ERRORS,
                                                                   412: STALE}),
)
class TreeViewSet(FeatureViewSet):
    model = Tree
    geometry = "location"
    properties = TreeProperties
    filterset_class = TreeFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.tree_list(include_withdrawn=self._sees_withdrawn())

    def _sees_withdrawn(self) -> bool:
        # Staff who can change trees find withdrawn ones by id, or by asking for them.
        if not can(self.request, "trees.change_tree"):
            return False
        return self.action != "list" or TreeStatus.WITHDRAWN in self.request.query_params.getlist("status")

    def representation(self, pk) -> dict:
        tree = selectors.feature(self.get_queryset().filter(pk=pk), geometry=self.geometry,
                                 properties=sql_properties(TreeDetailProperties))
        if tree is None:
            raise self.not_found(pk)
        newest = selectors.feature(selectors.current_condition_records().filter(tree_id=pk), geometry=None,
                                   properties=sql_properties(ConditionSummary))
        tree["properties"]["newest_condition"] = newest and newest["properties"]
        tree["properties"]["links"] = {
            name: self.request.build_absolute_uri(reverse(f"api:tree-{name}-list", kwargs={"tree_pk": pk}))
            for name in ("conditions", "maintenance")}
        return tree

    def create(self, request, *args, **kwargs):
        tree = services.create_tree(by=self.actor(), **self.validated(TreeInput))
        return self.created(tree.pk, "api:tree-detail")

    def partial_update(self, request, *args, **kwargs):
        pk = int(self.kwargs["pk"])
        changes = self.validated(TreeChanges, partial=True)
        current = self.representation(pk)
        guarded = require_if_match(request, current_etag=etag_of(current), what=f"tree {pk}")
        # The service re-checks the version under a row lock: a write that
        # lands between this read and that lock is still refused (412).
        services.update_tree(tree=pk, by=self.actor(), **changes,
                             expected_version=current["properties"]["version"] if guarded else None)
        return Response(self.representation(pk))
