"""Shared pieces of the write serializers: a body may only hold fields the
endpoint accepts (a typo is a 400, not a silently ignored key)."""
from rest_framework import serializers


class StrictInput(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, dict):
            accepted = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in accepted)
            if unknown:
                raise serializers.ValidationError(
                    {unknown[0][:80]: [f"unknown field; this endpoint accepts {', '.join(sorted(accepted))}"]})
        return super().to_internal_value(data)


def known_object(queryset, what: str) -> serializers.PrimaryKeyRelatedField:
    """An id of an existing row, with an error that says what was not found."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, required=False, allow_null=True,
        error_messages={"does_not_exist": f"unknown {what} {{pk_value}}",
                        "incorrect_type": f"a {what} id (a whole number) is required, got {{data_type}}"})


class PlainText(serializers.CharField):
    """Free text; blank allowed."""

    def __init__(self, max_length: int, **kwargs):
        super().__init__(max_length=max_length, allow_blank=True, required=False, **kwargs)
