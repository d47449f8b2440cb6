"""Hostile case files, made by the tests from a real case with the sqlite3 module (as someone
with the sqlite3 shell would): extra triggers and views, altered tables and indexes, foreign
schemas. Each ``HOSTILE[name](path)`` changes the closed case at ``path`` in place and
returns the name of an object the refusal must mention."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.store.schema import APPLICATION_ID, SCHEMA_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shell(path: Path, *statements: str) -> None:
    """Run statements on ``path`` the way the sqlite3 shell would (no Casetrail PRAGMAs)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _edit_sql(path: Path, name: str, old: str, new: str) -> None:
    """Change the stored SQL of ``name`` (what a hand-edited schema looks like)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = ?", (old, new, name)
        )
        conn.execute(f"PRAGMA schema_version={version + 1}")
        conn.execute("PRAGMA writable_schema=OFF")
    finally:
        conn.close()


PROMOTE = "UPDATE events SET status = 'established' WHERE status = 'alleged'"


def status_trigger_on_search_pending(path: Path) -> str:
    """The issue's example: opening flushes search_pending, which fires it."""
    shell(
        path,
        f"CREATE TRIGGER promote AFTER DELETE ON search_pending BEGIN {PROMOTE}; END",
        "INSERT OR IGNORE INTO search_pending(kind, ref_id) SELECT 'event', id FROM events",
    )
    return "promote"


def status_trigger_on_events(path: Path) -> str:
    shell(path, f"CREATE TRIGGER rewrite AFTER INSERT ON events BEGIN {PROMOTE}; END")
    return "rewrite"


def trigger_on_audit_log(path: Path) -> str:
    shell(
        path,
        "CREATE TRIGGER hush AFTER INSERT ON audit_log "
        "BEGIN UPDATE case_info SET title = 'changed'; END",
    )
    return "hush"


def extra_view(path: Path) -> str:
    shell(path, "CREATE VIEW summary AS SELECT id, title FROM events")
    return "summary"


def extra_index(path: Path) -> str:
    shell(path, "CREATE INDEX ix_events_title ON events(title)")
    return "ix_events_title"


def dropped_index(path: Path) -> str:
    shell(path, "DROP INDEX ix_citations_source_id")
    return "ix_citations_source_id"


def altered_check(path: Path) -> str:
    _edit_sql(path, "events", "'established')", "'established', 'proven')")
    return "events"


def renamed_table(path: Path) -> str:
    shell(path, "ALTER TABLE eras RENAME TO periods")
    return "eras"


def table_swapped_for_view(path: Path) -> str:
    shell(
        path,
        "ALTER TABLE tags RENAME TO tags_real",
        "CREATE VIEW tags AS SELECT id, upper(name) AS name, colour, description FROM tags_real",
    )
    return "tags"


def changed_search_trigger(path: Path) -> str:
    """One of Casetrail's own triggers, same name, another body."""
    shell(
        path,
        "DROP TRIGGER events_search_update",
        "CREATE TRIGGER events_search_update AFTER UPDATE OF title, description ON events "
        f"BEGIN INSERT OR IGNORE INTO search_pending(kind, ref_id) VALUES ('event', new.id); "
        f"{PROMOTE}; END",
    )
    return "events_search_update"


def changed_full_text_table(path: Path) -> str:
    shell(
        path,
        "DROP TABLE events_fts",
        "CREATE VIRTUAL TABLE events_fts USING fts5(title, description, tokenize='ascii')",
    )
    return "events_fts"


