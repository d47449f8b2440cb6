"""Opening and creating case files: identity, health and version checks, then an Engine.

A case is one SQLite file that people copy around, so it uses a rollback journal (never WAL)
and ``synchronous=FULL``. Every connection gets the same PRAGMAs; the driver is put in
autocommit mode and SQLAlchemy emits ``BEGIN`` itself, so that PRAGMAs are never swallowed by
an implicit transaction and every unit of work is one real SQLite transaction.

Opening checks the file before SQLite writes anything: the 100-byte header (is it SQLite, is it
ours, is it whole), then ``PRAGMA quick_check`` and the schema version. Problems raise
:class:`CaseFileError`, whose text names the file and the problem in one line.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.store.schema import APPLICATION_ID, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000
_HEADER = b"SQLite format 3\x00"


class Mode(StrEnum):
    OPEN = "rw"  # an existing case, read-write; never creates a file
    NEW = "rwc"  # create a new case
    REVIEW = "ro"  # read-only at the SQLite level


class CaseFileError(Exception):
    """A case file cannot be used; ``str()`` is one line naming the file and the problem."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = Path(path)
        self.problem = "; ".join(line.strip() for line in problem.splitlines() if line.strip())
        super().__init__(f"{self.path}: {self.problem}")


class NewerSchemaError(CaseFileError):
    """The case was written by a newer Casetrail; it can still be opened for review."""

    def __init__(self, path: str | os.PathLike[str], found: int) -> None:
        self.found = found
        super().__init__(
            path,
            f"written by a newer Casetrail (schema {found}; this version knows up to "
            f"{SCHEMA_VERSION}); open it for review (read-only) or update Casetrail",
        )


@dataclass(frozen=True)
class FileFacts:
    """What the file header says, read without SQLite."""

    size: int
    page_size: int
    page_count: int | None
    application_id: int
    user_version: int


def _describe_foreign(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "is a PDF document, not a Casetrail case"
    if head.startswith(b"PK\x03\x04"):
        return "is a ZIP archive or office document, not a Casetrail case"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "is not a Casetrail case (not an SQLite database)"
    return "is a text file, not a Casetrail case"


def read_header(path: str | os.PathLike[str]) -> FileFacts:
    """Check that ``path`` looks like a whole Casetrail case file, reading only its header."""
    p = Path(path)
    if not p.exists():
        raise CaseFileError(p, "no such file")
    if p.is_dir():
        raise CaseFileError(p, "is a folder, not a case file")
    if not p.is_file():
        raise CaseFileError(p, "is not a regular file")
    try:
        with open(p, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise CaseFileError(p, f"cannot be read ({exc.strerror or exc})") from None
    size = p.stat().st_size
    if size == 0:
        raise CaseFileError(p, "is empty, not a Casetrail case")
    if not head.startswith(_HEADER):
        raise CaseFileError(p, _describe_foreign(head))
    if len(head) < 100:
        raise CaseFileError(p, f"is truncated ({size} bytes; not even a whole header)")
    (raw_page_size,) = struct.unpack(">H", head[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    change_counter, header_pages = struct.unpack(">II", head[24:32])
    (user_version,) = struct.unpack(">i", head[60:64])
    (application_id,) = struct.unpack(">I", head[68:72])
    (valid_for,) = struct.unpack(">I", head[92:96])
    if page_size < 512 or page_size & (page_size - 1):
        raise CaseFileError(p, "is damaged (invalid page size in the header)")
    if application_id != APPLICATION_ID:
        raise CaseFileError(p, "is an SQLite database of another program, not a Casetrail case")
    page_count = header_pages if (valid_for == change_counter and header_pages) else None
    if page_count is not None and size < page_count * page_size:
        raise CaseFileError(
            p, f"is truncated ({size} bytes; the header says {page_count * page_size})"
        )
    if size % page_size:
        raise CaseFileError(p, f"is damaged ({size} bytes is not a whole number of pages)")
    return FileFacts(size, page_size, page_count, application_id, user_version)


def _uri(path: Path, mode: Mode) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode.value}"


def connect_raw(path: str | os.PathLike[str], mode: Mode) -> sqlite3.Connection:
    """A driver connection in autocommit mode with Casetrail's PRAGMAs applied."""
    conn = sqlite3.connect(
        _uri(Path(path), mode),
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    try:
        _apply_pragmas(conn, mode)
    except BaseException:
        conn.close()
        raise
    return conn


def _apply_pragmas(conn: sqlite3.Connection, mode: Mode) -> None:
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous=FULL")
    if mode is Mode.REVIEW:
        conn.execute("PRAGMA query_only=ON")
    else:
        # deleted content (a stored file removed from the case) is overwritten, not left
        # behind in free pages of a file that people copy and send
        conn.execute("PRAGMA secure_delete=ON")
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(journal).lower() != "delete":
            conn.execute("PRAGMA journal_mode=DELETE")


def check_health(path: str | os.PathLike[str], mode: Mode) -> int:
    """Header checks, then ``quick_check``; return the schema version (``user_version``).

    Only reads: the file is left byte-for-byte as it was (a hot journal left by a crash is
    rolled back by SQLite when the mode allows writing, which is the recovery it exists for).
    """
    p = Path(path)
    read_header(p)
    try:
        conn = sqlite3.connect(
            _uri(p, Mode.REVIEW if mode is Mode.REVIEW else Mode.OPEN),
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    except sqlite3.Error as exc:
        raise CaseFileError(p, f"cannot be opened ({exc})") from None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
        problems = [r[0] for r in rows if r[0] != "ok"]
        if problems:
            raise CaseFileError(p, f"is damaged ({problems[0]})")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise CaseFileError(p, "is an SQLite database of another program, not a Casetrail case")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise CaseFileError(p, f"is damaged ({exc})") from None
    finally:
        conn.close()
    if version < 1 or "case_info" not in tables:
        raise CaseFileError(p, "is damaged (the case tables are missing)")
    return version


def make_engine(path: str | os.PathLike[str], mode: Mode) -> Engine:
    """An Engine over ``path`` whose connections carry the PRAGMAs and explicit BEGIN."""
    p = Path(path)

    def creator() -> sqlite3.Connection:
        return connect_raw(p, Mode.OPEN if mode is Mode.NEW else mode)

    engine = create_engine(
        "sqlite://", creator=creator, poolclass=QueuePool, pool_size=4, max_overflow=4
    )

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        kind = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {kind}")

    return engine


def backup_file(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """Copy a case with SQLite's online backup API (consistent even while it is open)."""
    source = sqlite3.connect(_uri(Path(src), Mode.REVIEW), uri=True)
    target = sqlite3.connect(str(dst))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
