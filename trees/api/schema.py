"""OpenAPI pieces the views share: error bodies, the If-Match header."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

FIELD_ERRORS = OpenApiResponse(
    response={"type": "object", "additionalProperties": True,
              "description": "each key names a field, query parameter or header (or `body`) and holds the "
                             "messages that say what is wrong with it, e.g. {\"height_m\": [\"500 is not a "
                             "plausible value (expected more than 0 and at most 120)\"]}"},
    description="the request is invalid; nothing was written")
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
NOT_SIGNED_IN = OpenApiResponse(response=DETAIL, description="sign in (session) or send `Authorization: Token …`")
FORBIDDEN = OpenApiResponse(response=DETAIL, description="your role does not allow this")
NOT_FOUND = OpenApiResponse(response=DETAIL, description="no such object (or not public)")
STALE = OpenApiResponse(response=FIELD_ERRORS.response,
                        description="If-Match names an older representation; nothing was written")

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=False,
    description="the ETag of the representation your change is based on; if the object changed since, "
                "the write is refused with 412")

READ_ERRORS = {400: FIELD_ERRORS}
WRITE_ERRORS = {400: FIELD_ERRORS, 401: NOT_SIGNED_IN, 403: FORBIDDEN, 404: NOT_FOUND}

# One schema name per vocabulary: `status` of a tree and of a report, `kind`
# of a green area and of maintenance work are different choice sets.
ENUM_NAMES = {
    "TreeStatusEnum": "trees.models.choices.TreeStatus",
    "ReportStatusEnum": "trees.models.choices.ReportStatus",
    "GreenAreaKindEnum": "trees.models.choices.GreenAreaKind",
    "MaintenanceKindEnum": "trees.models.choices.MaintenanceKind",
    "ConditionEnum": "trees.models.choices.ConditionClass",
    "ConditionSourceEnum": "trees.models.choices.ConditionSource",
}


def register_enum_names() -> None:
    """Add ENUM_NAMES to drf-spectacular's ENUM_NAME_OVERRIDES (the way its
    own GIS support registers names), keeping any name settings give."""
    from drf_spectacular.settings import spectacular_settings

    for name, choices in ENUM_NAMES.items():
        spectacular_settings.ENUM_NAME_OVERRIDES.setdefault(name, choices)
