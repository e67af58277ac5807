"""The per-row report: each staged row's verdict turned into an outcome
(new tree, update, unchanged, held, rejected) with every message a person
needs, written to `ImportRow`, and the batch's counts. Rows whose report
is what the file's checks said (most rows) are copied in one statement;
the others get their messages composed here."""
from __future__ import annotations

import json
import logging
import time

from django.db import connection
from django.utils.translation import gettext_noop

from imports.messages import Sentence
from imports.models import ImportBatch, ImportRow, RowAction
from imports.rows import ERROR, WARNING, message
from imports.staging import TABLE, LineStream, copy, copy_text
from trees.models import Municipality

INFO = "info"
# A tree named by number that a survey may not update, by its status.
_NOT_UPDATABLE = {"removed": gettext_noop("tree #%(tree)s is removed; a survey cannot update it"),
                  "withdrawn": gettext_noop("tree #%(tree)s is withdrawn; a survey cannot update it")}
logger = logging.getLogger(__name__)
_CHUNK = 20_000
_COPY = ("COPY imports_importrow (batch_id, row_number, source_ref, action, tree_id, condition_record_id, "
         "has_warnings, messages) FROM STDIN")
# Rows whose messages are complete after reading the file.
_PLAIN = """(r.rejected OR (d.verdict = 'create' AND d.other_ids IS NULL)
             OR (d.verdict = 'match' AND d.named_tree_id IS NULL AND c.changes = '{}' AND NOT c.new_record))"""
# One pass over the joined verdicts: the plain rows go straight into the
# report; the numbers of the others are kept for Python to compose.
_SORT_ROWS = f"""
    DROP TABLE IF EXISTS survey_composed;
    CREATE TEMP TABLE survey_composed (row_number integer PRIMARY KEY) ON COMMIT DROP;
    WITH outcome AS (
        SELECT r.row_number, r.source_ref, r.messages, r.rejected, d.verdict, d.tree_id,
               bc.tree_id AS created_tree_id, bc.condition_record_id AS created_record_id, {_PLAIN} AS plain
        FROM {TABLE} r JOIN survey_decisions d USING (row_number)
        LEFT JOIN survey_compared c USING (row_number)
        LEFT JOIN bulk_created bc USING (row_number)
    ), plain_rows AS (
        INSERT INTO imports_importrow (batch_id, row_number, source_ref, action, tree_id, condition_record_id,
                                       has_warnings, messages)
        SELECT %(batch)s, row_number, source_ref,
               CASE WHEN rejected THEN 'rejected' WHEN verdict = 'create' THEN 'create' ELSE 'unchanged' END,
               CASE WHEN rejected THEN NULL WHEN verdict = 'create' THEN created_tree_id ELSE tree_id END,
               CASE WHEN NOT rejected THEN created_record_id END,
               messages @> '[{{"level": "warning"}}]', messages
        FROM outcome WHERE plain
    )
    INSERT INTO survey_composed SELECT row_number FROM outcome WHERE NOT plain;
    ANALYZE survey_composed;
"""
_COMPOSED_ROWS = f"""
    SELECT r.row_number, r.source_ref, r.messages, r.species_id, ST_X(r.location), ST_Y(r.location),
           d.verdict, d.tree_id, d.municipality_id, d.swapped_municipality_id, d.inventory_tree_id,
           d.named_tree_id, d.named_status, d.named_distance_m, d.named_species_id, d.same_ids, d.same_distances,
           d.other_ids, d.other_distances, d.other_species, d.shared_with, c.changes, c.new_record,
           bc.tree_id, bc.condition_record_id, bu.condition_record_id
    FROM survey_composed s JOIN {TABLE} r USING (row_number) JOIN survey_decisions d USING (row_number)
    LEFT JOIN survey_compared c USING (row_number)
    LEFT JOIN bulk_created bc USING (row_number)
    LEFT JOIN bulk_updated bu USING (row_number)
    ORDER BY r.row_number
"""
_COUNTS = """
    SELECT count(*), count(*) FILTER (WHERE action = 'rejected'), count(*) FILTER (WHERE has_warnings),
           count(*) FILTER (WHERE action = 'create'), count(*) FILTER (WHERE action = 'update'),
           count(*) FILTER (WHERE action = 'unchanged'), count(*) FILTER (WHERE action = 'held'),
           count(condition_record_id)
    FROM imports_importrow WHERE batch_id = %s
"""


