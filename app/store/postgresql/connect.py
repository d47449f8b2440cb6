"""Connecting to a shared case: libpq connection strings and service names, the Engine, the
writers' lock and the few catalogue reads the store needs.

A location is a libpq URL (``postgresql://user@host/db?sslmode=require``) or a service name
(``service=firm-cases``). Passwords never pass through Casetrail: libpq reads them from its
own places (the ``~/.pgpass`` file, the service file, ``PGPASSWORD``); a URL that carries one
is refused, so a password is never kept in settings, the recent-cases list or a message.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.store.engine import Mode
from app.store.errors import CaseFileError

URL_SCHEMES = ("postgresql://", "postgres://")
# the one advisory lock every writer of a case takes (a database holds one case): writes are
# serialised as in a case file, so the audit chain stays one chain
WRITE_LOCK = 0x43415345  # "CASE"
READ_ONLY_TARGETS = ("read-only", "standby", "prefer-standby")


def is_location(text: str | os.PathLike[str]) -> bool:
    """Whether ``text`` names a shared case (a URL or a libpq key=value string)."""
    if not isinstance(text, str):
        return False
    keys = ("service=", "host=", "dbname=")
    return text.startswith(URL_SCHEMES) or text.lstrip().startswith(keys)


class Location:
    """A shared case's location where the program keeps a case file's path: its ``name``
    is the database name, ``str()`` the connection string (which holds no password)."""

    def __init__(self, conninfo: str) -> None:
        import psycopg.conninfo

        try:
            params = psycopg.conninfo.conninfo_to_dict(conninfo)
        except psycopg.ProgrammingError as error:
            raise CaseFileError(
                _unparsed(conninfo), f"is not a valid connection string ({_first_line(error)})"
            ) from None
        if params.get("password"):
            raise CaseFileError(
                _unparsed(conninfo),
                "carries a password; put it in ~/.pgpass or a service file instead",
            )
        self.name = str(params.get("dbname") or params.get("service") or "case")
        self.conninfo = conninfo.strip()
        # a connection string asking for a read-only server (a standby) opens for review
        self.wants_read_only = str(params.get("target_session_attrs", "")) in READ_ONLY_TARGETS

    @property
    def stem(self) -> str:
        return self.name

    def resolve(self) -> Location:
        """Itself (a recent-cases list keeps its connection string)."""
        return self

    @property
    def parent(self) -> Path:
        """A shared case has no folder: source files linked by a relative path are looked
        for from the current folder."""
        return Path.cwd()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and other.conninfo == self.conninfo

    def __hash__(self) -> int:
        return hash(self.conninfo)

    def __repr__(self) -> str:
        return f"Location({self.conninfo!r})"

    def __str__(self) -> str:
        return self.conninfo

    def __fspath__(self) -> str:  # never a file: a file-system call must fail, not guess
        raise TypeError(f"{self.conninfo} is a shared case, not a file")


def _unparsed(conninfo: str) -> Location:
    """A location for a message about a connection string that cannot be used."""
    shown = Location.__new__(Location)
    shown.name, shown.conninfo, shown.wants_read_only = "case", redact(conninfo), False
    return shown


def redact(conninfo: str) -> str:
    """``conninfo`` with any password replaced by ``***`` (for messages)."""
    import re

    text = re.sub(r"(://[^/@:]*):[^@/]*@", r"\1:***@", conninfo)
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", text)


def make_engine(location: Location, mode: Mode) -> Engine:
    """An Engine whose connections are libpq's own; a review opens read-only sessions."""
    import psycopg

    def creator() -> Any:
        try:
            return psycopg.connect(location.conninfo)
        except psycopg.OperationalError as error:
            raise CaseFileError(location, f"cannot be reached ({_first_line(error)})") from None

    # a read transaction sees one snapshot (as in a case file); writers read committed rows
    # once they hold the write lock (see writing)
    engine = create_engine(
        "postgresql+psycopg://",
        creator=creator,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        isolation_level="REPEATABLE READ",
    )

    @event.listens_for(engine, "connect")
    def _session(driver: Any, _record: Any) -> None:
        with driver.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            if mode is Mode.REVIEW:
                cursor.execute("SET default_transaction_read_only = on")
        driver.commit()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get("case_writer"):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    return engine


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or ["no reason given"])[0]


def writing(engine: Engine) -> Connection:
    """A connection whose transactions first take the case's write lock (one writer) and
    then read what the writer before them committed (READ COMMITTED: a snapshot taken before
    the lock was granted would miss it)."""
    return engine.connect().execution_options(case_writer=True, isolation_level="READ COMMITTED")


def schema_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT schema_version FROM case_info").scalar_one())


def in_recovery(conn: Connection) -> bool:
    """Whether the server is a standby (read-only, replaying a primary's changes)."""
    return bool(conn.exec_driver_sql("SELECT pg_is_in_recovery()").scalar_one())


def trigger_names(conn: Connection, table: str) -> set[str]:
    rows = conn.exec_driver_sql(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%(t)s) AND NOT tgisinternal",
        {"t": table},
    )
    return {r[0] for r in rows}


def has_column(conn: Connection, table: str, column: str) -> bool:
    found = conn.exec_driver_sql(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %(t)s AND column_name = %(c)s",
        {"t": table, "c": column},
    ).scalar_one()
    return bool(found)


def integrity_message(error: BaseException) -> str:
    """A refused constraint in words (PostgreSQL names the constraint)."""
    orig = getattr(error, "orig", None) or error
    diag = getattr(orig, "diag", None)
    constraint = getattr(diag, "constraint_name", None) or ""
    table = getattr(diag, "table_name", None) or "the case"
    state = getattr(orig, "sqlstate", None)
    if state == "23505":  # unique_violation: uq_<table>_<field> or pk_<table>
        field = constraint.removeprefix(f"uq_{table}_") if constraint.startswith("uq_") else "id"
        return f"that {field} is already in use in {table}"
    if state == "23503":
        return "that refers to a record that does not exist"
    return f"the case refused the change ({_first_line(orig)})"
