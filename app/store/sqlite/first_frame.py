"""The first frame of a case, read with nothing but ``sqlite3`` and numpy.

Opening a case in the window paints its timeline from :func:`read_first_frame` before the
rest of the store (SQLAlchemy, the ORM schema, Alembic) is even imported: one read-only
connection, the same header and schema checks :func:`~app.store.sqlite.connect.check_health`
makes before anything in the file runs (application id, ``user_version``, ``sqlite_master``
against its manifest, the migration record), then the timeline's columns in one read
transaction, fetched in blocks straight into numpy arrays.

Only a case that can simply be opened takes this path: a file of the newest schema with no
journal or WAL beside it. Anything else (an older or newer schema, a hot journal to roll back,
a damaged or foreign file) gives None, and the full :meth:`app.store.case.Case.open` decides
what to do and what to say, as it always did. Nothing here writes: the file stays as it was.
The full opening still runs after the first frame (``quick_check`` included), and a case it
refuses is closed again with its message.

The columns equal :meth:`app.store.case.Case.timeline_columns` (a test compares them).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np

from app.domain.columns import (
    FLAG_AMBIGUOUS,
    FLAG_KEY,
    FLAG_OPEN_END,
    FLAG_OPEN_START,
    FLAG_SPAN,
    PRECISION_CODES,
    QUALIFIER_CODES,
    STATUS_CODES,
    EventColumns,
    mark_citations,
)
from app.domain.known_bounds import OPEN_END_QUALIFIERS, OPEN_START_QUALIFIERS
from app.domain.text_column import TextColumn
from app.store.errors import CaseFileError
from app.store.sqlite.manifest import load_manifests, verify_schema

APPLICATION_ID = 0x43735472  # app.store.schema.APPLICATION_ID (a test keeps them equal)
BLOCK = 65_536  # rows fetched at a time


def _case_of(column: str, codes: dict[str, int]) -> str:
    whens = " ".join(f"WHEN '{name}' THEN {code}" for name, code in codes.items())
    return f"CASE {column} {whens} ELSE 0 END"


def _in(column: str, names: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(n) for n in names)})"


# The flags of app.store.queries.timeline_select(cited=False), in plain SQL.
_FLAGS = (
    f"(CASE WHEN key_fact IS 1 THEN {FLAG_KEY} ELSE 0 END)"
    f" + (CASE WHEN end_latest IS NOT NULL THEN {FLAG_SPAN} ELSE 0 END)"
    f" + (CASE WHEN {_in('start_qualifier', OPEN_START_QUALIFIERS)}"
    f" THEN {FLAG_OPEN_START} ELSE 0 END)"
    f" + (CASE WHEN {_in('coalesce(end_qualifier, start_qualifier)', OPEN_END_QUALIFIERS)}"
    f" THEN {FLAG_OPEN_END} ELSE 0 END)"
    f" + (CASE WHEN start_ambiguous IS 1 OR end_ambiguous IS 1 THEN {FLAG_AMBIGUOUS} ELSE 0 END)"
)
_STATUS = _case_of("status", STATUS_CODES)
# Its columns: (id, start_lo, start_hi, end_lo, end_hi, precision, qualifier, status, flags)
_COLUMNS = (
    "id, start_earliest, start_latest, coalesce(end_earliest, start_latest), "
    "coalesce(end_latest, start_latest), "
    f"{_case_of('start_precision', PRECISION_CODES)}, "
    f"{_case_of('start_qualifier', QUALIFIER_CODES)}, {_STATUS}, {_FLAGS}"
)
DATED = (
    f"SELECT {_COLUMNS}, length(CAST(title AS BLOB)), title FROM events "
    "WHERE start_earliest IS NOT NULL ORDER BY start_earliest, id"
)
UNDATED = (
    f"SELECT id, {_STATUS}, {_FLAGS}, title FROM events WHERE start_earliest IS NULL ORDER BY id"
)
CITED = (
    "SELECT event_id, max(stance = 'supports') + 2 * max(stance = 'contradicts') "
    "FROM citations GROUP BY event_id"
)


def plain_case(path: Path) -> bool:
    """A local case file in rollback-journal mode with nothing beside it to recover."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return False
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00") or head[18] != 1:
        return False
    sides = ("-journal", "-wal", "-shm")
    return not any(os.path.lexists(path.with_name(path.name + s)) for s in sides)


def read_first_frame(path: str | os.PathLike[str]) -> EventColumns | None:
    """The timeline columns of the case at ``path``, or None when the full opening must
    look at it first (see the module's docstring)."""
    p = Path(path)
    if not plain_case(p):
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(p.resolve()))}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA query_only=ON")
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version != max(load_manifests()):
            return None  # an older case is migrated, a newer one reviewed: the full path
        verify_schema(conn, p, version)  # before anything that could fire a trigger
        conn.execute("BEGIN")
        cols = read_columns(conn)
        conn.execute("COMMIT")
        return cols
    except (CaseFileError, sqlite3.Error, OSError, ValueError):
        return None  # refused, damaged or in use: the full opening says so
    finally:
        conn.close()


def read_columns(conn: sqlite3.Connection) -> EventColumns:
    """The timeline columns (citation flags included) read through ``conn``."""
    ids, numbers, titles = _fetch(conn, DATED, 10)
    loose_ids, loose, loose_titles = _fetch(conn, UNDATED, 3)
    cols = EventColumns(
        ids=ids,
        start_lo=numbers[:, 0].copy(),  # numbers[:, 8]: the titles' lengths
        start_hi=numbers[:, 1].copy(),
        end_lo=numbers[:, 2].copy(),
        end_hi=numbers[:, 3].copy(),
        precision=numbers[:, 4].astype(np.uint8),
        qualifier=numbers[:, 5].astype(np.uint8),
        status=numbers[:, 6].astype(np.uint8),
        flags=numbers[:, 7].astype(np.uint8),
        titles=titles,
        undated_ids=loose_ids,
        undated_titles=loose_titles,
        undated_status=loose[:, 0].astype(np.uint8),
        undated_flags=loose[:, 1].astype(np.uint8),
    )
    cited = conn.execute(CITED).fetchall()
    mark_citations(cols, np.array(cited, dtype=np.int64).reshape(len(cited), 2))
    return cols


def _fetch(conn: sqlite3.Connection, sql: str, width: int) -> tuple[np.ndarray, np.ndarray, Any]:
    """(ids, the other number columns, titles) of rows of ``width`` numbers and a title, a
    block of rows at a time so that only one block of row tuples exists at once. When the
    last number is the title's length in bytes (``width`` 10) the titles are a
    :class:`TextColumn`, else a list."""
    cursor = conn.execute(sql)
    id_parts, number_parts = [], []
    texts: list[tuple[bytes, np.ndarray]] = []
    titles: list[str] = []
    while block := cursor.fetchmany(BLOCK):
        numbers = np.array([r[:width] for r in block], dtype=np.int64)
        id_parts.append(numbers[:, 0].copy())
        number_parts.append(numbers[:, 1:].copy())
        if width == 10:
            texts.append(("".join([r[10] for r in block]).encode("utf-8"), numbers[:, 9].copy()))
        else:
            titles += [r[width] for r in block]
    column: Any = TextColumn.join(texts) if width == 10 else titles
    if not id_parts:
        return np.zeros(0, np.int64), np.zeros((0, width - 1), np.int64), column
    return np.concatenate(id_parts), np.concatenate(number_parts), column
