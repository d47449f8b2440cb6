"""Opening and creating a shared case: a PostgreSQL database that holds one case.

Creating runs the same Alembic history a case file is made with, in one transaction, on a
database that must be empty; opening checks that the database holds a Casetrail case of a
schema this program knows and upgrades an older one (a server keeps its own backups).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, exc, insert

from app.store import audit
from app.store.engine import Mode
from app.store.errors import CaseFileError, NewerSchemaError, ReadOnlyCaseError
from app.store.migrate import upgrade, upgrade_in
from app.store.postgresql.connect import Location, in_recovery, make_engine, writing
from app.store.postgresql.people import may_write
from app.store.schema import SCHEMA_VERSION
from app.store.tables import info_t


def _version(engine: Engine, location: Location) -> int | None:
    """The case's schema version; None for a database without tables."""
    try:
        with engine.connect() as conn:
            tables = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            ).scalar_one()
            if not tables:
                return None
            found = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename IN ('case_info', 'audit_log', 'events')"
            ).scalar_one()
            if found != 3:
                raise CaseFileError(location, "holds a database of another program, not a case")
            rows = conn.exec_driver_sql("SELECT schema_version FROM case_info").all()
    except exc.DBAPIError as error:
        raise CaseFileError(location, f"cannot be read ({_why(error)})") from None
    if len(rows) != 1:
        raise CaseFileError(location, "is damaged (the case information is missing)")
    return int(rows[0][0])


def _why(error: BaseException) -> str:
    orig = getattr(error, "orig", None) or error
    return (str(orig).strip().splitlines() or ["no reason given"])[0]


def holds_case(location: Location) -> bool:
    """Whether the database at ``location`` holds a case (not an empty database)."""
    engine = make_engine(location, Mode.REVIEW)
    try:
        return _version(engine, location) is not None
    finally:
        engine.dispose()


STANDBY = "it is a read-only standby server"


def _writable_server(engine: Engine, location: Location) -> None:
    """Refuse to open for writing on a standby (or where the connection string asks for a
    read-only server): such a case opens for review."""
    if location.wants_read_only:
        raise ReadOnlyCaseError(location, f"{STANDBY}: target_session_attrs asks for one")
    with engine.connect() as conn:
        if in_recovery(conn):
            raise ReadOnlyCaseError(location, STANDBY)


def open_engine(location: Location, mode: Mode) -> tuple[Engine, str | None]:
    """An Engine over the shared case at ``location`` (upgraded when older) and the notice
    to show."""
    engine = make_engine(location, mode)
    try:
        version = _version(engine, location)
        if version is None:
            raise CaseFileError(location, "holds no case (an empty database); push one to it")
        notice = None
        if mode is Mode.OPEN:
            _writable_server(engine, location)
        if version > SCHEMA_VERSION:
            if mode is not Mode.REVIEW:
                raise NewerSchemaError(location, version)  # type: ignore[arg-type]
            notice = NewerSchemaError(location, version).problem  # type: ignore[arg-type]
        elif version < SCHEMA_VERSION:
            if mode is Mode.REVIEW:
                notice = f"schema {version} is older than {SCHEMA_VERSION}; open it to upgrade"
            else:
                upgrade(engine)
                notice = f"upgraded from schema {version}"
        if mode is Mode.OPEN:
            with engine.connect() as conn:
                if not may_write(conn):
                    raise ReadOnlyCaseError(location, "your role in it is reviewer")
    except BaseException:
        engine.dispose()
        raise
    return engine, notice


def create(
    location: Location,
    *,
    title: str,
    day_first: bool,
    populate: Callable[[Location], None] | None = None,
    fill: Callable[[Connection], None] | None = None,
) -> None:
    """Make a new case in the empty database at ``location`` (then ``populate`` it). The
    schema, the case's information and what ``fill`` writes on the connection given are one
    transaction: when any of it fails, the database is left as empty as it was."""
    engine = make_engine(location, Mode.OPEN)
    try:
        if _version(engine, location) is not None:
            raise CaseFileError(location, "already holds tables; choose an empty database")
        try:
            with writing(engine) as conn, conn.begin():
                upgrade_in(conn)
                conn.execute(
                    insert(info_t).values(
                        id=1,
                        title=title.strip(),
                        created=datetime.now(UTC).isoformat(timespec="seconds"),
                        day_first=day_first,
                        schema_version=SCHEMA_VERSION,
                        audit_head=audit.GENESIS,
                        audit_count=0,
                    )
                )
                if fill is not None:
                    fill(conn)
        except exc.DBAPIError as error:
            raise CaseFileError(location, f"cannot be created ({_why(error)})") from None
    finally:
        engine.dispose()
    if populate is not None:
        populate(location)


def analyze(engine: Engine) -> None:
    """Have the server gather the statistics of a case just filled, so its planner knows the
    tables' sizes and words from the first search on (autovacuum would, later)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
