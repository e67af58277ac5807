"""Errors the inventory services raise. Each names the field at fault and
says why in words a person can act on; the API, admin and importers turn
them into their own error formats."""


class InventoryError(Exception):
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field or self.field

    def as_dict(self) -> dict:
        return {self.field or "non_field_errors": [self.message]}


class InvalidValue(InventoryError):
    """A value is outside what the inventory accepts (size, year, kind...)."""


class OutsideMunicipality(InventoryError):
    """A point or shape lies outside every municipality in the inventory."""

    field = "location"


class StaleVersion(InventoryError):
    """The object changed since the caller read it (optimistic locking)."""

    field = "version"


class HistoryConflict(InventoryError):
    """A correction or undo no longer applies because later changes exist.
    `fields` are the fields in conflict and `later_version` the change
    that touched them again (None when a value simply differs), so that
    callers can word the conflict themselves."""

    def __init__(self, message: str, *, field: str | None = None, fields: list[str] | None = None,
                 later_version: int | None = None):
        super().__init__(message, field=field)
        self.fields = fields or ([field] if field else [])
        self.later_version = later_version
