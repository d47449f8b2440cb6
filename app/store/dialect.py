"""What differs between a case file (SQLite) and a shared case (PostgreSQL), in one place:
each function here calls :mod:`app.store.sqlite` or :mod:`app.store.postgresql` by the
connection's dialect. The rest of the store speaks SQLAlchemy Core and calls these."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.sql import ClauseElement

from app.store.errors import ValidationError
from app.store.sqlite import connect as sqlite_connect
from app.store.sqlite import cursor as sqlite_cursor
from app.store.sqlite import search as sqlite_search


def is_sqlite(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "sqlite"


def writing(engine: Engine) -> Connection:
    """A connection for one writer at once (``BEGIN IMMEDIATE``; the case's write lock)."""
    if is_sqlite(engine):
        return sqlite_connect.writing(engine)
    from app.store.postgresql import connect

    return connect.writing(engine)


def drop_journal(engine: Engine) -> None:
    """Remove a case file's kept rollback journal (a server keeps none beside a file)."""
    if is_sqlite(engine):
        sqlite_connect.drop_journal(engine)


def schema_version(conn: Connection) -> int:
    if is_sqlite(conn):
        return sqlite_connect.schema_version(conn)
    from app.store.postgresql import connect

    return connect.schema_version(conn)


def integrity_problems(conn: Connection) -> list[str]:
    """The database's own integrity checks (a server keeps its own: only whether everyone
    may create objects in the case's schema)."""
    if is_sqlite(conn):
        return sqlite_connect.integrity_problems(conn)
    from app.store.postgresql.people import schema_problems

    return schema_problems(conn)


def integrity_message(conn: Connection, error: BaseException) -> str:
    if is_sqlite(conn):
        return sqlite_cursor.integrity_message(error)  # type: ignore[arg-type]
    from app.store.postgresql import connect

    return connect.integrity_message(error)


def fetch_tuples(conn: Connection, stmt: ClauseElement) -> list[tuple[Any, ...]]:
    if is_sqlite(conn):
        return sqlite_cursor.fetch_tuples(conn, stmt)
    return [tuple(r) for r in conn.execute(stmt)]  # type: ignore[call-overload]


def iter_tuples(conn: Connection, stmt: ClauseElement) -> Iterator[tuple[Any, ...]]:
    """The statement's rows as plain tuples, streamed from the cursor."""
    if is_sqlite(conn):
        return sqlite_cursor.iter_tuples(conn, stmt)
    return (tuple(row) for row in conn.execute(stmt))  # type: ignore[call-overload]


def iter_blocks(conn: Connection, stmt: ClauseElement) -> Iterator[Sequence[tuple[Any, ...]]]:
    """:func:`iter_tuples` a block of rows at a time."""
    if is_sqlite(conn):
        return sqlite_cursor.iter_blocks(conn, stmt)
    parts = conn.execute(stmt).partitions(4096)  # type: ignore[call-overload]
    return ([tuple(row) for row in part] for part in parts)


def insert_many(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if is_sqlite(conn):
        sqlite_cursor.insert_many(conn, table, columns, rows)
        return
    import psycopg

    # one COPY: the rows stream in, and the server's statement triggers (the events' search
    # documents) run once for all of them, not once per row as an executemany's would
    names = ", ".join(columns)
    driver = conn.connection.driver_connection
    try:
        cursor = driver.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.IntegrityError as error:
        raise ValidationError(integrity_message(conn, error)) from None


def search_id_array(conn: Connection, text: str, among: Sequence[int] | None = None) -> Any:
    """Every event the search finds, unranked, as a sorted int64 array."""
    if is_sqlite(conn):
        return sqlite_search.search_id_array(conn, text, among)
    from app.store.postgresql import search

    return search.search_id_array(conn, text, among)


def match_places(conn: Connection, text: str, event_id: int) -> list[str]:
    """Where ``text`` matches event ``event_id`` (title, description, quote, pinpoint,
    source)."""
    if is_sqlite(conn):
        return sqlite_search.match_places(conn, text, event_id)
    from app.store.postgresql import search

    return search.match_places(conn, text, event_id)


def trigger_names(conn: Connection, table: str) -> set[str]:
    if is_sqlite(conn):
        return sqlite_cursor.trigger_names(conn, table)
    from app.store.postgresql import connect

    return connect.trigger_names(conn, table)


def has_column(conn: Connection, table: str, column: str) -> bool:
    if is_sqlite(conn):
        columns = conn.exec_driver_sql(f"PRAGMA table_info({table})").fetchall()
        return any(c[1] == column for c in columns)
    from app.store.postgresql import connect

    return connect.has_column(conn, table, column)


@contextmanager
def indexed_as_inserted(conn: Connection, kind: str, ids: Sequence[int]) -> Iterator[None]:
    """New rows of ``kind`` with ``ids``, inserted inside the block, go into a case file's
    search index at its end in one statement when they are a run of ids none of which was
    queued before (else the flush before commit indexes them); a server indexes its own."""
    first, last = (min(ids), max(ids)) if ids else (0, -1)
    run = is_sqlite(conn) and len(ids) > 1000 and last - first + 1 == len(ids)
    run = run and sqlite_search.queued_between(conn, kind, first, last) == 0
    yield
    if run:
        sqlite_search.index_run(conn, kind, first, last)


def flush_pending(conn: Connection) -> int:
    """Bring the search index up to date (a server's indexes always are)."""
    return sqlite_search.flush_pending(conn) if is_sqlite(conn) else 0


def search_event_ids(
    conn: Connection, text: str, *, limit: int | None = None, among: Sequence[int] | None = None
) -> list[int]:
    if is_sqlite(conn):
        return sqlite_search.search_event_ids(conn, text, limit=limit, among=among)
    from app.store.postgresql import search

    return search.search_event_ids(conn, text, limit=limit, among=among)


def server_audit(conn: Connection, rows: Sequence[dict[str, Any]]) -> str | None:
    """Have a shared case's server write these audit rows (it names the database user and
    chains them; see :mod:`app.store.postgresql.audit_rows`) and return the new head; None
    where the client writes them (a case file, or a shared case older than schema 8)."""
    if is_sqlite(conn):
        return None
    from app.store.postgresql import audit_rows

    if not audit_rows.server_writes(conn):
        return None
    return audit_rows.append(conn, rows)


def announce(conn: Connection, changes: Any, actor: str, session: str) -> None:
    """Tell the others working on a shared case what this transaction changed (on commit)."""
    if not is_sqlite(conn):
        from app.store.postgresql import live

        live.announce(conn, changes, actor, session)


def search_problems(conn: Connection) -> list[str]:
    if is_sqlite(conn):
        return sqlite_search.check(conn)
    from app.store.postgresql import search

    return search.check(conn)


def form_rows(conn: Connection, spec: Any, where: str, params: Iterable[Any]) -> Any:
    """A fingerprinted table's rows with their canonical forms (``where`` uses ``?``)."""
    if is_sqlite(conn):
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        return cursor.execute(spec.select() + where + spec.order(), tuple(params))
    from app.store.postgresql import forms

    return forms.rows(conn, spec, where, params)


class _QmarkCursor:
    """A PostgreSQL cursor that takes SQLite's ``?`` marks and ``CAST(x AS BLOB)``, and
    gives booleans as SQLite does (0 and 1), for the store's few hand-written statements."""

    def __init__(self, conn: Connection) -> None:
        self._cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _QmarkCursor:
        import re

        sql = re.sub(r"CAST\((\w+) AS BLOB\)", r"\1", sql).replace("?", "%s")
        self._cursor.execute(sql, tuple(params))
        return self

    @property
    def description(self) -> Any:
        return self._cursor.description

    @staticmethod
    def _row(row: Any) -> Any:
        if row is None:
            return None
        return tuple(int(v) if isinstance(v, bool) else v for v in row)

    def fetchone(self) -> Any:
        return self._row(self._cursor.fetchone())

    def fetchall(self) -> list[Any]:
        return [self._row(r) for r in self._cursor.fetchall()]

    def __iter__(self) -> Any:
        return (self._row(r) for r in self._cursor)


def driver_cursor(conn: Connection) -> Any:
    """The driver's cursor, taking statements written for SQLite (``?`` marks)."""
    if is_sqlite(conn):
        return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    return _QmarkCursor(conn)
