"""Opening and creating SQLite case files: identity, health and version checks, then an
Engine; and the few PRAGMAs the store reads (schema version, integrity checks).

A case is one SQLite file that people copy around, so it uses a rollback journal (never WAL)
and ``synchronous=FULL``; while the case is open the journal is kept between transactions and
removed when it closes (:class:`CaseConnection`). Every connection gets the same PRAGMAs; the
driver is put in autocommit mode and SQLAlchemy emits ``BEGIN`` itself, so that PRAGMAs are
never swallowed by an implicit transaction and every unit of work is one real SQLite
transaction.

Opening checks the file before SQLite writes anything: the 100-byte header (is it SQLite, is it
ours, is it whole), then ``PRAGMA quick_check`` and the schema version. Problems raise
:class:`CaseFileError`, whose text names the file and the problem in one line.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.store.engine import Mode
from app.store.errors import CaseFileError, ReadOnlyCaseError
from app.store.schema import APPLICATION_ID
from app.store.sqlite.manifest import verify_schema

# How long a statement waits for another program's lock before giving up. Read at each
# connection, so tests may set it lower (monkeypatch) instead of waiting five seconds.
BUSY_TIMEOUT_MS = 5000
# the kept rollback journal is cut back to this size after a large transaction (an import)
JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024
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
        if p.is_symlink():
            raise CaseFileError(
                p, "is a symbolic link that leads nowhere (a loop or a missing file)"
            )
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
    if has_hot_journal(p):
        # a write that failed (disk full, a crash) left its journal: SQLite rolls the file
        # back to its last whole state when it opens it, and quick_check then judges it
        return FileFacts(size, page_size, page_count, application_id, user_version)
    if page_count is not None and size < page_count * page_size:
        raise CaseFileError(
            p, f"is truncated ({size} bytes; the header says {page_count * page_size})"
        )
    if size % page_size:
        raise CaseFileError(p, f"is damaged ({size} bytes is not a whole number of pages)")
    return FileFacts(size, page_size, page_count, application_id, user_version)


def _uri(path: Path, mode: Mode) -> str:
    uri = f"file:{quote(str(path.resolve()))}?mode={mode.value}"
    if mode is Mode.REVIEW and _wal_without_log(path):
        # Another program left the case in WAL mode, with every change already in the file:
        # read it as it is, so that review (which never writes) leaves no -wal and -shm
        # files beside it. (Opened for editing, the case is converted back to a rollback
        # journal, and a -wal holding changes is folded into the file first.)
        uri += "&immutable=1"
    return uri


def _wal_without_log(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    if len(head) < 20 or head[18] != 2:  # file format read version 2: WAL
        return False
    # no -wal and no -shm: no program has the case open in WAL mode, and every change is in
    # the file itself (a -wal, even an empty one, may belong to a program using it now)
    return not any(os.path.lexists(path.with_name(path.name + side)) for side in ("-wal", "-shm"))


class CaseConnection(sqlite3.Connection):
    """A driver connection that removes the case's rollback journal when it closes.

    Writing connections keep the journal between transactions (``journal_mode=PERSIST``:
    the header is zeroed at commit, the file stays). Creating and unlinking a journal for
    every commit, as ``DELETE`` does, changes the folder twice per edit, and on a journaling
    file system each of those metadata changes waits for a file-system commit that is shared
    with every other program writing to the disk: the slow commits of a busy machine.
    Durability is the same: the journal is still written and synced before the case file,
    and a commit is still the moment its header is cleared and synced. Closing switches the
    connection back to ``DELETE``, which removes the journal (SQLite does so only under a
    RESERVED lock and never while it is hot), so a closed case is one file again.
    """

    def close(self) -> None:
        try:
            if not self.in_transaction and not _reviewing(self):
                self.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error:
            pass  # busy or failing: the zeroed journal holds nothing; the next close removes it
        super().close()


def drop_journal(engine: Engine) -> None:
    """Remove the kept journal now: after a commit that erased content (a stored file
    purged), whose old pages the kept journal would otherwise hold until the case closes."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        try:
            raw.execute("PRAGMA journal_mode=DELETE")
        finally:
            raw.execute("PRAGMA journal_mode=PERSIST")


