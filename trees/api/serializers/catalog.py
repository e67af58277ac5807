"""The species catalogue."""
from rest_framework import serializers

from trees.api.serializers.features import collection_serializer, feature_serializer


class SpeciesProperties(serializers.Serializer):
    """A tree species, with the names surveys use for it."""

    scientific_name = serializers.CharField()
    genus = serializers.CharField()
    family = serializers.CharField()
    name_ru = serializers.CharField()
    name_ky = serializers.CharField()
    name_en = serializers.CharField()
    synonyms = serializers.ListField(child=serializers.CharField())
    native_to_kyrgyzstan = serializers.BooleanField()
    max_height_m = serializers.FloatField(help_text="largest plausible height")
    max_trunk_diameter_cm = serializers.FloatField(help_text="largest plausible trunk diameter")


SpeciesFeature = feature_serializer(SpeciesProperties, geometry=None, name="SpeciesFeature")
SpeciesCollection = collection_serializer(SpeciesFeature, name="SpeciesCollection")
