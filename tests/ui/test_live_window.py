"""Two people on one shared case: a change committed by one appears in the other's window
(the table and the timeline patch the event; no reload), and the status bar says who."""

from __future__ import annotations

from app.domain.records import Change, ChangeSet
from app.store.case import Case
from app.ui.live_updates import describe


def test_status_text_names_who_and_what() -> None:
    two = ChangeSet((Change("update", "event", 3), Change("create", "citation", 9)))
    assert describe("ann", two) == "ann changed 1 citation and 1 event"
    assert describe("", ChangeSet.everything()) == "someone changed the case; it was read again"


def test_a_colleagues_edit_appears_in_the_window(make_window, qtbot, shared_demo_case) -> None:  # type: ignore[no-untyped-def]
    window = make_window(shared_demo_case)
    url = str(shared_demo_case.path)
    with Case.open(url) as colleague:
        version = colleague.event(3).version
        with qtbot.waitSignal(window.session.changed, timeout=10_000) as heard:
            colleague.update_event(3, expected_version=version, title="Renamed by a colleague")
    changes, initiator = heard.args
    assert changes.changes == (Change("update", "event", 3),)
    assert initiator.actor == colleague.actor
    qtbot.waitUntil(lambda: "changed 1 event" in window.statusBar().currentMessage())
    record = window.model.record(window.model.row_of(3))
    assert record is not None and record.title == "Renamed by a colleague"  # the table patched


def test_the_window_opens_on_a_connection_string(shared_demo_case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "CASETRAIL_EXIT_AFTER_FIRST_PAINT": "1"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-m", "app", str(shared_demo_case.path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and "painted" in done.stdout, done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written beside it
