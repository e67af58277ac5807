"""Filters several collections share."""
import datetime

from django import forms
from django_filters import IsoDateTimeFilter, NumberFilter, OrderingFilter
from django_filters.fields import IsoDateTimeField


class StableOrdering(OrderingFilter):
    """`ordering=-height_m,planted_year`; ties are broken by id so pages
    never overlap or skip rows."""

    def filter(self, queryset, value):
        queryset = super().filter(queryset, value)
        return queryset.order_by(*queryset.query.order_by, "pk") if value else queryset


class WholeNumberFilter(NumberFilter):
    field_class = forms.IntegerField


class FiniteNumberFilter(NumberFilter):
    field_class = forms.FloatField


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, moved to UTC: PostgreSQL refuses offsets past
    ±15:59 that ISO 8601 allows, and a time next to year 1 or 9999 can fall
    off the calendar when moved."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.timezone.utc)
        except OverflowError:
            raise forms.ValidationError(f"{value.isoformat()} is out of range", code="overflow") from None


class TimeFilter(IsoDateTimeFilter):
    field_class = UTCDateTimeField
