"""The window's health check: what it checks, and that it never makes edits wait."""

from __future__ import annotations

import sqlite3

import app.store.dialect as dialect
from app.store.case import Case
from app.ui.health import check_case


def test_the_window_check_leaves_the_file_scan_to_opening(demo_case: Case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def scan(_conn):  # type: ignore[no-untyped-def]
        raise AssertionError("the whole-file scan ran")

    monkeypatch.setattr(dialect, "integrity_problems", scan)
    assert check_case(demo_case) == []


def test_the_window_check_still_finds_a_broken_audit_chain(demo_case: Case) -> None:
    db = sqlite3.connect(demo_case.path)
    db.execute("DROP TRIGGER audit_log_no_update")
    db.commit()
    # a schema changed while the case is open is refused before anything runs in it
    problems = check_case(demo_case)
    assert any("missing the trigger `audit_log_no_update`" in p for p in problems), problems
    db.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 1")
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    db.commit()
    db.close()
    problems = check_case(demo_case)
    assert any("audit row 1" in p for p in problems), problems
