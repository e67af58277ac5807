"""Turns errors into responses that name the field at fault: the services'
`InventoryError`s become 400 `{field: [message]}` (a stale version 412),
malformed bodies a 400 on `body`; the rest is DRF's usual handling."""
from rest_framework import status
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from trees.services import InventoryError, StaleVersion


class PreconditionFailed(Exception):
    """The client's If-Match names a representation that is no longer current."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def api_exception_handler(exc, context):
    if isinstance(exc, StaleVersion):
        return Response(exc.as_dict(), status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, PreconditionFailed):
        return Response({"If-Match": [exc.message]}, status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, InventoryError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ParseError):
        exc = ValidationError({"body": [str(exc.detail)]})
    return exception_handler(exc, context)