def extra_table(path: Path) -> str:
    shell(path, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    return "notes"


def dropped_append_only_trigger(path: Path) -> str:
    shell(path, "DROP TRIGGER audit_log_no_update")
    return "audit_log_no_update"


def temp_trigger_text_in_schema(path: Path) -> str:
    """A trigger whose name hides among Casetrail's (a lookalike)."""
    shell(
        path,
        f'CREATE TRIGGER "events_search_insert " AFTER INSERT ON events BEGIN {PROMOTE}; END',
    )
    return "events_search_insert "


def newline_in_a_trigger_name(path: Path) -> str:
    """A name that would break the one-line message: shown escaped."""
    shell(path, f'CREATE TRIGGER "fine\nline two" AFTER INSERT ON events BEGIN {PROMOTE}; END')
    return "fine\\x0aline two"


def garbage_schema_entry(path: Path) -> str:
    """An entry SQLite itself cannot parse, written with writable_schema."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "INSERT INTO sqlite_master VALUES ('trigger', 'junk', 'events', 0, "
            "'CREATE TRIGGER junk nonsense here')"
        )
        conn.execute(f"PRAGMA schema_version={version + 1}")
    finally:
        conn.close()
    return "malformed"


def trigger_on_case_info(path: Path) -> str:
    shell(
        path,
        "CREATE TRIGGER retitle BEFORE UPDATE ON case_info "
        "BEGIN UPDATE events SET key_fact = 1; END",
    )
    return "retitle"


def instead_of_trigger_on_a_view(path: Path) -> str:
    shell(
        path,
        "CREATE VIEW recent AS SELECT id, title FROM events",
        "CREATE TRIGGER recent_write INSTEAD OF INSERT ON recent BEGIN DELETE FROM tags; END",
    )
    return "recent_write"


def expression_index(path: Path) -> str:
    shell(path, "CREATE INDEX ix_lower_title ON events(lower(title)) WHERE status = 'alleged'")
    return "ix_lower_title"


def user_version_zero(path: Path) -> str:
    shell(path, "PRAGMA user_version = 0")
    return "tables are missing"


def duplicate_schema_entry(path: Path) -> str:
    """Casetrail's own trigger listed twice (writable_schema)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "INSERT INTO sqlite_master SELECT type, name, tbl_name, rootpage, sql "
            "FROM sqlite_master WHERE name = 'audit_log_no_update'"
        )
        conn.execute(f"PRAGMA schema_version={version + 1}")
    finally:
        conn.close()
    return "audit_log_no_update"


def newer_user_version(path: Path) -> str:
    shell(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return "newer Casetrail"


def foreign_schema(path: Path) -> str:
    """Casetrail's application_id on another program's tables."""
    path.unlink()
    shell(
        path,
        f"PRAGMA application_id = {APPLICATION_ID}",
        f"PRAGMA user_version = {SCHEMA_VERSION}",
        "CREATE TABLE things(id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO things(name) VALUES ('x')",
    )
    return "none of its tables"


def foreign_schema_with_case_names(path: Path) -> str:
    """Casetrail's mark and table names, with other columns."""
    path.unlink()
    shell(
        path,
        f"PRAGMA application_id = {APPLICATION_ID}",
        f"PRAGMA user_version = {SCHEMA_VERSION}",
        "CREATE TABLE case_info(id INTEGER PRIMARY KEY, title TEXT)",
        "CREATE TABLE events(id INTEGER PRIMARY KEY, title TEXT)",
        "INSERT INTO case_info VALUES (1, 'x')",
    )
    return "case_info"


def migration_record_mismatch(path: Path) -> str:
    shell(path, "UPDATE alembic_version SET version_num = '0001'")
    return "migration record"


def older_case_with_extra_trigger(path: Path) -> str:
    """A schema-1 case (as an older Casetrail left it) with a trigger added: compared with
    schema 1's manifest before any upgrade."""
    from app.store.engine import Mode
    from app.store.migrate import upgrade
    from app.store.sqlite.connect import make_engine, write_application_id

    path.unlink()
    write_application_id(path)
    engine = make_engine(path, Mode.OPEN)
    upgrade(engine, "0001")
    engine.dispose()
    shell(
        path,
        "INSERT INTO case_info VALUES (1, 'Old', '2020-01-01T00:00:00+00:00', 0, 1, "
        "'0000000000000000000000000000000000000000000000000000000000000000', 0)",
        f"CREATE TRIGGER promote AFTER INSERT ON events BEGIN {PROMOTE}; END",
    )
    return "promote"


HOSTILE: dict[str, Callable[[Path], str]] = {
    f.__name__: f
    for f in (
        status_trigger_on_search_pending,
        status_trigger_on_events,
        trigger_on_audit_log,
        extra_view,
        extra_index,
        dropped_index,
        altered_check,
        renamed_table,
        table_swapped_for_view,
        changed_search_trigger,
        changed_full_text_table,
        extra_table,
        dropped_append_only_trigger,
        temp_trigger_text_in_schema,
        newline_in_a_trigger_name,
        garbage_schema_entry,
        trigger_on_case_info,
        instead_of_trigger_on_a_view,
        expression_index,
        user_version_zero,
        duplicate_schema_entry,
        newer_user_version,
        foreign_schema,
        foreign_schema_with_case_names,
        migration_record_mismatch,
        older_case_with_extra_trigger,
    )
}
