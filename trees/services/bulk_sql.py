"""Running the set-based services' SQL: statements name temporary tables
by plain identifiers only, and every statement's time is logged (debug)."""
from __future__ import annotations

import logging
import re
import time

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


def stamp(by: Actor) -> dict:
    return {"user": by.user_id, "channel": by.channel, "ref": by.ref}
