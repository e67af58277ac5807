"""What every collection of the API shares: GeoJSON built by PostGIS,
pages, entity tags, strict query parameters, errors that name the field,
and who is acting through which channel."""
from __future__ import annotations

from django.http import HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from rest_framework import status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.metadata import SimpleMetadata
from rest_framework.response import Response

from trees import selectors
from trees.api.errors import api_exception_handler
from trees.api.etags import etag_of, matches
from trees.api.filters.strict import StrictFilterBackend, reject_unknown_parameters
from trees.api.pagination import FeaturePagination
from trees.api.parsers import StrictJSONParser
from trees.api.permissions import PublicReadModelWrite
from trees.api.renderers import GeoJSONRenderer, PlainJSONRenderer
from trees.api.serializers.features import sql_properties
from trees.models import Channel
from trees.services import Actor


class MethodsOnlyMetadata(SimpleMetadata):
    """OPTIONS names the methods (Allow), renderers and parsers; request
    bodies are described by the OpenAPI schema at /api/schema/."""

    def determine_actions(self, request, view):
        return {}


class FeatureViewSet(viewsets.GenericViewSet):
    """Lists and shows one model as GeoJSON. Subclasses name the `model`,
    its `geometry` (ORM path or expression, None for none), the
    `properties` serializer and a `get_queryset` from a selector."""

    model = None
    geometry = None
    properties = None
    renderer_classes = [GeoJSONRenderer, PlainJSONRenderer]
    parser_classes = [StrictJSONParser]
    # Token first, so an anonymous write is told (401, WWW-Authenticate) how to sign in.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [PublicReadModelWrite]
    filter_backends = [StrictFilterBackend]
    pagination_class = FeaturePagination
    metadata_class = MethodsOnlyMetadata
    extra_query_params = FeaturePagination.query_params
    lookup_value_regex = r"[0-9]{1,18}"

    def get_exception_handler(self):
        return api_exception_handler

    def get_properties_class(self):
        return self.properties

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        paginator = self.pagination_class()
        page = paginator.paginate(queryset, request)
        returned, features = selectors.features_json(page.rows, geometry=self.geometry,
                                                     properties=sql_properties(self.get_properties_class()))
        return Response(paginator.collection(page, request, returned=returned, features=features))

    def retrieve(self, request, *args, **kwargs):
        reject_unknown_parameters(request, ())
        return Response(self.representation(self.kwargs[self.lookup_field]))

    def representation(self, pk) -> dict:
        """The Feature a GET of this object answers with."""
        found = selectors.feature(self.get_queryset().filter(pk=pk), geometry=self.geometry,
                                  properties=sql_properties(self.get_properties_class()))
        if found is None:
            raise self.not_found(pk)
        return found

    def created(self, pk, detail_route: str) -> Response:
        """201 with the new object's Feature, and its address in Location."""
        location = self.request.build_absolute_uri(reverse(detail_route, kwargs={"pk": pk}))
        return Response(self.representation(pk), status=status.HTTP_201_CREATED, headers={"Location": location})

    def not_found(self, pk) -> NotFound:
        return NotFound(f"there is no {self.model._meta.verbose_name} {pk}")

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def actor(self) -> Actor:
        """Token clients are scripts and apps (API); sessions are the web map."""
        token = isinstance(self.request.successful_authenticator, TokenAuthentication)
        return Actor(user=self.request.user, channel=Channel.API if token else Channel.WEB)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code in (200, 201) and response.data is not None:
            etag = etag_of(response.data)
            if request.method in ("GET", "HEAD") and matches(request.headers.get("If-None-Match"), etag):
                response = HttpResponseNotModified()
            response["ETag"] = etag
        # Staff see more (crews' names, contacts): a shared cache must not mix answers.
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return super().finalize_response(request, response, *args, **kwargs)
