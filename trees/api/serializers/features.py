"""The documented shape of every Feature and FeatureCollection.

A `...Properties` serializer declares each property's name, type and
`source`, an ORM path such as `species__scientific_name`. The OpenAPI schema
is generated from these serializers, and `sql_properties` hands the same
sources to the selectors that build the GeoJSON in PostGIS, so the schema
and what the database emits cannot drift apart. Nested serializers inside
properties (a tree's newest condition, its links) are filled by the view."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from trees.api.serializers.geometry import MULTIPOLYGON_SCHEMA, POINT_SCHEMA


def sql_properties(properties_class: type[serializers.Serializer]) -> dict[str, str]:
    """Property name -> ORM path of the column that holds it."""
    return {name: field.source.replace(".", "__") for name, field in properties_class().fields.items()
            if not isinstance(field, serializers.BaseSerializer)}


def _constant(value: str, description: str):
    # A pattern rather than a one-value enum: every Feature has `type`, and
    # enum extraction would name one choice set per class.
    @extend_schema_field({"type": "string", "pattern": f"^{value}$", "example": value, "description": description})
    class Constant(serializers.CharField):
        pass
    return Constant


FeatureType = _constant("Feature", "always Feature")
CollectionType = _constant("FeatureCollection", "always FeatureCollection")


@extend_schema_field(POINT_SCHEMA)
class PointGeometry(serializers.JSONField):
    pass


@extend_schema_field(MULTIPOLYGON_SCHEMA)
class MultiPolygonGeometry(serializers.JSONField):
    pass


@extend_schema_field({"type": "object", "nullable": True, "description": "always null: this has no place"})
class NoGeometry(serializers.JSONField):
    pass


GEOMETRY_FIELDS = {"Point": PointGeometry, "MultiPolygon": MultiPolygonGeometry, None: NoGeometry}


def feature_serializer(properties_class: type[serializers.Serializer], *, geometry: str | None,
                       name: str) -> type[serializers.Serializer]:
    """A serializer documenting one Feature with these properties."""
    return type(name, (serializers.Serializer,), {
        "__doc__": properties_class.__doc__,
        "type": FeatureType(),
        "id": serializers.IntegerField(),
        "geometry": GEOMETRY_FIELDS[geometry](),
        "properties": properties_class(),
    })


class LinkSerializer(serializers.Serializer):
    rel = serializers.ChoiceField(choices=["self", "next", "prev"])
    href = serializers.URLField()
    type = serializers.CharField()


def collection_serializer(feature_class: type[serializers.Serializer], *, name: str) -> type[serializers.Serializer]:
    """A serializer documenting one page of a FeatureCollection."""
    collection = type(name, (serializers.Serializer,), {
        "__doc__": "One page of a GeoJSON FeatureCollection; follow the `next` link for the rest.",
        "type": CollectionType(),
        "numberMatched": serializers.IntegerField(help_text="features matching the query, on all pages"),
        "numberReturned": serializers.IntegerField(help_text="features on this page"),
        "links": LinkSerializer(many=True),
        "features": feature_class(many=True),
    })
    # A list action answers with this one object, not a list of them.
    return extend_schema_serializer(many=False)(collection)
