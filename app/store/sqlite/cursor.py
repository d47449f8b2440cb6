"""The driver's own cursor, for the few places where SQLAlchemy's Row objects cost too much:
reading many plain tuples (timeline columns, export rows) and inserting many rows at once.
Also the wording of SQLite's constraint errors and the names of its triggers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, exc
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from app.store.errors import ValidationError


def fetch_tuples(conn: Connection, stmt: ClauseElement) -> list[tuple[Any, ...]]:
    """Run a Core statement on the driver's cursor: plain tuples, no Row wrappers."""
    compiled = cast(
        SQLCompiler,
        stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True}),
    )
    params = compiled.construct_params() or {}
    positional = [params[name] for name in compiled.positiontup or ()]
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return cursor.execute(str(compiled), positional).fetchall()
    finally:
        cursor.close()


def iter_tuples(
    conn: Connection, stmt: ClauseElement, block: int = 4096
) -> Iterator[tuple[Any, ...]]:
    """:func:`fetch_tuples` as a stream: the rows straight from the cursor, a block at a time."""
    for rows in iter_blocks(conn, stmt, block):
        yield from rows


def iter_blocks(
    conn: Connection, stmt: ClauseElement, block: int = 4096
) -> Iterator[list[tuple[Any, ...]]]:
    """:func:`iter_tuples` a block (a list of rows) at a time: a caller looping over each
    block itself pays no generator step per row."""
    compiled = cast(
        SQLCompiler,
        stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True}),
    )
    params = compiled.construct_params() or {}
    positional = [params[name] for name in compiled.positiontup or ()]
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), positional)
        while rows := cursor.fetchmany(block):
            yield rows
    finally:
        cursor.close()


def insert_many(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (values in ``columns`` order) with one executemany on the driver."""
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    driver = conn.connection.driver_connection
    try:
        driver.executemany(f"INSERT INTO {table.name}({names}) VALUES ({marks})", rows)  # type: ignore[union-attr]
    except sqlite3.IntegrityError as error:
        raise ValidationError(integrity_message(error)) from None


def integrity_message(error: exc.IntegrityError | sqlite3.IntegrityError) -> str:
    """A refused constraint in words."""
    orig = getattr(error, "orig", None)
    text = str(orig) if orig is not None else str(error)
    if "UNIQUE" in text:
        where = text.split("failed:", 1)[-1].strip()
        table, _, field = where.partition(".")
        return f"that {field or 'value'} is already in use in {table or 'the case'}"
    if "FOREIGN KEY" in text:
        return "that refers to a record that does not exist"
    return f"the case refused the change ({text})"


def trigger_names(conn: Connection, table: str) -> set[str]:
    """The names of the triggers on ``table``."""
    rows = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    )
    return {r[0] for r in rows}
