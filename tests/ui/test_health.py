"""The window's health check: what it checks, and that it never makes edits wait."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

import app.store.dialect as dialect
from app.store.case import Case
from app.store.engine import Mode
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


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")
def test_the_window_check_writes_out_a_freshly_copied_case(
    demo_case_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """What the system still holds of a case copied into place is written out by the
    background check, so that the first edit's commit syncs only its own pages; a case
    open for review is left alone."""
    synced: list[Path] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with Case.open(demo_case_path, Mode.REVIEW) as case:
        assert check_case(case) == []
    assert demo_case_path.resolve() not in synced
    with Case.open(demo_case_path) as case:
        assert check_case(case) == []
    assert demo_case_path.resolve() in synced
