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


def test_selection_follows_between_canvas_and_table(qtbot, demo_case: Case) -> None:
    window = MainWindow(demo_case)
    qtbot.addWidget(window)
    canvas = window.timeline.canvas
    canvas.select(5)
    assert window.table.selectedItems()[0].data(Qt.ItemDataRole.UserRole) == 5
    window.table.selectRow(0)
    assert canvas.selected_id == 1
    canvas.select(4)  # undated
    assert window.table.selectedItems()[0].text() == "undated"


def test_timeline_view_controls(qtbot, demo_case: Case) -> None:
    from app.domain.dates import FuzzyDate
    from app.ui.canvas import seconds

    window = MainWindow(demo_case)
    qtbot.addWidget(window)
    view = window.timeline
    view.show_date(FuzzyDate.parse("2016"))
    assert view.canvas.scale.start < seconds(FuzzyDate.parse("2016").earliest)
    assert view.canvas.scale.end > seconds(FuzzyDate.parse("2016").latest)
    assert view.canvas.scale.span < 3 * 366 * 86400
    before = view.canvas.scale.span
    view.slider.setValue(view.slider.value() + 200)
    assert view.canvas.scale.span < before
    view.group_by.setCurrentIndex(1)  # by tag
    assert view.canvas.lanes is not None and "background" in view.canvas.lanes.titles
    view.overview.resize(400, 34)
    view.overview._centre_at(10)
    assert view.canvas.scale.start < seconds(FuzzyDate.parse("2005").earliest)
