"""Where a case file holds text that is not UTF-8 (only a hand edit of the file makes it):
reading such a value fails, and the window names the rows instead of failing with the
driver's error (:class:`app.store.errors.DamagedTextError`)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.store.errors import DamagedTextError
from app.store.fingerprints import SPECS

MAX_PLACES = DamagedTextError.LISTED  # named; one more found means there are more

Table = tuple[str, tuple[str, ...], Callable[[Any], str], Callable[[Any], Any]]


def _tables() -> list[Table]:
    tables: list[Table] = [(s.table, s.key, s.describe, s.key_of) for s in SPECS.values()]
    tables.append(("audit_log", ("id",), lambda k: f"audit row {k}", lambda r: r[0]))
    tables.append(("case_info", ("id",), lambda _k: "the case's details", lambda r: r[0]))
    return tables


def column_of(error: BaseException) -> str | None:
    """The column that SQLite's "Could not decode to UTF-8 column 'x'" names, if any."""
    found = re.search(r"decode to UTF-8 column '([^']+)'", str(error))
    return found.group(1) if found else None


def undecodable_places(path: Path, column: str | None = None) -> list[str]:
    """``events row 3 (title)``, ... for each value stored as text that does not decode as
    UTF-8, in the case's tables (at most :data:`MAX_PLACES` and one more). With ``column``
    (the one the failed read named) only the tables' columns of that name are read first:
    reading every text of a large case takes a while."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        places = _scan(conn, column) if column else []
        return places or _scan(conn, None)
    finally:
        conn.close()


def _scan(conn: sqlite3.Connection, only: str | None) -> list[str]:
    places: list[str] = []
    for table, key, describe, key_of in _tables():
        keys = ", ".join(key)
        for column in [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]:
            if only is not None and column != only:
                continue
            found = conn.execute(
                f"SELECT {keys}, CAST({column} AS BLOB) FROM {table} "
                f"WHERE typeof({column}) = 'text' ORDER BY {keys}"
            )
            for row in found:
                try:
                    row[-1].decode("utf-8")
                except UnicodeDecodeError:
                    places.append(f"{describe(key_of(row))} ({column})")
                    if len(places) > MAX_PLACES:
                        return places
    return places
