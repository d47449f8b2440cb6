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
    if any(os.path.lexists(path.with_name(path.name + s)) for s in ("-wal", "-shm")):
        return False
    # an open case keeps a zeroed journal beside it (nothing to roll back); any other is hot
    try:
        with open(path.with_name(path.name + "-journal"), "rb") as fh:
            return fh.read(1) in (b"", b"\x00")
    except FileNotFoundError:
        return True
    except OSError:
        return False


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


# The event order of app.store.queries.EVENT_ORDER (the table's rows), in plain SQL.
EVENT_IDS = (
    "SELECT id FROM events ORDER BY start_earliest IS NULL, CASE WHEN start_qualifier = "
    "'before' THEN start_latest ELSE start_earliest END, start_latest, start_earliest, id"
)


def event_ids_of(path: str | os.PathLike[str]) -> np.ndarray:
    """:func:`read_event_ids` of the case at ``path`` (checked and opened already), on a
    read-only connection of its own."""
    conn = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA query_only=ON")
        return read_event_ids(conn)
    finally:
        conn.close()


def read_event_ids(conn: sqlite3.Connection) -> np.ndarray:
    """Every event's id in the event order, as an int64 array."""
    (n,) = conn.execute("SELECT count(*) FROM events").fetchone()
    ids = np.zeros(n, dtype=np.int64)
    cursor, at = conn.execute(EVENT_IDS), 0
    while block := cursor.fetchmany(BLOCK):
        ids[at : at + len(block)] = [r[0] for r in block]
        at += len(block)
    return ids[:at]


def read_columns(conn: sqlite3.Connection) -> EventColumns:
    """The timeline columns (citation flags included) read through ``conn``."""
    (n,) = conn.execute("SELECT count(*) FROM events WHERE start_earliest IS NOT NULL").fetchone()
    dated, titles = _fetch(conn, DATED, 10, n)
    (m,) = conn.execute("SELECT count(*) FROM events WHERE start_earliest IS NULL").fetchone()
    loose, loose_titles = _fetch(conn, UNDATED, 3, m)
    cols = EventColumns(
        ids=dated[0],
        start_lo=dated[1],
        start_hi=dated[2],
        end_lo=dated[3],
        end_hi=dated[4],
        precision=dated[5],
        qualifier=dated[6],
        status=dated[7],
        flags=dated[8],
        titles=titles,
        undated_ids=loose[0],
        undated_titles=loose_titles,
        undated_status=loose[1],
        undated_flags=loose[2],
    )
    cited = conn.execute(CITED).fetchall()
    mark_citations(cols, np.array(cited, dtype=np.int64).reshape(len(cited), 2))
    return cols


def _fetch(conn: sqlite3.Connection, sql: str, width: int, n: int) -> tuple[list[np.ndarray], Any]:
    """(the ``width`` number columns, titles) of the ``n`` rows of ``sql``: a block of rows at
    a time, straight into arrays made once (int64 for ids and instants, uint8 for the codes
    and flags). When the last number is the title's length in bytes (``width`` 10) the
    titles are a :class:`TextColumn`, else a list."""
    wide = 5 if width == 10 else 1  # the int64 columns; then the uint8 codes
    columns = [np.zeros(n, dtype=np.int64 if k < wide else np.uint8) for k in range(width)]
    if width == 10:
        columns[9] = np.zeros(n, dtype=np.int64)
    cursor, at = conn.execute(sql), 0
    data = bytearray()
    titles: list[str] = []
    while block := cursor.fetchmany(BLOCK):
        if at + len(block) > n:
            raise ValueError("the case changed while it was read")
        numbers = np.array([r[:width] for r in block], dtype=np.int64)
        for k, column in enumerate(columns):
            column[at : at + len(block)] = numbers[:, k]
        if width == 10:
            data += "".join([r[10] for r in block]).encode("utf-8")
        else:
            titles += [r[width] for r in block]
        at += len(block)
    if at != n:
        raise ValueError("the case changed while it was read")
    return columns, TextColumn.adopt(data, columns[9]) if width == 10 else titles
