"""Reading an older case for review without upgrading it.

A case opened for review is never migrated, so its tables may lack columns a later schema
added. Each connection gets TEMP views of the same names (which SQLite resolves before the
main database's tables) that add the missing columns with their empty defaults; the file is
not touched (temp objects live outside it, and the schema manifest lists only its own).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, event

# table -> (column, the SQL of its value in an older case), by the schema that added it
LATER_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("privileged_note", "''"),),
    "citations": (("privileged_note", "''"),),
    "entities": (("pseudonym", "''"),),
    "saved_views": (("pseudonyms", "0"),),
    "stories": (("pseudonyms", "0"),),
}


def add_missing_columns(driver: sqlite3.Connection) -> None:
    """Shadow each table that lacks a later column with a TEMP view that has it (the
    connection is read-only; only the temp schema is written, in memory)."""
    found = driver.execute("SELECT name FROM main.sqlite_master WHERE type='table'")
    tables = {r[0] for r in found}
    for table, later in LATER_COLUMNS.items():
        if table not in tables:
            continue
        have = {r[1] for r in driver.execute(f"PRAGMA main.table_info({table})")}
        missing = [f"{value} AS {name}" for name, value in later if name not in have]
        if not missing:
            continue
        driver.execute("PRAGMA query_only=OFF")  # only the temp schema is written
        try:
            driver.execute(
                f"CREATE TEMP VIEW IF NOT EXISTS {table} AS "
                f"SELECT *, {', '.join(missing)} FROM main.{table}"
            )
        finally:
            driver.execute("PRAGMA query_only=ON")


def shim_older_case(engine: Engine) -> None:
    """Give every connection of ``engine`` (an older case opened for review) the views."""

    @event.listens_for(engine, "connect")
    def _connect(driver, _record):  # type: ignore[no-untyped-def]
        add_missing_columns(driver)
