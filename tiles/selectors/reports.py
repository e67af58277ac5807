"""The `reports` layer: citizen reports still open, without personal data."""
from tiles.grid import BUFFER, EXTENT
from tiles.selectors.tile_query import TileQuery, tile_params
from trees.models.report import OPEN_REPORT_STATUSES

# Public fields only: never `contact`, the description, photos or who sent it.
# Duplicates are closed (rejected) reports, so the open statuses leave them out.
REPORTS_SQL = f"""
SELECT ST_AsMVT(report, 'reports', {EXTENT}, 'geom', 'feature_id') FROM (
    SELECT r.id, r.id AS feature_id, r.category, r.status, r.tracking_code,
           ST_AsMVTGeom(ST_Transform(r.location, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s),
                        {EXTENT}, {BUFFER}, true) AS geom
    FROM trees_citizenreport r
    WHERE r.location && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), 4326)
      AND r.status = ANY(%(open)s)
) report
WHERE geom IS NOT NULL"""


def reports_tile_query(address, filters) -> TileQuery:
    """The query of a `reports` MVT tile: each open report with `id`,
    `category`, `status` and `tracking_code`."""
    return TileQuery(REPORTS_SQL, tile_params(address, margin=BUFFER / EXTENT,
                                               open=[str(status) for status in OPEN_REPORT_STATUSES]))
