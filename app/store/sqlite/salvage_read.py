"""Reading the rows of a refused or damaged case for ``casetrail salvage``, without running
anything in it.

The case is first copied (with a journal or WAL file beside it, so that SQLite can bring the
copy to its last committed state) into a private temporary folder while its SHA-256 is
computed; the original is never opened by SQLite, so nothing can change it or leave a
journal beside it. The copy is read with ``trusted_schema=OFF`` and ``query_only=ON``, and
only plain tables are read: reading a table runs no trigger, and no view or virtual table is
ever read. A table whose pages are damaged is read in ranges of row ids, narrowed down to
single rows, so that every row that can still be read is kept and those that cannot are
reported.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.store.errors import CaseFileError
from app.store.schema import APPLICATION_ID
from app.store.sqlite.manifest import compare, load_manifests, newest_manifest, read_objects

# the tables whose rows are salvaged (the audit log, the search index and its queue and the
# migration record are the new case's own)
ROW_TABLES = (
    "case_info",
    "entities",
    "tags",
    "eras",
    "source_files",
    "sources",
    "events",
    "event_tags",
    "event_entities",
    "citations",
    "saved_views",
    "stories",
)
CHUNK = 1024
_HEADER = b"SQLite format 3\x00"


@dataclass
class RawTable:
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RawCase:
    """What could be read of a case: its rows by table, and what was not read."""

    path: Path
    sha256: str
    schema_version: int
    tables: dict[str, RawTable] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # damaged rows and tables
    foreign: list[str] = field(default_factory=list)  # objects Casetrail did not create

    def rows(self, table: str) -> list[dict[str, Any]]:
        found = self.tables.get(table)
        return found.rows if found is not None else []


def _check_header(path: Path) -> None:
    if not path.exists():
        raise CaseFileError(path, "no such file")
    if not path.is_file():
        raise CaseFileError(path, "is not a regular file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise CaseFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not head.startswith(_HEADER) or len(head) < 100:
        raise CaseFileError(path, "is not a Casetrail case (not an SQLite database)")
    (application_id,) = struct.unpack(">I", head[68:72])
    if application_id != APPLICATION_ID:
        raise CaseFileError(path, "is an SQLite database of another program, not a Casetrail case")


def _copy_hashing(source: Path, target: Path) -> str:
    digest = hashlib.sha256()
    try:
        src = open(source, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise CaseFileError(source, f"cannot be read ({exc.strerror or exc})") from None
    with src, open(target, "xb") as dst:
        while True:
            try:
                block = src.read(1 << 20)
            except OSError as exc:
                raise CaseFileError(source, f"cannot be read ({exc.strerror or exc})") from None
            if not block:
                break
            digest.update(block)
            dst.write(block)
    return digest.hexdigest()


@contextmanager
def private_copy(path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the case (and its journal or WAL, if any) in a private temporary folder,
    and the SHA-256 of the case file; the folder is removed afterwards."""
    try:
        private = tempfile.TemporaryDirectory(prefix="casetrail-salvage-")
    except OSError as exc:
        raise CaseFileError(
            path, f"cannot be salvaged: no private folder for a copy ({exc.strerror or exc})"
        ) from None
    with private as folder:
        copy = Path(folder) / "in.case"
        try:
            sha256 = _copy_hashing(path, copy)
            for suffix in ("-journal", "-wal"):
                beside = path.with_name(path.name + suffix)
                if beside.is_file():
                    shutil.copyfile(beside, copy.with_name(copy.name + suffix))
        except OSError as exc:
            raise CaseFileError(
                path,
                f"cannot be salvaged: no private copy could be made in {folder} "
                f"({exc.strerror or exc})",
            ) from None
        yield copy, sha256


