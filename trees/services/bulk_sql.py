"""Running the set-based services' SQL: statements name temporary tables
by plain identifiers only, and every statement's time is logged (debug)."""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from psycopg2 import sql

from trees.services.actor import Actor

logger = logging.getLogger("trees.services.bulk")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _table(name: str) -> sql.Identifier:
    if not _NAME.match(name):
        raise ValueError(f"not a plain table name: {name!r}")
    return sql.Identifier(name)


def run(statement: str, params: dict | None = None, **tables: str) -> int:
    """Execute `statement` with {name} placeholders filled by the table
    names given as keywords; returns the row count."""
    query = sql.SQL(statement).format(**{key: _table(value) for key, value in tables.items()})
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(query, params or {})
        logger.debug("%.2f s, %s rows: %s", time.perf_counter() - started, cursor.rowcount,
                     " ".join(statement.split())[:90])
        return cursor.rowcount


def fresh(name: str) -> None:
    run("DROP TABLE IF EXISTS {name}", name=name)


def result_table(into: str, query: str, params: dict | None = None, **tables: str) -> int:
    """Temp table `into` (dropped at commit) made from `query`, analysed at
    once: autovacuum never sees temporary tables, and without statistics the
    planner picks slow joins for a million rows. Returns its row count."""
    fresh(into)
    made = run("CREATE TEMP TABLE {into} ON COMMIT DROP AS " + query, params, into=into, **tables)
    run("ANALYZE {into}", into=into)
    return made


def stamp(by: Actor) -> dict:
    return {"user": by.user_id, "channel": by.channel, "ref": by.ref}


@contextmanager
def planner_setting(name: str, value: str) -> Iterator[None]:
    """A planner setting for the statements inside, then back to what it was.
    Not restored on an error: the transaction is rolled back, and the
    setting (local to it) with it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        before = cursor.fetchone()[0]
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [name, before])
