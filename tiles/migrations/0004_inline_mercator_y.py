"""`tiles_mercator_y` becomes inlinable. PostgreSQL inlines a STRICT SQL
function only when it can prove the body strict too, and `greatest`/`least`
are not: every call went through the function manager, 1.5 s a million
(twice per tree in the cell delta, so 3 s of the 4.7 s a million-tree insert
spent in the tiles trigger). Without STRICT, and with the NULL case written
out, it is expanded into the query (0.2 s a million). Same values."""
from django.db import migrations

MERCATOR_Y = """
CREATE OR REPLACE FUNCTION tiles_mercator_y(geometry) RETURNS double precision
LANGUAGE sql IMMUTABLE {strict} PARALLEL SAFE AS $$
    SELECT {body}
$$;
"""
CLAMPED = "ln(tan(radians(45.0 + greatest(-85.0511, least(85.0511, ST_Y($1))) / 2.0))) * 6378137.0"


class Migration(migrations.Migration):
    dependencies = [("tiles", "0003_group_tree_deltas")]

    operations = [migrations.RunSQL(
        MERCATOR_Y.format(strict="", body=f"CASE WHEN $1 IS NOT NULL THEN {CLAMPED} END"),
        MERCATOR_Y.format(strict="STRICT", body=CLAMPED),
    )]
