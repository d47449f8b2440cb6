"""File > Import…: the preview first (a dry run as a job), then the import as a job; the
window brings every view up to date from the import's change set."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.domain.records import ChangeSet
from app.interchange.casejson import export_document
from app.store.case import Case
from app.store.engine import Mode
from app.ui import importing as importing_module
from app.ui.dialogs.import_preview import ImportPreview
from app.ui.importing import ImportFlow
from app.ui.main_window import MainWindow
from app.ui.models import IdRole

DATA = Path(__file__).resolve().parents[1] / "data"
TIMEOUT = 20000


def preview_of(qtbot, flow: ImportFlow, path: Path, fmt: str | None = None) -> ImportPreview:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(flow.previewReady, timeout=TIMEOUT) as blocker:
        flow.start_preview(path, fmt)
    preview = blocker.args[0]
    assert preview is flow.preview and preview.isVisible()
    qtbot.waitUntil(lambda: not flow.busy, timeout=TIMEOUT)
    return preview


def shown_ids(window: MainWindow) -> set[int]:
    return {
        int(window.table.model().index(r, 0).data(IdRole))
        for r in range(window.table.model().rowCount())
    }


def canvas_ids(window: MainWindow) -> set[int]:
    cols = window.timeline.canvas.cols
    assert cols is not None
    return set(map(int, cols.ids)) | set(map(int, cols.undated_ids))


def file_actions(window: MainWindow) -> dict[str, object]:
    menu = window.menuBar().actions()[0].menu()
    return {a.text(): a for a in menu.actions() if a.text()}


# -- menus -----------------------------------------------------------------------------------


def test_file_menu_entries_and_enabling(qtbot, demo_case: Case, tmp_path: Path) -> None:
    window = MainWindow(None, remember_layout=False)
    qtbot.addWidget(window)
    actions = file_actions(window)
    labels = ["&Import\u2026", "E&xport\u2026", "&Print Report\u2026", "Print &Timeline\u2026"]
    for label in labels:
        assert label in actions
        assert not actions[label].isEnabled()  # no case
    flows = (window.importing, window.exporting, window.printing)
    shortcuts = {a.shortcut().toString() for flow in flows for a in flow.actions()}
    assert {"Ctrl+I", "Ctrl+Shift+X", "Ctrl+P", "Ctrl+Shift+P"} <= shortcuts
    window.set_case(demo_case)
    assert all(actions[label].isEnabled() for label in labels)
    path = demo_case.path
    window.set_case(None)
    window.set_case(Case.open(path, Mode.REVIEW))
    assert not actions["&Import\u2026"].isEnabled()  # read-only
    assert all(actions[label].isEnabled() for label in labels[1:])
    window.set_case(None)


# -- import ----------------------------------------------------------------------------------


def test_preview_of_good_csv_lists_events_and_enables_import(
    qtbot, window: MainWindow, demo_case: Case
) -> None:
    before = export_document(demo_case)
    preview = preview_of(qtbot, window.importing, DATA / "events.csv")
    assert preview.outcome.ok and preview.event_count == 4
    titles = [row[1] for row in preview.listed()]
    assert titles == [
        "Contract signed",
        "Goods delivered late",
        "Undated meeting",
        "Formula-looking text",
    ]
    assert "would import 4 event(s)" in preview.summary_label.text().lower()
    assert preview.import_button.isEnabled()
    assert export_document(demo_case) == before  # the dry run wrote nothing
    preview.reject()
    assert export_document(demo_case) == before


def test_preview_of_ragged_csv_lists_row_errors_and_keeps_import_disabled(
    qtbot, window: MainWindow, demo_case: Case
) -> None:
    before = export_document(demo_case)
    preview = preview_of(qtbot, window.importing, DATA / "ragged.csv")
    assert not preview.outcome.ok
    rows = preview.listed()
    assert rows and all(len(r) == 3 for r in rows)
    assert [r[0] for r in rows] == ["3", "4"]
    assert all(r[2] for r in rows)  # a reason for each
    assert preview.table.horizontalHeaderItem(2).text() == "Reason"
    assert not preview.import_button.isEnabled()
    preview.accept()  # even if asked, a rejected file is not imported
    qtbot.wait(50)
    assert not window.importing.busy
    assert export_document(demo_case) == before


def test_importing_through_the_preview_adds_events_to_every_view(
    qtbot, window: MainWindow, demo_case: Case
) -> None:
    ids_before = set(demo_case.event_ids())
    rows_before = window.model.rowCount()
    preview = preview_of(qtbot, window.importing, DATA / "events.csv")
    on_main: list[bool] = []
    window.importing.imported.connect(
        lambda _r: on_main.append(threading.current_thread() is threading.main_thread())
    )
    with qtbot.waitSignal(window.importing.imported, timeout=TIMEOUT) as blocker:
        preview.import_button.click()
    assert on_main == [True]  # the views are refreshed on the GUI thread
    changes = blocker.args[0]
    report = window.importing.last_report
    assert report is not None
    qtbot.waitUntil(lambda: not window.importing.busy, timeout=TIMEOUT)
    new = set(demo_case.event_ids()) - ids_before
    assert len(new) == 4 and set(report.events) == new
    assert set(changes.ids("event", "create")) == new  # the import's ChangeSet
    assert window.model.rowCount() == rows_before + 4
    assert new <= shown_ids(window)
    assert new <= canvas_ids(window)
    assert "imported 4 event(s)" in window.statusBar().currentMessage()
    titles = {demo_case.event(i).title for i in new}
    assert "Formula-looking text" in titles
    assert "Jane Roe" in window.filters.entity_list.names()  # the filter panel was refreshed


def test_import_into_an_empty_case_fits_the_timeline(qtbot, new_case: Case) -> None:
    window = MainWindow(new_case, remember_layout=False)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    preview = preview_of(qtbot, window.importing, DATA / "case.json")
    assert preview.outcome.kind == "casetrail-json" and preview.event_count == 3
    with qtbot.waitSignal(window.importing.imported, timeout=TIMEOUT):
        preview.accept()
    qtbot.waitUntil(lambda: not window.importing.busy, timeout=TIMEOUT)
    assert len(new_case.event_ids()) == 3
    assert canvas_ids(window) == set(new_case.event_ids())
    window.importing.wait()


def test_import_failure_is_shown_and_nothing_written(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:
    # checked fine, but by the time of the import the file has changed for the worse
    path = tmp_path / "later.csv"
    path.write_bytes((DATA / "events.csv").read_bytes())
    preview = preview_of(qtbot, window.importing, path)
    assert preview.import_button.isEnabled()
    path.write_bytes((DATA / "ragged.csv").read_bytes())
    before = export_document(demo_case)
    preview.accept()
    qtbot.waitUntil(lambda: not window.importing.busy, timeout=TIMEOUT)
    assert export_document(demo_case) == before
    assert message_boxes and "Not imported" in message_boxes[-1][1]
    assert "row 3" in message_boxes[-1][1]


def test_cancelled_preview_imports_nothing(qtbot, window: MainWindow, demo_case: Case) -> None:
    before = export_document(demo_case)
    job = window.importing.start_preview(DATA / "events.csv")
    assert job is not None
    job.progress.canceled.emit()  # the Cancel button
    qtbot.waitUntil(lambda: not window.importing.busy, timeout=TIMEOUT)
    qtbot.wait(50)
    assert window.importing.preview is None
    assert export_document(demo_case) == before


def test_import_progress_cannot_be_cancelled_and_says_why(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    gate = threading.Event()
    real = importing_module.import_file

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(importing_module, "import_file", slow)
    job = window.importing.start_import(DATA / "events.csv")
    assert job is not None
    assert "one transaction" in job.progress.labelText()
    assert "cannot be cancelled" in job.progress.labelText()
    job.progress.close()
    job.progress.reject()
    assert job.progress.isVisible()
    with qtbot.waitSignal(window.importing.imported, timeout=TIMEOUT):
        gate.set()
    qtbot.waitUntil(lambda: not window.importing.busy, timeout=TIMEOUT)


def test_hostile_rejection_text_is_plain(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    path.write_text("title,start,status\n<b>bold</b>,2020,<i>odd</i>\n", encoding="utf-8")
    preview = preview_of(qtbot, window.importing, path)
    assert not preview.import_button.isEnabled()
    [row] = preview.listed()
    assert row[0] == "2" and row[1] == "status" and "<i>odd</i>" in row[2]


def test_cancelled_json_check_waits_for_its_rollback(qtbot, new_case: Case) -> None:
    window = MainWindow(new_case, remember_layout=False)
    qtbot.addWidget(window)
    before = export_document(new_case)
    job = window.importing.start_preview(DATA / "case.json")
    assert job is not None and job.wait_on_cancel
    job.progress.canceled.emit()
    # the check holds the case in a transaction it rolls back: the dialog stays until it ends
    assert job.progress.isVisible() and "Stopping" in job.progress.labelText()
    hidden: list[bool] = []
    job.cancelled.connect(lambda: hidden.append(not job.progress.isVisible()))
    qtbot.waitUntil(lambda: not window.importing.busy, timeout=TIMEOUT)
    assert hidden == [True]  # closed when the check had ended, not before
    assert window.importing.preview is None
    assert export_document(new_case) == before


def test_the_flow_needs_only_what_it_is_given(qtbot, demo_case: Case) -> None:
    """No window: a widget, the case, and a place for status messages are enough."""
    parent = QWidget()
    qtbot.addWidget(parent)
    messages: list[str] = []
    flow = ImportFlow(parent, lambda: demo_case, messages.append)
    assert flow.import_action.isEnabled()
    before = set(demo_case.event_ids())
    with qtbot.waitSignal(flow.imported, timeout=TIMEOUT) as blocker:
        flow.start_import(DATA / "events.csv")
    changes = blocker.args[0]
    assert isinstance(changes, ChangeSet)
    assert set(changes.ids("event", "create")) == set(demo_case.event_ids()) - before
    qtbot.waitUntil(lambda: not flow.busy, timeout=TIMEOUT)
    assert messages and "imported 4 event(s)" in messages[-1]
    no_case = ImportFlow(parent, lambda: None, messages.append)
    assert not no_case.import_action.isEnabled() and no_case.start_import(DATA / "x.csv") is None
