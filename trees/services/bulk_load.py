"""Loading a large batch into an empty inventory the way pg_restore loads a
table: rows first, then each index built in one sorted pass and each
foreign key checked by one join, instead of a million index insertions
and a million per-row key checks (at a million trees: 11 s of building
where the key checks alone took 33 s at commit).

Only for an empty inventory: dropping an index needs the trees tables to
themselves until commit, which is harmless when there is nothing to show
yet (readers wait until it commits, under a minute at a million trees) but
not for a city's live inventory. All of it is one transaction: if the load
fails, the indexes and keys come back with the rollback."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from trees.services.bulk_sql import logger

# In lock order: the history tables hang off trees, so they are empty too.
TABLES = ("trees_tree", "trees_treechange", "trees_conditionrecord")


@dataclass(frozen=True)
class _Deferred:
    table: str
    indexes: list[tuple[str, str]]  # (qualified name, CREATE INDEX statement)
    foreign_keys: list[tuple[str, str]]  # (name, definition)


def min_rows() -> int:
    return int(settings.GREENMAP.get("BULK_LOAD_MIN_ROWS", 50_000))


@contextmanager
def indexes_built_after(rows: int) -> Iterator[bool]:
    """Around the statements that write `rows` new trees and their history:
    if the inventory is empty and the batch large, the tables' secondary
    indexes and foreign keys are dropped for the duration and rebuilt after
    it. Yields whether they were."""
    if rows < min_rows() or not _empty():
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(TABLES)} IN ACCESS EXCLUSIVE MODE")
    if not _empty():  # someone added a tree while we waited for the lock
        yield False
        return
    deferred = [_deferrable(table) for table in TABLES]
    with connection.cursor() as cursor:
        # A table with deferred key checks still pending cannot be altered:
        # run the checks of what this transaction wrote so far now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for part in deferred:
            for name, _ in part.foreign_keys:
                cursor.execute(f'ALTER TABLE {part.table} DROP CONSTRAINT "{name}"')
            for name, _ in part.indexes:
                cursor.execute(f"DROP INDEX {name}")
    yield True
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for part in deferred:
            statements = [statement for _, statement in part.indexes]
            statements += [f'ALTER TABLE {part.table} ADD CONSTRAINT "{name}" {definition}'
                           for name, definition in part.foreign_keys]
            for statement in [*statements, f"ANALYZE {part.table}"]:
                step = time.perf_counter()
                cursor.execute(statement)
                logger.debug("%.2f s: %s", time.perf_counter() - step, statement[:90])
    logger.debug("%.2f s: indexes and foreign keys of %s rebuilt", time.perf_counter() - started, ", ".join(TABLES))


def _empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM trees_tree)")
        return cursor.fetchone()[0]


def _deferrable(table: str) -> _Deferred:
    """The table's indexes that back no constraint (primary and unique keys
    stay: they guard the rows being written), and its foreign keys."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT format('%%I.%%I', n.nspname, i.relname), pg_get_indexdef(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
            WHERE x.indrelid = %s::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY i.relname
        """, [table])
        indexes = cursor.fetchall()
        cursor.execute("""
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname
        """, [table])
        return _Deferred(table, indexes, cursor.fetchall())
