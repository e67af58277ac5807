"""A lower bound for a first import, in plain SQL: the rows the inventory's
rules make a survey write (a tree, its first logged change, its condition
record, a report row), from the table ogr2ogr loaded, with the secondary
indexes and foreign keys dropped first and built after, as the import does.

It is a floor, not a rival import: no checks, no districts or green areas,
species by Latin name only, nothing read in Python. It runs in one
transaction that is rolled back, so the inventory stays empty for the
import timed after it. Measured in the same run as ogr2ogr, it shows how
much of the import's time the writes alone take."""
from __future__ import annotations

import time

# Which indexes and keys a first load defers: those backing no constraint.
_DEFERRED = """
    CREATE TEMP TABLE floor_deferred ON COMMIT DROP AS
    SELECT 1 AS step, format('DROP INDEX %I.%I', n.nspname, i.relname) AS undo, pg_get_indexdef(i.oid) AS redo
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
    WHERE x.indrelid = ANY ('{trees_tree,trees_treechange,trees_conditionrecord}'::regclass[])
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    UNION ALL
    SELECT 2, format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint
    WHERE conrelid = ANY ('{trees_tree,trees_treechange,trees_conditionrecord}'::regclass[]) AND contype = 'f'
"""
_DROP = "DO $$ DECLARE s text; BEGIN FOR s IN SELECT undo FROM floor_deferred ORDER BY step DESC LOOP EXECUTE s; END LOOP; END $$"
_BUILD = "DO $$ DECLARE s text; BEGIN FOR s IN SELECT redo FROM floor_deferred ORDER BY step LOOP EXECUTE s; END LOOP; END $$"
_BATCH = """
    INSERT INTO imports_importbatch (created_at, file_name, file_size, checksum, file, file_format, crs_epsg, options,
        notes, status, rows_total, rows_rejected, rows_with_warnings, trees_created, trees_updated, rows_unchanged,
        rows_held, condition_records, failure, undo_report)
    VALUES (now(), 'survey.csv', 0, '', '', 'csv', 4326, '{}', '[]', 'committed', 0, 0, 0, 0, 0, 0, 0, 0, '', '{}')
    RETURNING id
"""
_ROWS = """
    CREATE TEMP TABLE floor_rows ON COMMIT DROP AS
    SELECT nextval(%(tree_ids)s::regclass) AS tree_id, nextval(%(record_ids)s::regclass) AS record_id,
           o.ogc_fid AS row_number, o.wkb_geometry AS location, s.id AS species_id, o.height_m::float8 AS height_m,
           o.trunk_diameter_cm::float8 AS trunk_diameter_cm, o.tree_id AS survey_id, m.id AS municipality_id,
           CASE o.condition WHEN 'хорошее' THEN 'good' WHEN 'удовлетворительное' THEN 'fair' ELSE o.condition END
               AS condition,
           o.date::timestamptz AS observed_at
    FROM ogr_reference o
    LEFT JOIN trees_species s ON s.scientific_name = o.species
    CROSS JOIN LATERAL (SELECT m.id FROM trees_municipality m WHERE ST_Intersects(m.boundary, o.wkb_geometry)
                        ORDER BY m.code LIMIT 1) m
"""
_TREES = """
    INSERT INTO trees_tree (id, location, species_id, status, trunk_diameter_cm, height_m, address, external_ids,
        municipality_id, current_condition, current_condition_at, created_at, created_via, created_via_ref,
        updated_at, updated_via, updated_via_ref, version)
    SELECT tree_id, location, species_id, 'alive', trunk_diameter_cm, height_m, '',
           jsonb_build_object('survey_id', survey_id), municipality_id, condition, observed_at,
           now(), 'import', %(batch)s, now(), 'import', %(batch)s, 1
    FROM floor_rows
"""
_CHANGES = """
    INSERT INTO trees_treechange (tree_id, version, changes, recorded_at, channel, channel_ref)
    SELECT tree_id, 1, jsonb_build_object(
               'location', jsonb_build_array(NULL, jsonb_build_array(ST_X(location), ST_Y(location))),
               'species', jsonb_build_array(NULL, species_id), 'status', jsonb_build_array(NULL, 'alive'),
               'planted_year', jsonb_build_array(NULL, NULL),
               'trunk_diameter_cm', jsonb_build_array(NULL, trunk_diameter_cm),
               'height_m', jsonb_build_array(NULL, height_m), 'crown_diameter_m', jsonb_build_array(NULL, NULL),
               'address', jsonb_build_array(NULL, ''), 'green_area', jsonb_build_array(NULL, NULL),
               'external_ids', jsonb_build_array(NULL, jsonb_build_object('survey_id', survey_id))),
           now(), 'import', %(batch)s
    FROM floor_rows
"""
_RECORDS = """
    INSERT INTO trees_conditionrecord (id, municipality_id, tree_id, observed_at, condition, defects, notes, source,
        retracts, recorded_at, channel, channel_ref)
    SELECT record_id, municipality_id, tree_id, observed_at, condition, '{}', '', 'survey_import', false,
           now(), 'import', %(batch)s
    FROM floor_rows
"""
_REPORT = """
    INSERT INTO imports_importrow (batch_id, row_number, source_ref, action, tree_id, condition_record_id,
        has_warnings, messages)
    SELECT %(batch)s, row_number, survey_id, 'create', tree_id, record_id, false, '[]' FROM floor_rows
"""
# Sequences are not rolled back: the import timed next numbers from where they were.
_RESTART_SEQUENCES = " ".join(
    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 0) + 1, false);"
    for table in ("trees_tree", "trees_treechange", "trees_conditionrecord", "imports_importbatch",
                  "imports_importrow"))
STEPS = (("rows placed in their municipality", _ROWS), ("trees", _TREES), ("first logged changes", _CHANGES),
         ("condition records", _RECORDS), ("report rows", _REPORT), ("indexes and keys built", _BUILD))


def measure(connection) -> dict:
    """Seconds for the whole floor and for each step, and the trees it
    wrote before rolling back. `connection`: psycopg2, not in a transaction."""
    seconds, written = {}, 0
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("LOCK TABLE trees_tree, trees_treechange, trees_conditionrecord IN ACCESS EXCLUSIVE MODE")
            cursor.execute(_DEFERRED)
            cursor.execute(_DROP)
            cursor.execute(_BATCH)
            batch = cursor.fetchone()[0]
            # Looked up once: per row, the lookup alone costs seconds a million.
            cursor.execute("SELECT pg_get_serial_sequence('trees_tree', 'id'), "
                           "pg_get_serial_sequence('trees_conditionrecord', 'id')")
            tree_ids, record_ids = cursor.fetchone()
            for label, statement in STEPS:
                step = time.perf_counter()
                cursor.execute(statement, {"batch": batch, "tree_ids": tree_ids, "record_ids": record_ids})
                seconds[label] = round(time.perf_counter() - step, 2)
            cursor.execute("SELECT count(*) FROM trees_tree")
            written = cursor.fetchone()[0]
        total = time.perf_counter() - started
    finally:
        connection.rollback()
        with connection.cursor() as cursor:
            cursor.execute(_RESTART_SEQUENCES)
        connection.commit()
    return {"seconds": round(total, 2), "steps": seconds, "trees": written}
