"""Green areas and administrative areas."""
from rest_framework import serializers

from trees.api.serializers.features import collection_serializer, feature_serializer
from trees.api.serializers.geometry import GeoJSONAreaField
from trees.api.serializers.inputs import PlainText, StrictInput
from trees.models import AdministrativeLevel, ConditionClass, GreenAreaKind


class GreenAreaProperties(serializers.Serializer):
    """A park, square, boulevard or other green area."""

    kind = serializers.ChoiceField(GreenAreaKind.choices)
    name_ru = serializers.CharField()
    name_ky = serializers.CharField()
    name_en = serializers.CharField()
    area_m2 = serializers.FloatField(help_text="measured on the spheroid")
    municipality = serializers.CharField(source="municipality.code")
    district = serializers.IntegerField(allow_null=True)
    current_condition = serializers.ChoiceField(ConditionClass.choices, allow_null=True)
    current_condition_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class AdministrativeAreaProperties(serializers.Serializer):
    """A district or city council area of a municipality."""

    municipality = serializers.CharField(source="municipality.code")
    level = serializers.ChoiceField(AdministrativeLevel.choices)
    code = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    name_ru = serializers.CharField()
    name_ky = serializers.CharField()
    name_en = serializers.CharField()


GreenAreaFeature = feature_serializer(GreenAreaProperties, geometry="MultiPolygon", name="GreenAreaFeature")
GreenAreaCollection = collection_serializer(GreenAreaFeature, name="GreenAreaCollection")
AdministrativeAreaFeature = feature_serializer(AdministrativeAreaProperties, geometry="MultiPolygon",
                                               name="AdministrativeAreaFeature")
AdministrativeAreaCollection = collection_serializer(AdministrativeAreaFeature, name="AdministrativeAreaCollection")


class GreenAreaInput(StrictInput):
    """A new green area; its municipality, district and area come from the shape."""

    boundary = GeoJSONAreaField()
    kind = serializers.ChoiceField(GreenAreaKind.choices)
    name_ru = serializers.CharField(max_length=200)
    name_ky = PlainText(max_length=200)
    name_en = PlainText(max_length=200)


class GreenAreaChanges(GreenAreaInput):
    boundary = GeoJSONAreaField(required=False)
    kind = serializers.ChoiceField(GreenAreaKind.choices, required=False)
    name_ru = serializers.CharField(max_length=200, required=False)
