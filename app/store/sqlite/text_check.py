"""Where a case file holds text that is not UTF-8 (only a hand edit of the file makes it):
reading such a value fails, and the window names the rows instead of failing with the
driver's error (:class:`app.store.errors.DamagedTextError`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.store.fingerprints import SPECS

MAX_PLACES = 20


def undecodable_places(path: Path) -> list[str]:
    """``events row 3 (title)``, ... for each value stored as text that does not decode as
    UTF-8, in the fingerprinted tables and the audit log (at most :data:`MAX_PLACES`)."""
    places: list[str] = []
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables: list[tuple[str, tuple[str, ...], Callable[[Any], str], Callable[[Any], Any]]]
        tables = [(s.table, s.key, s.describe, s.key_of) for s in SPECS.values()]
        tables.append(("audit_log", ("id",), lambda k: f"audit row {k}", lambda r: r[0]))
        for table, key, describe, key_of in tables:
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
            keys = ", ".join(key)
            for column in columns:
                found = conn.execute(
                    f"SELECT {keys}, CAST({column} AS BLOB) FROM {table} "
                    f"WHERE typeof({column}) = 'text' ORDER BY {keys}"
                )
                for row in found:
                    try:
                        row[-1].decode("utf-8")
                    except UnicodeDecodeError:
                        places.append(f"{describe(key_of(row))} ({column})")
                        if len(places) >= MAX_PLACES:
                            return places
    finally:
        conn.close()
    return places
