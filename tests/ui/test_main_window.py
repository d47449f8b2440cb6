"""The plain main window shows the case's events, read-only when reviewing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.store.case import Case
from app.store.engine import Mode
from app.ui.app import open_case_for_gui
from app.ui.main_window import MainWindow


def test_lists_demo_events_in_date_order(qtbot, demo_case: Case) -> None:
    window = MainWindow(demo_case)
    qtbot.addWidget(window)
    table = window.table
    assert table.rowCount() == 8
    assert table.item(0, 0).text() == "2004"
    assert table.item(7, 0).text() == "undated"
    assert table.item(3, 0).text() == "December 2016"
    assert table.item(0, 1).data(Qt.ItemDataRole.UserRole) == 1
    assert "Review" not in window.windowTitle()


def test_review_title(qtbot, demo_case: Case) -> None:
    demo_case.close()
    with Case.open(demo_case.path, Mode.REVIEW) as case:
        window = MainWindow(case)
        qtbot.addWidget(window)
        assert window.windowTitle().endswith("Review (read-only)")


def test_hostile_title_is_plain_text(qtbot, new_case: Case) -> None:
    new_case.create_event(title="<b>bold</b> <img src=x>")
    window = MainWindow(new_case)
    qtbot.addWidget(window)
    assert window.table.item(0, 1).text() == "<b>bold</b> <img src=x>"


def test_bad_file_gives_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.case"
    bad.write_text("hello")
    case, problem = open_case_for_gui(bad, review=False)
    assert case is None and problem and str(bad) in problem


def test_no_case_opens_the_demo_in_the_data_folder(monkeypatch, tmp_path: Path) -> None:
    import app.ui.app as ui_app
    from app import cli

    seen: list[Path] = []
    monkeypatch.setattr(ui_app, "run_gui", lambda path, review: seen.append(path) or 0)
    assert cli.main([]) == 0
    assert seen == [cli.demo_case_path()] and seen[0].exists()
    first = seen[0].stat().st_mtime_ns
    assert cli.main([]) == 0  # the second time it is opened, not rebuilt
    assert seen[1].stat().st_mtime_ns == first
