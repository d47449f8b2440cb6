"""The window's health check: what it checks, and that it never makes edits wait."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

import app.store.dialect as dialect
from app.store.case import Case
from app.store.engine import Mode
from app.store.interactive import INTERACTIVE
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


def _held_check(qtbot, window):  # type: ignore[no-untyped-def]
    """Start the window's check at once while interactive work runs; return the work's
    context manager (held) once the check is waiting for it."""
    held = INTERACTIVE.running()
    before = INTERACTIVE.pauses
    held.__enter__()
    window.health._timer.stop()
    window.health._start()
    qtbot.waitUntil(lambda: INTERACTIVE.pauses > before)
    return held


def test_the_check_waits_while_a_search_runs_and_then_finishes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    held = _held_check(qtbot, window)
    try:
        job = window.health.check.job
        assert job.running and window.health.text == "health: checking\u2026"
    finally:
        held.__exit__(None, None, None)
    qtbot.waitUntil(lambda: window.health.text == "health: ok")
    qtbot.waitUntil(lambda: not job.running)  # (its thread's end is announced after)


def test_closing_the_window_stops_a_waiting_check(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A check waiting for a search to end is stopped and waited for when its window (and
    case) closes: no hang, and no thread left running; its verdict is dropped."""
    held = _held_check(qtbot, window)
    try:
        job = window.health.check.job
        window.close()  # the search still runs: the check must not wait for it
        assert job._thread.isFinished()  # noqa: SLF001
        assert job.was_cancelled
    finally:
        held.__exit__(None, None, None)
    qtbot.waitUntil(lambda: not job.running)
    assert window.health.text == "health: checking\u2026"  # no verdict for a closed case


def test_opening_another_case_stops_the_check_of_the_one_before(qtbot, window, new_case) -> None:  # type: ignore[no-untyped-def]
    held = _held_check(qtbot, window)
    try:
        job = window.health.check.job
        window.set_case(new_case)
        assert job._thread.isFinished() and job.was_cancelled  # noqa: SLF001
    finally:
        held.__exit__(None, None, None)
    qtbot.waitUntil(lambda: window.health.text == "health: ok", timeout=10000)


def test_a_running_search_is_interactive_work(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.store.searcher import Searcher

    seen: list[bool] = []
    ids = Searcher.ids

    def noted(self, text):  # type: ignore[no-untyped-def]
        seen.append(INTERACTIVE.busy)
        return ids(self, text)

    monkeypatch.setattr(Searcher, "ids", noted)
    window.search.setText("salesforce")
    qtbot.waitUntil(lambda: window.finder._job is None and len(window.finder.matches) == 8)
    assert seen and all(seen)


def test_closing_the_window_interrupts_a_long_step_of_the_check(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def slow(conn):  # type: ignore[no-untyped-def]
        raw = conn.connection.driver_connection
        raw.create_function("started", 0, lambda: started.set() or 0)
        forever = (
            "WITH RECURSIVE c(x) AS (SELECT started() UNION ALL SELECT x + 1 FROM c "
            "WHERE x < 1000000000) SELECT count(*) FROM c"
        )
        conn.exec_driver_sql(forever).scalar_one()
        return []

    monkeypatch.setattr(dialect, "search_problems", slow)
    window.health._timer.stop()
    window.health._start()
    assert started.wait(30)
    job = window.health.check.job
    window.close()  # the statement is stopped: the window closes at once
    assert job._thread.isFinished() and job.was_cancelled  # noqa: SLF001


def test_a_stopped_check_hashes_no_further_linked_file(
    new_case: Case, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Closing the window waits for its check to end: a check asked to stop while it hashes
    linked files (each may be large) stops before the next one."""
    import hashlib

    import app.ui.health as health
    from app.ui.jobs import Cancelled

    for name in ("a", "b", "c"):
        data = name.encode() * 1000
        (tmp_path / f"{name}.bin").write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        new_case.store_file(sha256=sha, data=None, size=len(data), original_name=f"{name}.bin")
        new_case.create_source(
            title=name, file_path=str(tmp_path / f"{name}.bin"), file_sha256=sha, file_stored=False
        )

    class Reporter:
        cancelled = False

    reporter = Reporter()
    hashed: list[str] = []

    def state(source, case_path):  # type: ignore[no-untyped-def]
        hashed.append(source.title)
        reporter.cancelled = True  # the window closes while this file is hashed
        return "verified", None

    monkeypatch.setattr(health, "linked_file_state", state)
    with pytest.raises(Cancelled):
        check_case(new_case, reporter)  # type: ignore[arg-type]
    assert hashed == ["a"]
