"""Trees: the properties the API shows and the bodies it accepts."""
from rest_framework import serializers

from trees.api.serializers.features import collection_serializer, feature_serializer
from trees.api.serializers.geometry import GeoJSONPointField
from trees.api.serializers.history import ConditionSummary
from trees.api.serializers.inputs import PlainText, StrictInput, known_object
from trees.models import ConditionClass, GreenArea, Species, TreeStatus


class TreeProperties(serializers.Serializer):
    """A tree or planting site of the inventory."""

    species = serializers.IntegerField(allow_null=True, help_text="species id, see /api/v1/species/")
    species_name = serializers.CharField(source="species.scientific_name", allow_null=True)
    status = serializers.ChoiceField(TreeStatus.choices)
    planted_year = serializers.IntegerField(allow_null=True)
    trunk_diameter_cm = serializers.FloatField(allow_null=True, help_text="at breast height")
    height_m = serializers.FloatField(allow_null=True)
    crown_diameter_m = serializers.FloatField(allow_null=True)
    address = serializers.CharField()
    municipality = serializers.CharField(source="municipality.code")
    district = serializers.IntegerField(allow_null=True)
    council_area = serializers.IntegerField(allow_null=True)
    green_area = serializers.IntegerField(allow_null=True)
    current_condition = serializers.ChoiceField(ConditionClass.choices, allow_null=True,
                                                help_text="from the newest condition record")
    current_condition_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="grows with every change of the tree's attributes")


class TreeLinks(serializers.Serializer):
    conditions = serializers.URLField(help_text="the tree's full condition history")
    maintenance = serializers.URLField(help_text="the work done on the tree")


class TreeDetailProperties(TreeProperties):
    """A tree with its newest condition and links to its whole history."""

    external_ids = serializers.DictField(child=serializers.CharField(), help_text="ids in field surveys")
    created_at = serializers.DateTimeField()
    newest_condition = ConditionSummary(allow_null=True)
    links = TreeLinks()


TreeFeature = feature_serializer(TreeProperties, geometry="Point", name="TreeFeature")
TreeDetailFeature = feature_serializer(TreeDetailProperties, geometry="Point", name="TreeDetailFeature")
TreeCollection = collection_serializer(TreeFeature, name="TreeCollection")


class ExternalIdsField(serializers.DictField):
    """{"survey name": "id in it"}: short keys and values, a handful of them."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(max_length=200), required=False, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, dict) and len(data) > 20:
            raise serializers.ValidationError("at most 20 external ids")
        value = super().to_internal_value(data)
        for key in value:
            serializers.CharField(max_length=100).run_validation(key)
        return value


class TreeInput(StrictInput):
    """A new tree. Its municipality, district and (unless given) green area
    are derived from `location`."""

    location = GeoJSONPointField()
    species = known_object(Species.objects.all(), "species")
    status = serializers.ChoiceField(TreeStatus.choices, required=False, default=TreeStatus.ALIVE)
    planted_year = serializers.IntegerField(required=False, allow_null=True)
    trunk_diameter_cm = serializers.FloatField(required=False, allow_null=True)
    height_m = serializers.FloatField(required=False, allow_null=True)
    crown_diameter_m = serializers.FloatField(required=False, allow_null=True)
    address = PlainText(max_length=300)
    green_area = known_object(GreenArea.objects.all(), "green area")
    external_ids = ExternalIdsField()

    def validate_status(self, value):
        if value == TreeStatus.WITHDRAWN:
            raise serializers.ValidationError("a new tree cannot be withdrawn; withdraw an existing one instead")
        return value


class TreeChanges(TreeInput):
    """Changed attributes of a tree; `status: withdrawn` takes back a tree
    entered in error."""

    location = GeoJSONPointField(required=False)
    status = serializers.ChoiceField(TreeStatus.choices, required=False)

    def validate_status(self, value):
        return value  # withdrawing an existing tree is a change like any other
