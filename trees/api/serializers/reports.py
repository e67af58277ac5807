"""Citizen reports (read side; filing and handling them is the report
workflow's). `contact` is personal data: staff only."""
from rest_framework import serializers

from trees.api.serializers.features import collection_serializer, feature_serializer
from trees.models import ReportCategory, ReportStatus


class ReportProperties(serializers.Serializer):
    """A resident's report of a problem at a point."""

    category = serializers.ChoiceField(ReportCategory.choices)
    description = serializers.CharField()
    address = serializers.CharField(help_text="address or landmark the resident gave")
    status = serializers.ChoiceField(ReportStatus.choices)
    tree = serializers.IntegerField(allow_null=True)
    municipality = serializers.CharField(source="municipality.code")
    district = serializers.IntegerField(allow_null=True)
    council_area = serializers.IntegerField(allow_null=True)
    duplicate_of = serializers.IntegerField(allow_null=True)
    received_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class ReportStaffProperties(ReportProperties):
    """A report as staff see it, with the reporter's contact."""

    tracking_code = serializers.CharField(required=False, help_text="staff only")
    contact = serializers.CharField(required=False, help_text="staff only: personal data")
    channel = serializers.CharField(required=False, help_text="staff only")


ReportFeature = feature_serializer(ReportStaffProperties, geometry="Point", name="ReportFeature")
ReportCollection = collection_serializer(ReportFeature, name="ReportCollection")