class OutcomeWriter:
    """Writes the report rows into ImportRow and counts the outcomes."""

    def __init__(self, *, batch: ImportBatch, species_names: dict[int, str], match_distance_m: float,
                 committed: bool, coordinate_columns: str):
        self.batch = batch
        self.species_names = species_names
        self.match_distance_m = match_distance_m
        self.committed = committed
        self.coordinate_columns = coordinate_columns
        self.municipalities = dict(Municipality.objects.values_list("id", "name_en"))

    def write(self) -> dict:
        ImportRow.objects.filter(batch=self.batch).delete()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(_SORT_ROWS, {"batch": self.batch.pk})
        logger.debug("%.2f s: report rows as the file's checks left them", time.perf_counter() - started)
        started = time.perf_counter()
        # A connection in COPY cannot FETCH: read a chunk, then copy it.
        with connection.connection.cursor(name="survey_report") as rows, connection.cursor() as cursor:
            rows.execute(_COMPOSED_ROWS)
            while chunk := rows.fetchmany(_CHUNK):
                lines = iter([self._line(*row) for row in chunk])
                copy(cursor, _COPY, LineStream(lines))
        logger.debug("%.2f s: report rows composed here", time.perf_counter() - started)
        with connection.cursor() as cursor:
            cursor.execute(_COUNTS, [self.batch.pk])
            names = ("total", RowAction.REJECTED, "warnings", RowAction.CREATE, RowAction.UPDATE,
                     RowAction.UNCHANGED, RowAction.HELD, "condition_records")
            return dict(zip(names, cursor.fetchone()))

    def _line(self, number, source_ref, messages, species_id, lon, lat, verdict, tree_id, municipality_id,
              swapped_municipality_id, inventory_tree_id, named_tree_id, named_status, named_distance_m,
              named_species_id, same_ids, same_distances, other_ids, other_distances, other_species, shared_with,
              changes, new_record, created_tree_id, created_record_id, updated_record_id) -> str:
        messages = json.loads(messages)  # Django leaves jsonb as text on its connections
        changes = json.loads(changes) if changes else {}
        rejected_in_file = any(m["level"] == ERROR for m in messages)
        record_id = None
        if verdict == "rejected":
            action = RowAction.REJECTED
            if not rejected_in_file:
                messages.append(self._placement_problem(lon, lat, municipality_id, swapped_municipality_id,
                                                        inventory_tree_id, named_tree_id, named_status))
        elif verdict == "held":
            action = RowAction.HELD
            messages.append(self._held(same_ids, same_distances, shared_with, tree_id))
        elif verdict == "create":
            action = RowAction.CREATE
            if self.committed:
                tree_id, record_id = created_tree_id, created_record_id
            if other_ids:
                messages.append(self._other_species_near(other_ids, other_distances, other_species))
        else:
            action = RowAction.UPDATE if (changes or new_record) else RowAction.UNCHANGED
            record_id = updated_record_id if self.committed else None
            messages += self._match_notes(changes, new_record, named_tree_id, named_distance_m, named_species_id,
                                          species_id)
        has_warnings = any(m["level"] == WARNING for m in messages)
        return "\t".join((
            str(self.batch.pk), str(number), copy_text(source_ref), action, _id(tree_id), _id(record_id),
            "t" if has_warnings else "f", copy_text(json.dumps(messages, ensure_ascii=False)))) + "\n"

    def _placement_problem(self, lon, lat, municipality_id, swapped_municipality_id, inventory_tree_id,
                           named_tree_id, named_status) -> dict:
        columns, where = self.coordinate_columns, f"{lon:.6f}, {lat:.6f}" if lon is not None else ""
        if municipality_id is None and swapped_municipality_id is not None:
            return message(ERROR, columns, where, gettext_noop(
                "latitude and longitude look swapped: read the other way round the point lies in %(municipality)s; "
                "swap the columns (a mapping file can)"),
                municipality=self.municipalities.get(swapped_municipality_id, ""))
        if municipality_id is None:
            return message(ERROR, columns, where,
                           gettext_noop("(%(point)s) is outside every municipality in the inventory"), point=where)
        if named_tree_id is None:
            return message(ERROR, "inventory_tree_id", inventory_tree_id,
                           gettext_noop("tree #%(tree)s is not in the inventory"), tree=inventory_tree_id)
        return message(ERROR, "inventory_tree_id", inventory_tree_id,
                       _NOT_UPDATABLE.get(named_status, gettext_noop("tree #%(tree)s is %(status)s; a survey cannot "
                                                                     "update it")),
                       tree=inventory_tree_id, status=named_status)

    def _held(self, same_ids, same_distances, shared_with, tree_id) -> dict:
        if shared_with:
            return message(WARNING, self.coordinate_columns, "", gettext_noop(
                "rows %(rows)s all match tree #%(tree)s; held: give each row the right tree's number in an "
                "'inventory tree id' column and import again"),
                rows=", ".join(str(n) for n in shared_with), tree=tree_id)
        return message(WARNING, self.coordinate_columns, "", gettext_noop(
            "%(count)s trees of this species are within %(distance)s m (%(trees)s); held: put the right tree's "
            "number in an 'inventory tree id' column and import again"),
            count=len(same_ids), distance=f"{self.match_distance_m:g}",
            trees=[Sentence(gettext_noop("#%(tree)s at %(distance)s m"), tree=i, distance=f"{d:.1f}")
                   for i, d in zip(same_ids, same_distances)])

    def _other_species_near(self, other_ids, other_distances, other_species) -> dict:
        species = self.species_names.get(other_species[0])
        template = (gettext_noop("tree #%(tree)s (%(species)s) is %(distance)s m away; a new tree is added because "
                                 "the species differs") if species else
                    gettext_noop("tree #%(tree)s (no recorded species) is %(distance)s m away; a new tree is added "
                                 "because the species differs"))
        return message(WARNING, self.coordinate_columns, "", template, tree=other_ids[0], species=species,
                       distance=f"{other_distances[0]:.1f}")

    def _match_notes(self, changes, new_record, named_tree_id, named_distance_m, named_species_id,
                     species_id) -> list[dict]:
        notes = []
        if named_tree_id is not None and named_distance_m is not None and named_distance_m > self.match_distance_m:
            notes.append(message(WARNING, "inventory_tree_id", named_tree_id, gettext_noop(
                "tree #%(tree)s is %(distance)s m from this row's point; its location is not changed"),
                tree=named_tree_id, distance=f"{named_distance_m:.0f}"))
        if named_tree_id is not None and species_id is not None and named_species_id != species_id:
            recorded = self.species_names.get(named_species_id)
            template = (gettext_noop("tree #%(tree)s is recorded as %(species)s; its species is not changed by an "
                                     "import") if recorded else
                        gettext_noop("tree #%(tree)s is recorded as no species; its species is not changed by an "
                                     "import"))
            notes.append(message(WARNING, "species", self.species_names.get(species_id, ""), template,
                                 tree=named_tree_id, species=recorded))
        for field, (old, new) in (changes or {}).items():  # str: an empty value reads "None", as it always has
            notes.append(message(INFO, field, new, gettext_noop("%(field)s: %(old)s → %(new)s"),
                                 field=field, old=str(old), new=str(new)))
        if new_record:
            notes.append(message(INFO, "condition", "", gettext_noop("new condition record")))
        return notes


def _id(value) -> str:
    return "\\N" if value is None else str(value)
