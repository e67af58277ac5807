"""Condition records and maintenance events."""
from rest_framework import serializers

from trees.api.serializers.features import collection_serializer, feature_serializer
from trees.api.serializers.inputs import PlainText, StrictInput
from trees.models import Channel, ConditionClass, ConditionSource, Defect, MaintenanceKind


class ConditionSummary(serializers.Serializer):
    """The newest condition record that still counts."""

    id = serializers.IntegerField()
    condition = serializers.ChoiceField(ConditionClass.choices)
    observed_at = serializers.DateTimeField()
    defects = serializers.ListField(child=serializers.ChoiceField(Defect.choices))
    notes = serializers.CharField()
    source = serializers.ChoiceField(ConditionSource.choices)


class ConditionProperties(serializers.Serializer):
    """One observation of a tree's or green area's condition. History is
    append-only: a correction is a new record pointing at the one it
    replaces (`corrects`); a retraction also has `retracts` and no condition."""

    tree = serializers.IntegerField(allow_null=True)
    green_area = serializers.IntegerField(allow_null=True)
    observed_at = serializers.DateTimeField()
    condition = serializers.ChoiceField(ConditionClass.choices, allow_null=True)
    defects = serializers.ListField(child=serializers.ChoiceField(Defect.choices))
    notes = serializers.CharField()
    source = serializers.ChoiceField(ConditionSource.choices)
    corrects = serializers.IntegerField(allow_null=True)
    retracts = serializers.BooleanField()
    channel = serializers.ChoiceField(Channel.choices)
    recorded_at = serializers.DateTimeField()


class MaintenanceProperties(serializers.Serializer):
    """One piece of work done on a tree or green area (append-only like the
    condition history)."""

    tree = serializers.IntegerField(allow_null=True)
    green_area = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(MaintenanceKind.choices)
    performed_at = serializers.DateTimeField()
    contractor = serializers.CharField()
    notes = serializers.CharField()
    corrects = serializers.IntegerField(allow_null=True)
    retracts = serializers.BooleanField()
    channel = serializers.ChoiceField(Channel.choices)
    recorded_at = serializers.DateTimeField()


class MaintenanceStaffProperties(MaintenanceProperties):
    """A maintenance event as staff see it, with the crew's or person's name."""

    performed_by = serializers.CharField(required=False, help_text="shown to staff only")


ConditionFeature = feature_serializer(ConditionProperties, geometry="Point", name="ConditionRecordFeature")
ConditionCollection = collection_serializer(ConditionFeature, name="ConditionRecordCollection")
MaintenanceFeature = feature_serializer(MaintenanceStaffProperties, geometry="Point",
                                        name="MaintenanceEventFeature")
MaintenanceCollection = collection_serializer(MaintenanceFeature, name="MaintenanceEventCollection")

class ConditionInput(StrictInput):
    """A condition observation; `observed_at` defaults to now."""

    condition = serializers.ChoiceField(ConditionClass.choices)
    defects = serializers.ListField(child=serializers.ChoiceField(Defect.choices), required=False,
                                    max_length=len(Defect.choices))
    observed_at = serializers.DateTimeField(required=False)
    notes = PlainText(max_length=4000)
    source = serializers.ChoiceField(ConditionSource.choices, required=False, default=ConditionSource.INSPECTION)

    def validate_source(self, value):
        # A correction replaces a given record (its own act), not a new observation.
        if value == ConditionSource.CORRECTION:
            raise serializers.ValidationError("corrections are not recorded as new observations")
        return value


class MaintenanceInput(StrictInput):
    """Work done; `performed_at` defaults to now. Felling marks a tree
    removed, planting brings a planting site to life."""

    kind = serializers.ChoiceField(MaintenanceKind.choices)
    performed_at = serializers.DateTimeField(required=False)
    performed_by = PlainText(max_length=200)
    contractor = PlainText(max_length=200)
    notes = PlainText(max_length=4000)
