"""What can be wrong with a tile request. Each error names the part of the
request at fault (`layer`, `z`, `x`, `y` or a query parameter) and renders
as `{part: [message]}`, like the REST API's errors."""


class TileRequestError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict:
        return {self.field: [self.message]}


class MalformedTileRequest(TileRequestError):
    """A path part or query parameter that cannot be read (400)."""


class NoSuchTile(TileRequestError):
    """A layer or tile that does not exist (404)."""

    status = 404