def _reviewing(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


def connect_raw(path: str | os.PathLike[str], mode: Mode) -> sqlite3.Connection:
    """A driver connection in autocommit mode with Casetrail's PRAGMAs applied."""
    conn = sqlite3.connect(
        _uri(Path(path), mode),
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
        factory=CaseConnection,
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
        # the rollback journal is kept between transactions (zeroed, not deleted; see
        # CaseConnection); a case left in WAL mode by another program is converted back
        conn.execute("PRAGMA journal_mode=PERSIST")
        conn.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")


def has_hot_journal(path: Path) -> bool:
    """Whether a rollback journal with content lies beside ``path`` (a write was cut off):
    SQLite's own test, a first byte that is not zero. The zeroed journal an open case keeps
    between its transactions (or that a crash left) holds nothing to roll back."""
    try:
        with open(path.with_name(path.name + "-journal"), "rb") as fh:
            return fh.read(1) not in (b"", b"\x00")
    except OSError:
        return False


def settle_file(path: str | os.PathLike[str]) -> None:
    """Have the operating system write out what it still holds of the case file in memory.

    A case just copied into place (a download, a copy from a stick, a template) is mostly
    dirty pages; the first commit's sync of the file would write all of them, and a first
    edit in a 200 MB case waited a third of a second for it. Called off the interface thread
    soon after opening, so that the first edit syncs only its own pages. Nothing is changed:
    the bytes are the same, only their way to the disk comes earlier."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # a file system that cannot sync a read-only handle: the first commit does it
    finally:
        os.close(fd)


def check_writable(p: Path) -> None:
    """Raise :class:`ReadOnlyCaseError` when the case file or its folder (where SQLite puts
    its journal) cannot be written: tried, not guessed from permission bits, which do not
    stop root, while a read-only mount or the immutable flag do."""
    try:
        os.close(os.open(p, os.O_RDWR))
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ETXTBSY):
            raise ReadOnlyCaseError(p) from None
        raise CaseFileError(p, f"cannot be opened ({error.strerror or error})") from None
    if not os.access(p.resolve().parent, os.W_OK | os.X_OK):
        raise ReadOnlyCaseError(p, f"its folder {p.resolve().parent} cannot be written")


def is_busy(error: BaseException) -> bool:
    """Whether a driver error means another program holds the file (a lock not released
    within the busy timeout)."""
    code = getattr(getattr(error, "orig", error), "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


IN_USE = "is in use by another program (it kept the case locked); try again when it is done"
DISK_FULL = "the disk is full or a file size limit was reached"


def describe_failure(error: BaseException) -> str:
    """One phrase for why a driver or file-system call failed, for a message that names the
    file: the disk is full, read-only, in use by another program, or the error's own text."""
    if isinstance(error, OSError) and error.errno is not None:
        if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return DISK_FULL
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "read-only"
        return error.strerror or str(error)
    orig = getattr(error, "orig", None) or error
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        primary = code & 0xFF
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return "in use by another program"
        if primary == sqlite3.SQLITE_FULL or code == sqlite3.SQLITE_IOERR_WRITE:
            return DISK_FULL
        if primary == sqlite3.SQLITE_IOERR:
            return f"{DISK_FULL}, or the disk failed ({orig})"
        if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
            return f"read-only ({orig})"
    return str(orig)


def roll_back_cut_write(path: str | os.PathLike[str]) -> None:
    """After a write failed part-way (disk full), let SQLite put the file back as it was:
    the first reader of a file with a hot journal rolls it back and removes the journal.
    Call with every other connection of this program closed."""
    p = Path(path)
    if not has_hot_journal(p):
        return
    try:
        conn = sqlite3.connect(_uri(p, Mode.OPEN), uri=True, isolation_level=None, timeout=1)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # the next opening rolls it back instead


def check_health(path: str | os.PathLike[str], mode: Mode) -> int:
    """Header checks, the schema compared with its revision's manifest (before any statement
    that could fire a trigger or read a view), then ``quick_check``; return the schema
    version (``user_version``).

    Only reads: the file is left byte-for-byte as it was (a hot journal left by a crash is
    rolled back by SQLite when the mode allows writing, which is the recovery it exists for).
    """
    p = Path(path)
    read_header(p)
    if mode is not Mode.REVIEW:
        check_writable(p)
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
        if is_busy(exc):
            raise CaseFileError(p, IN_USE) from None
        if mode is Mode.REVIEW and has_hot_journal(p):
            raise CaseFileError(
                p,
                "has an unfinished write (a crash or a full disk left its -journal beside it); "
                "open it for editing once to roll that back, then review it",
            ) from None
        if isinstance(exc, sqlite3.OperationalError) and mode is Mode.REVIEW:
            # e.g. a WAL case in a folder that cannot be written: not damage
            raise CaseFileError(p, f"cannot be read ({exc})") from None
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
# ... and for a statement the file system or a lock refused (raw, under SQLAlchemy's wrapper)
DriverOperationalError = sqlite3.OperationalError


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
