"""A case refused for its schema: the window says why, offers "Salvage into a New Case…", runs
the salvage on the job runner and opens the new case; the refused file is never changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.store.case import Case
from app.store.errors import SchemaMismatchError
from app.ui.main_window import MainWindow
from app.ui.salvaging import SALVAGE_BUTTON, Salvaging
from tests.hostile import HOSTILE, digest

TIMEOUT = 60000


@pytest.mark.parametrize("review", [False, True])
def test_refusal_names_the_trigger_and_changes_nothing(
    window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes, review: bool
) -> None:
    hostile = tmp_path / "received.case"
    hostile.write_bytes(demo_case.path.read_bytes())
    HOSTILE["status_trigger_on_search_pending"](hostile)
    before = digest(hostile)
    assert window.open_path(hostile, review=review) is False
    kind, text = message_boxes[-1]
    assert kind == "box" and "trigger `promote`" in text and "it was not run" in text
    assert window.case is demo_case
    assert digest(hostile) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.case", "received.case"]


def test_salvage_from_the_refusal_opens_the_new_case(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, monkeypatch, message_boxes
) -> None:
    hostile = tmp_path / "received.case"
    hostile.write_bytes(demo_case.path.read_bytes())
    HOSTILE["extra_view"](hostile)
    before = digest(hostile)
    out = tmp_path / "clean.case"
    asked: list[str] = []

    def exec_box(self: QMessageBox) -> int:
        message_boxes.append(("box", f"{self.windowTitle()}: {self.text()}"))
        for button in self.buttons():
            if button.text() == SALVAGE_BUTTON:
                button.click()
                return 0
        return int(QMessageBox.StandardButton.Ok.value)

    def save_name(_parent, title, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(out.with_suffix("")), ""  # the extension is added

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    assert window.open_path(hostile) is False
    salvaging = window.findChild(Salvaging)
    assert salvaging is not None and salvaging.job is not None
    assert asked == [str(tmp_path / "received (salvaged).case")]
    qtbot.waitUntil(lambda: window.case is not None and window.case.path == out, timeout=TIMEOUT)
    assert len(window.case.events()) == 8
    assert window.case.audit_log()[-1].action == "salvage"
    assert any("Salvage" in text and "view `summary`" in text for _k, text in message_boxes)
    assert digest(hostile) == before


def test_a_failed_salvage_says_why(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:
    taken = tmp_path / "taken.case"
    taken.write_text("mine")
    salvaging = Salvaging(window, window.open_path)
    job = salvaging.start(demo_case.path, taken)
    with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: any("Not salvaged" in t for _k, t in message_boxes), timeout=TIMEOUT)
    assert "already exists" in message_boxes[-1][1]
    assert taken.read_text() == "mine" and window.case is demo_case


def test_a_refused_case_on_the_command_line_opens_an_empty_window_offering_salvage(
    qtbot, demo_case_path: Path, monkeypatch, message_boxes, capsys
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui import app as ui_app

    HOSTILE["status_trigger_on_search_pending"](demo_case_path)
    before = digest(demo_case_path)
    shown: list[object] = []

    def run_loop(_app: QApplication) -> int:
        qtbot.waitUntil(lambda: any("promote" in t for _k, t in message_boxes), timeout=TIMEOUT)
        shown.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        for window in shown:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_loop)
    assert ui_app.run_gui(demo_case_path) == 2  # declined: nothing was opened
    assert "trigger `promote`" in capsys.readouterr().err
    assert any(w.case is None for w in shown)  # type: ignore[attr-defined]
    assert digest(demo_case_path) == before


def test_a_newer_case_with_a_view_for_a_table_is_refused_for_review_too(
    window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:
    from app.ui.app import open_case_for_gui

    hostile = tmp_path / "newer.case"
    hostile.write_bytes(demo_case.path.read_bytes())
    HOSTILE["table_swapped_for_view"](hostile)
    HOSTILE["newer_user_version"](hostile)
    before = digest(hostile)
    assert window.open_path(hostile) is False
    texts = [text for _kind, text in message_boxes]
    assert "missing the table `tags`" in texts[-1]
    assert window.case is demo_case
    with pytest.raises(SchemaMismatchError):
        open_case_for_gui(hostile, review=False)
    assert window.open_path(hostile, review=True) is False
    assert "missing the table `tags`" in message_boxes[-1][1]
    assert digest(hostile) == before


def test_a_newer_case_falls_back_to_review(
    window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:
    newer = tmp_path / "newer.case"
    newer.write_bytes(demo_case.path.read_bytes())
    HOSTILE["newer_user_version"](newer)
    assert window.open_path(newer) is True
    assert "newer Casetrail" in message_boxes[-1][1]
    assert window.case is not None and window.case.read_only


def _damage_text(path: Path, event_id: int) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("UPDATE events SET title = CAST(x'41ff42' AS TEXT) WHERE id = ?", (event_id,))
    db.commit()
    db.close()


def test_a_case_whose_text_is_not_utf8_is_refused_naming_the_row(
    window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:
    """A hand edit that leaves text SQLite cannot give as UTF-8: File > Open used to fail with
    the driver's error; now the window keeps no half-open case and offers salvage."""
    damaged = tmp_path / "received.case"
    damaged.write_bytes(demo_case.path.read_bytes())
    _damage_text(damaged, 3)
    assert window.open_path(damaged) is False
    kind, text = message_boxes[-1]
    assert kind == "box" and "events row 3 (title)" in text and "not UTF-8" in text, text
    assert "salvage" in text and window.case is None
    assert _title_bytes(damaged, 3) == b"A\xffB"  # the rows are as they were


def _title_bytes(path: Path, event_id: int) -> bytes:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        (found,) = db.execute("SELECT CAST(title AS BLOB) FROM events WHERE id = ?", (event_id,))
        return bytes(found[0])
    finally:
        db.close()


def test_the_program_started_on_such_a_case_offers_salvage(
    qapp, demo_case: Case, tmp_path: Path, monkeypatch, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from app.ui import app as gui

    damaged = tmp_path / "received.case"
    damaged.write_bytes(demo_case.path.read_bytes())
    _damage_text(damaged, 5)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: _spin_then_quit(message_boxes))
    assert gui.run_gui(damaged) == 2
    assert any("events row 5 (title)" in text for _kind, text in message_boxes)


def _spin_then_quit(message_boxes: list[tuple[str, str]]) -> int:
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + 30
    while not message_boxes and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    for widget in QApplication.topLevelWidgets():
        widget.close()
    return 0