def _open_copy(copy: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{copy}?mode=rw", uri=True, isolation_level=None)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    conn.execute("PRAGMA query_only=ON")
    return conn


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_rows(
    conn: sqlite3.Connection, table: str, columns: list[str]
) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """Every readable row of ``table``; the row id ranges that could not be read."""
    cols = ", ".join(_quote(c) for c in columns)
    name = _quote(table)
    try:
        cursor = conn.execute(f"SELECT {cols} FROM {name}")
        return [dict(zip(columns, r, strict=True)) for r in cursor], []
    except sqlite3.DatabaseError:
        pass  # damaged: read it piece by piece
    try:
        low = conn.execute(f"SELECT min(rowid) FROM {name}").fetchone()[0]
        high = conn.execute(f"SELECT max(rowid) FROM {name}").fetchone()[0]
    except sqlite3.DatabaseError:
        low = high = None
    if low is None or high is None:
        return [], [(-1, -1)]
    rows: list[dict[str, Any]] = []
    lost: list[tuple[int, int]] = []

    def take(first: int, last: int) -> None:
        try:
            found = conn.execute(
                f"SELECT {cols} FROM {name} WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                (first, last),
            ).fetchall()
        except sqlite3.DatabaseError:
            if first == last:
                if lost and lost[-1][1] == first - 1:
                    lost[-1] = (lost[-1][0], first)
                else:
                    lost.append((first, first))
                return
            middle = (first + last) // 2
            take(first, middle)
            take(middle + 1, last)
            return
        rows.extend(dict(zip(columns, r, strict=True)) for r in found)

    for first in range(int(low), int(high) + 1, CHUNK):
        take(first, min(first + CHUNK - 1, int(high)))
    return rows, lost


def _count(conn: sqlite3.Connection, table: str) -> str:
    try:
        n = conn.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]
    except sqlite3.DatabaseError:
        return ""
    return f" ({n} row{'s' if n != 1 else ''})"


def read_case(path: str | os.PathLike[str]) -> RawCase:
    """Read every row that can be read from the case at ``path`` (left unchanged)."""
    p = Path(path)
    _check_header(p)
    with private_copy(p) as (copy, sha256):
        try:
            conn = _open_copy(copy)
        except sqlite3.Error as exc:
            raise CaseFileError(p, f"cannot be read ({exc})") from None
        try:
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                objects = read_objects(conn)
            except sqlite3.DatabaseError:
                # a damaged table of contents: ask SQLite to skip the entries it cannot parse
                conn.execute("PRAGMA writable_schema=ON")
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                objects = read_objects(conn)
            raw = RawCase(p, sha256, version)
            manifest = load_manifests().get(version) or newest_manifest()
            for difference in compare(objects, manifest.objects):
                kind, name = difference.type, difference.name
                if difference.change == "extra":
                    counted = _count(conn, name) if kind == "table" else ""
                    raw.foreign.append(
                        f"{kind} `{name}`{counted}: not created by Casetrail; not run, not copied"
                    )
                elif difference.change == "differs":
                    what = "its rows checked one by one" if kind == "table" else "not run"
                    raw.foreign.append(
                        f"{kind} `{name}`: differs from the one Casetrail creates; {what}"
                    )
            plain = {
                o.name
                for o in objects
                if o.type == "table" and not (o.sql or "").startswith("create virtual")
            }
            for table in ROW_TABLES:
                if table not in plain:
                    added = {"saved_views": 2, "stories": 5}.get(table, 0)  # by schema
                    if version >= added:
                        raw.unreadable.append(f"table `{table}`: not in the case (as a table)")
                    continue
                try:
                    info = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
                except sqlite3.DatabaseError as exc:
                    raw.unreadable.append(f"table `{table}`: cannot be read ({exc})")
                    continue
                columns = [str(r[1]) for r in info]
                rows, lost = _read_rows(conn, table, columns)
                raw.tables[table] = RawTable(columns, rows)
                for first, last in lost:
                    if first < 0:
                        raw.unreadable.append(f"table `{table}`: damaged; no row could be read")
                    elif first == last:
                        raw.unreadable.append(f"table `{table}`: row {first} is damaged")
                    else:
                        raw.unreadable.append(
                            f"table `{table}`: rows {first} to {last} are damaged "
                            "(those that existed)"
                        )
        except sqlite3.DatabaseError as exc:
            raise CaseFileError(p, f"is damaged beyond salvage ({exc})") from None
        finally:
            conn.close()
    return raw
