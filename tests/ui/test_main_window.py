"""The review window: selection in step, details, search, filters, review mode, layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.store.case import Case, ReadOnlyError
from app.store.engine import Mode
from app.ui.app import open_case_for_gui
from app.ui.main_window import MainWindow
from app.ui.models import HighlightRole, IdRole
from app.ui.shortcuts import clashes


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def action_for(window: MainWindow, shortcut: str):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    wanted = QKeySequence(shortcut)
    for action in window.findChildren(QAction):
        if action.shortcut() == wanted:
            return action
    raise AssertionError(f"no action for {shortcut}")


def settle_layout(widget: QWidget) -> None:
    """Carry out the layout requests that a change to WIDGET set off, up to its window: each
    pass moves a size change one parent up, so one pass per ancestor settles them all (however
    long the event loop would have taken to get round to them)."""
    while widget is not None:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        widget = widget.parentWidget()


def selected_table_id(window: MainWindow) -> int | None:
    rows = window.table.selectionModel().selectedRows()
    return int(rows[0].data(IdRole)) if rows else None


def test_selection_sync_both_ways(window: MainWindow, demo_case: Case) -> None:
    window.timeline.canvas.select(5)
    assert selected_table_id(window) == 5
    assert window.detail.title.text().startswith("California charges")
    row = window.table_row(window.model.row_of(7))
    window.table.selectRow(row)
    assert window.timeline.canvas.selected_id == 7
    assert window.detail.current is not None and window.detail.current.id == 7
    window.timeline.canvas.select(4)  # the undated event
    assert selected_table_id(window) == 4


def test_detail_panel_shows_the_record(window: MainWindow, demo_case: Case) -> None:
    window.select_event(5)
    fields = window.detail.fields
    assert fields["Date"].text().startswith("December 2016 (month precision")
    assert "1 Dec 2016" in fields["Date"].text() and "31 Dec 2016" in fields["Date"].text()
    assert fields["Status"].text() == "established"
    assert fields["Key fact"].text() == "yes"
    assert "Carl Ferrer (defendant)" in fields["Entities"].text()
    assert fields["Tags"].text() == "criminal charges"
    rows = window.detail.rows
    assert [r.citation.source_id for r in rows] == [1, 3]
    assert rows[0].meta_label.text() == "\u00b6 8 \u00b7 supports"
    assert "[news]" in rows[0].source_label.text()
    assert rows[0].open_button.text() == "Open \u00b6 8"
    assert rows[0].quote_label.text() == "\u201cwith pimping and money laundering\u201d"
    window.case.add_citation(event_id=7, source_id=4, stance="context")  # the copy-less complaint
    window.select_event(7)
    complaint = [r for r in window.detail.rows if r.citation.source_id == 4][0]
    assert "no pinpoint" in complaint.meta_label.text()
    window.select_event(4)
    assert window.detail.fields["Date"].text() == "undated"


def test_opening_a_pdf_citation_at_its_page(qtbot, window: MainWindow, demo_case: Case) -> None:
    window.select_event(2)
    memo = [r for r in window.detail.rows if r.citation.source_id == 3][0]
    assert memo.citation.pinpoint == "p. 2"
    result = window.opener.open_citation(demo_case, memo.citation, window)
    viewer = result.window
    assert viewer is not None
    qtbot.addWidget(viewer)
    pdf_view = viewer.viewer.pdf_view
    assert pdf_view.document().pageCount() == 3
    assert pdf_view.pageNavigator().currentPage() == 1


def test_search_highlights_and_steps(qtbot, window: MainWindow, demo_case: Case) -> None:
    window.search.setText("backpage shut")
    window.run_search()
    assert window.finder.ordered() == [6]
    assert window.timeline.canvas.highlighted == {6}
    row = window.model.row_of(6)
    assert window.model.index(row, 0).data(HighlightRole) is True
    window.search.setText("salesforce")
    window.run_search()
    found = list(window.finder.ordered())
    assert len(found) >= 4
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.timeline.canvas.selected_id == found[0]
    action_for(window, "F3").trigger()
    assert window.timeline.canvas.selected_id == found[1]
    window.previous_result()
    assert window.timeline.canvas.selected_id == found[0]
    window.search.setText('"; DROP TABLE events; --')
    window.run_search()
    assert window.finder.ordered() == [] and demo_case.stats().events == 8


@pytest.mark.parametrize(
    ("flt", "ids"),
    [
        (EventFilter(tags=("background",)), {1, 6}),
        (EventFilter(entities=("Carl Ferrer",)), {5}),
        (EventFilter(statuses=("alleged",)), {2, 3, 4}),
        (EventFilter(key_only=True), {2, 3, 5, 7}),
        (
            EventFilter(date_from=FuzzyDate.parse("2016"), date_to=FuzzyDate.parse("2018")),
            {3, 5, 6},
        ),
        (EventFilter(source_kinds=("filing",)), {2, 3, 4, 7}),
        (EventFilter(unsourced_only=True), set()),
    ],
)
def test_filters_drive_table_canvas_and_counts(
    window: MainWindow, demo_case: Case, flt: EventFilter, ids: set[int]
) -> None:
    window._panel_filter_changed(flt)
    shown = {
        int(window.table.model().index(r, 0).data(IdRole))
        for r in range(window.table.model().rowCount())
    }
    assert shown == ids
    cols = window.timeline.canvas.cols
    assert cols is not None
    assert set(map(int, cols.ids)) | set(map(int, cols.undated_ids)) == ids
    assert window.counts.text().startswith(f"{len(ids)} of 8 events")


def test_hostile_text_is_literal_and_layout_holds(qtbot, make_window, new_case: Case) -> None:
    long_word = "x" * 400
    eid = new_case.create_event(
        title="<b>bold</b> <img src=http://example.invalid/a.png> \u05e9\u05dc\u05d5\u05dd",
        description=f"<script>alert(1)</script> {long_word} \u0645\u0631\u062d\u0628\u0627",
        start=FuzzyDate.parse("2013"),
    ).created("event")
    window = make_window(new_case)
    window.select_event(eid)
    assert window.detail.title.text().startswith("<b>bold</b> <img src=")
    assert window.detail.title.textFormat() == Qt.TextFormat.PlainText
    assert window.detail.description.text().startswith("<script>")
    assert window.detail.description.textFormat() == Qt.TextFormat.PlainText
    index = window.model.index(window.model.row_of(eid), 1)
    assert index.data().startswith("<b>bold</b>")
    settle_layout(window.detail.description)
    assert window.detail.width() < window.width()  # the long word did not widen the window
    assert window.width() <= 1300


def test_review_mode(make_window, demo_case: Case, qtbot) -> None:  # type: ignore[no-untyped-def]
    demo_case.close()
    case = Case.open(demo_case.path, Mode.REVIEW)
    window = make_window(case)
    assert window.windowTitle().endswith("Review (read-only)")
    with pytest.raises(ReadOnlyError):
        case.create_event(title="no")
    assert not window.filters.save_view_button.isEnabled()
    review = window.editing.review
    assert review.banner.isVisible() and "read-only" in review.label.text()
    window.select_event(1)
    count = len(case.event_ids())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Delete)  # an edit key: it says why nothing happens
    assert window.statusBar().currentMessage().startswith("Review mode: this case is open")
    assert len(case.event_ids()) == count
    assert clashes(window) == []


def test_no_review_banner_when_the_case_can_be_edited(window: MainWindow) -> None:
    assert not window.editing.review.banner.isVisible()
    assert not any(a.isEnabled() for a in window.editing.review.stand_ins)


def test_the_title_names_the_case_and_its_file(window: MainWindow, demo_case: Case) -> None:
    assert (
        window.windowTitle() == f"{demo_case.title} \u2014 {demo_case.path.name} \u2014 Casetrail"
    )


def test_selecting_an_event_brings_the_details_tab_forward(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.sources_dock.raise_()
    qtbot.waitUntil(lambda: window.detail.visibleRegion().isEmpty())
    window.select_event(2)
    qtbot.waitUntil(lambda: not window.detail.visibleRegion().isEmpty())
    assert window.detail.current.id == 2


def test_open_bad_file_shows_message(
    window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:
    bad = tmp_path / "<b>bad<i>.case"
    bad.write_text("hello")
    assert window.open_path(bad) is False
    assert message_boxes and str(bad) in message_boxes[-1][1]
    assert window.case is demo_case
    from PySide6.QtWidgets import QMessageBox

    boxes = [w for w in window.findChildren(QMessageBox)]
    assert all(b.textFormat() == Qt.TextFormat.PlainText for b in boxes)


def test_menus_and_shortcuts(window: MainWindow, demo_case: Case) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
    file_menu = window.menuBar().actions()[0].menu()
    labels = [a.text() for a in file_menu.actions() if a.text()]
    for wanted in (
        "&New Case\u2026",
        "&Open\u2026",
        "Open for &Review\u2026",
        "Open &Recent",
        "&Close Case",
        "&Quit",
    ):
        assert wanted in labels
    action_for(window, "Ctrl+F").trigger()
    assert window.search.hasFocus() or window.focusWidget() is window.search
    action_for(window, "Ctrl+Shift+D").trigger()
    assert window.dark_action.isChecked()
    from PySide6.QtWidgets import QApplication

    assert QApplication.instance().palette().base().color().lightness() < 100
    action_for(window, "Ctrl+Shift+D").trigger()
    assert QApplication.instance().palette().base().color().lightness() > 200


def test_layout_is_remembered(qtbot, demo_case: Case) -> None:
    window = MainWindow(demo_case, remember_layout=True)
    qtbot.addWidget(window)
    window.resize(1111, 777)
    window.show()
    window.filter_dock.hide()
    window.case = None  # keep the fixture's case open
    window.close()
    again = MainWindow(None, remember_layout=True)
    qtbot.addWidget(again)
    again.show()
    assert not again.filter_dock.isVisible()
    assert again.settings.value("geometry") is not None
    assert again.settings.value("splitter") is not None


def test_dropping_a_case_file_opens_it(make_window, demo_case: Case, new_case: Case) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window(new_case)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(demo_case.path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.case is not None and window.case.path == demo_case.path
    assert window.case.title.startswith("Survivors v. Salesforce")


def test_close_and_reopen(window: MainWindow, demo_case: Case) -> None:
    path = demo_case.path
    window.close_case()
    assert window.case is None and window.windowTitle() == "Casetrail"
    assert window.open_path(path, review=True)
    assert window.case is not None and window.case.read_only


def test_bad_file_gives_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.case"
    bad.write_text("hello")
    case, problem = open_case_for_gui(bad, review=False)
    assert case is None and problem and str(bad) in problem


def test_no_case_opens_the_demo_in_the_data_folder(monkeypatch, tmp_path: Path) -> None:
    import app.ui.app as ui_app
    import app.ui.first_frame as first_frame
    from app import cli
    from app.cli.gui import demo_case_path

    seen: list[Path] = []
    tried: list[Path] = []  # its first frame first (None here: then the usual way)
    monkeypatch.setattr(first_frame, "run_first_frame", lambda path, review: tried.append(path))
    monkeypatch.setattr(ui_app, "run_gui", lambda path, review: seen.append(path) or 0)
    assert cli.main([]) == 0
    assert seen == tried == [demo_case_path()] and seen[0].exists()
    first = seen[0].stat().st_mtime_ns
    assert cli.main([]) == 0  # the second time it is opened, not rebuilt
    assert seen[1].stat().st_mtime_ns == first


def test_screenshot_verb(tmp_path: Path, demo_case: Case) -> None:
    from PySide6.QtGui import QImage

    from app.cli import main

    demo_case.close()
    out = tmp_path / "shot.png"
    assert (
        main(
            [
                "screenshot",
                str(demo_case.path),
                str(out),
                "--size",
                "1200x800",
                "--select",
                "3",
                "--search",
                "twitter",
            ]
        )
        == 0
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    assert main(["screenshot", str(demo_case.path), str(out), "--select", "99"]) == 2


def test_screenshot_waits_for_the_health_check(
    tmp_path: Path, demo_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.screenshot import screenshot

    seen: list[str] = []
    original = MainWindow.grab

    def grab(self: MainWindow, *args: object) -> object:
        seen.append(self.health.text)
        return original(self, *args)

    monkeypatch.setattr(MainWindow, "grab", grab)
    screenshot(demo_case, tmp_path / "shot.png", 900, 600)
    assert seen == ["health: ok"]
    assert (tmp_path / "shot.png").stat().st_size > 0


def test_saved_view_restores_filter_and_search(
    window: MainWindow, demo_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.panels import filters

    window.filters.status_boxes["alleged"].setChecked(True)
    window.filters.flush()
    window.search.setText("twitter")
    window.run_search()
    monkeypatch.setattr(filters, "ask_view", lambda *a: ("Alleged, twitter", False))
    window.filters.save_current_view()
    window.filters.clear()
    window.filters.flush()
    window.search.setText("")
    window.run_search()
    assert window.table.model().rowCount() == 8
    (view,) = demo_case.saved_views()
    window.filters.apply_view(view.id)
    window.filters.flush()
    assert window.table.model().rowCount() == 3
    assert window.search.text() == "twitter" and window.finder.ordered() == [4]
