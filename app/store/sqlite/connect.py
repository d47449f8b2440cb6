"""Opening and creating SQLite case files: identity, health and version checks, then an
Engine; and the few PRAGMAs the store reads (schema version, integrity checks).

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
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.store.engine import Mode
from app.store.errors import CaseFileError
from app.store.schema import APPLICATION_ID
from app.store.sqlite.manifest import verify_schema

BUSY_TIMEOUT_MS = 5000
_HEADER = b"SQLite format 3\x00"


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
    """Header checks, the schema compared with its revision's manifest (before any statement
    that could fire a trigger or read a view), then ``quick_check``; return the schema
    version (``user_version``).

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
        conn.execute("PRAGMA query_only=ON")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise CaseFileError(p, "is an SQLite database of another program, not a Casetrail case")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version < 1:
            raise CaseFileError(p, "is damaged (the case tables are missing)")
        # before anything that could fire a trigger or read a view (manifest module)
        verify_schema(conn, p, version)
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
        problems = [r[0] for r in rows if r[0] != "ok"]
        if problems:
            raise CaseFileError(p, f"is damaged ({problems[0]})")
    except sqlite3.DatabaseError as exc:
        raise CaseFileError(p, f"is damaged ({exc})") from None
    finally:
        conn.close()
    return version


def make_engine(path: str | os.PathLike[str], mode: Mode, *, guard: bool = False) -> Engine:
    """An Engine over ``path`` whose connections carry the PRAGMAs and explicit BEGIN.

    With ``guard`` (an opened case), every transaction reads SQLite's schema cookie right
    after BEGIN, and whenever it differs from the one last verified (the first transaction;
    a migration; another program changing the schema while the case is open) compares the
    schema with its manifest before anything else runs in that transaction.
    """
    p = Path(path)
    verified: list[int | None] = [None]

    def check_schema(driver: sqlite3.Connection) -> None:
        cookie = driver.execute("PRAGMA schema_version").fetchone()[0]
        if cookie == verified[0]:
            return
        try:
            verify_schema(driver, p, int(driver.execute("PRAGMA user_version").fetchone()[0]))
        except BaseException:
            driver.execute("ROLLBACK")
            raise
        verified[0] = cookie

    def creator() -> sqlite3.Connection:
        return connect_raw(p, Mode.OPEN if mode is Mode.NEW else mode)

    engine = create_engine(
        "sqlite://", creator=creator, poolclass=QueuePool, pool_size=4, max_overflow=4
    )

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        kind = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {kind}")
        if guard:
            check_schema(conn.connection.driver_connection)

    return engine


def write_application_id(path: str | os.PathLike[str]) -> None:
    """Create the file at ``path`` marked as a Casetrail case (for :meth:`Case.create`)."""
    raw = connect_raw(path, Mode.NEW)
    try:
        raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        raw.close()


# what the driver raises for a file it cannot create or use
DriverError = sqlite3.Error


def side_files(path: Path) -> tuple[Path, ...]:
    """The file and what SQLite may leave beside it (its rollback journal)."""
    return (path, path.with_name(path.name + "-journal"))


def writing(engine: Engine) -> Connection:
    """A connection whose transactions start with ``BEGIN IMMEDIATE`` (one writer at once)."""
    return engine.connect().execution_options(sqlite_begin="IMMEDIATE")


def schema_version(conn: Connection) -> int:
    """The schema revision written into the file (``PRAGMA user_version``)."""
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def integrity_problems(conn: Connection) -> list[str]:
    """SQLite's own integrity and foreign key checks, one line per problem."""
    problems: list[str] = []
    for (row,) in conn.exec_driver_sql("PRAGMA integrity_check(20)"):
        if row != "ok":
            problems.append(f"integrity: {row}")
    for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
        problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    return problems
