"""File > Import… (preview first, worker threads), Export…, Print Report…, Print Timeline…."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from app.domain.records import EventFilter
from app.interchange.casejson import export_document
from app.store.case import Case
from app.store.engine import Mode
from app.ui import transfer as transfer_module
from app.ui.main_window import MainWindow
from app.ui.models import IdRole
from app.ui.transfer import ExportDialog, ExportOptions, ImportPreview, Transfer

DATA = Path(__file__).resolve().parents[1] / "data"
TIMEOUT = 20000


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def preview_of(qtbot, transfer: Transfer, path: Path, fmt: str | None = None) -> ImportPreview:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(transfer.previewReady, timeout=TIMEOUT) as blocker:
        transfer.start_preview(path, fmt)
    preview = blocker.args[0]
    assert preview is transfer.preview and preview.isVisible()
    qtbot.waitUntil(lambda: not transfer.busy, timeout=TIMEOUT)
    return preview


def shown_ids(window: MainWindow) -> set[int]:
    return {int(window.proxy.index(r, 0).data(IdRole)) for r in range(window.proxy.rowCount())}


def canvas_ids(window: MainWindow) -> set[int]:
    cols = window.timeline.canvas.cols
    assert cols is not None
    return set(map(int, cols.ids)) | set(map(int, cols.undated_ids))


def file_actions(window: MainWindow) -> dict[str, object]:
    menu = window.menuBar().actions()[0].menu()
    return {a.text(): a for a in menu.actions() if a.text()}


# -- menus ------------------------------------------------------------------------------------


def test_file_menu_entries_and_enabling(qtbot, demo_case: Case, tmp_path: Path) -> None:
    window = MainWindow(None, remember_layout=False)
    qtbot.addWidget(window)
    actions = file_actions(window)
    labels = ["&Import\u2026", "E&xport\u2026", "&Print Report\u2026", "Print &Timeline\u2026"]
    for label in labels:
        assert label in actions
        assert not actions[label].isEnabled()  # no case
    shortcuts = {a.shortcut().toString() for a in window.transfer.actions()}
    assert {"Ctrl+I", "Ctrl+Shift+X", "Ctrl+P", "Ctrl+Shift+P"} <= shortcuts
    window.set_case(demo_case)
    assert all(actions[label].isEnabled() for label in labels)
    path = demo_case.path
    window.set_case(None)
    window.set_case(Case.open(path, Mode.REVIEW))
    assert not actions["&Import\u2026"].isEnabled()  # read-only
    assert all(actions[label].isEnabled() for label in labels[1:])
    window.set_case(None)


# -- import -----------------------------------------------------------------------------------


def test_preview_of_good_csv_lists_events_and_enables_import(
    qtbot, window: MainWindow, demo_case: Case
) -> None:
    before = export_document(demo_case)
    preview = preview_of(qtbot, window.transfer, DATA / "events.csv")
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
    preview = preview_of(qtbot, window.transfer, DATA / "ragged.csv")
    assert not preview.outcome.ok
    rows = preview.listed()
    assert rows and all(len(r) == 3 for r in rows)
    assert [r[0] for r in rows] == ["3", "4"]
    assert all(r[2] for r in rows)  # a reason for each
    assert preview.table.horizontalHeaderItem(2).text() == "Reason"
    assert not preview.import_button.isEnabled()
    preview.accept()  # even if asked, a rejected file is not imported
    qtbot.wait(50)
    assert not window.transfer.busy
    assert export_document(demo_case) == before


def test_importing_through_the_preview_adds_events_to_every_view(
    qtbot, window: MainWindow, demo_case: Case
) -> None:
    ids_before = set(demo_case.event_ids())
    rows_before = window.model.rowCount()
    preview = preview_of(qtbot, window.transfer, DATA / "events.csv")
    on_main: list[bool] = []
    window.transfer.imported.connect(
        lambda _r: on_main.append(threading.current_thread() is threading.main_thread())
    )
    with qtbot.waitSignal(window.transfer.imported, timeout=TIMEOUT) as blocker:
        preview.import_button.click()
    assert on_main == [True]  # the views are refreshed on the GUI thread
    report = blocker.args[0]
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    new = set(demo_case.event_ids()) - ids_before
    assert len(new) == 4 and set(report.events) == new
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
    preview = preview_of(qtbot, window.transfer, DATA / "case.json")
    assert preview.outcome.kind == "casetrail-json" and preview.event_count == 3
    with qtbot.waitSignal(window.transfer.imported, timeout=TIMEOUT):
        preview.accept()
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    assert len(new_case.event_ids()) == 3
    assert canvas_ids(window) == set(new_case.event_ids())
    window.transfer.wait()


def test_import_failure_is_shown_and_nothing_written(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:
    # checked fine, but by the time of the import the file has changed for the worse
    path = tmp_path / "later.csv"
    path.write_bytes((DATA / "events.csv").read_bytes())
    preview = preview_of(qtbot, window.transfer, path)
    assert preview.import_button.isEnabled()
    path.write_bytes((DATA / "ragged.csv").read_bytes())
    before = export_document(demo_case)
    preview.accept()
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    assert export_document(demo_case) == before
    assert message_boxes and "Not imported" in message_boxes[-1][1]
    assert "row 3" in message_boxes[-1][1]


def test_cancelled_preview_imports_nothing(qtbot, window: MainWindow, demo_case: Case) -> None:
    before = export_document(demo_case)
    job = window.transfer.start_preview(DATA / "events.csv")
    assert job is not None
    job.progress.canceled.emit()  # the Cancel button
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    qtbot.wait(50)
    assert window.transfer.preview is None
    assert export_document(demo_case) == before


def test_import_progress_cannot_be_cancelled_and_says_why(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    gate = threading.Event()
    real = transfer_module.import_file

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer_module, "import_file", slow)
    job = window.transfer.start_import(DATA / "events.csv")
    assert job is not None
    assert "one transaction" in job.progress.labelText()
    assert "cannot be cancelled" in job.progress.labelText()
    job.progress.close()
    job.progress.reject()
    assert job.progress.isVisible()
    with qtbot.waitSignal(window.transfer.imported, timeout=TIMEOUT):
        gate.set()
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)


def test_hostile_rejection_text_is_plain(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    path.write_text("title,start,status\n<b>bold</b>,2020,<i>odd</i>\n", encoding="utf-8")
    preview = preview_of(qtbot, window.transfer, path)
    assert not preview.import_button.isEnabled()
    [row] = preview.listed()
    assert row[0] == "2" and row[1] == "status" and "<i>odd</i>" in row[2]


def test_row_errors_fall_back_to_parsing_details() -> None:
    from app.interchange.formats import ImportProblem

    problem = ImportProblem(
        "nothing was imported: 3 problem(s)",
        ["row 4, start: not a date", "file: empty", "events[2].title: must be text"],
    )
    errors = transfer_module.row_errors(problem)
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (4, "start", "not a date"),
        (0, "", "empty"),
        (0, "events[2].title", "must be text"),
    ]


# -- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("csv", "out.csv"),
        ("json", "out.json"),
        ("timelinejs", "out.json"),
        ("html", "out.html"),
        ("pdf", "out.pdf"),
    ],
)
def test_export_each_format(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / name
    with qtbot.waitSignal(window.transfer.exported, timeout=TIMEOUT) as blocker:
        window.transfer.start_export(out, ExportOptions(fmt=fmt))
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    assert blocker.args == [out, len(demo_case.event_ids())]
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "html":
        assert b"<html" in data.lower()
    elif fmt == "json":
        assert json.loads(data)["format"] == "casetrail"
    elif fmt == "timelinejs":
        dated = [e for e in demo_case.events() if e.start is not None]  # TimelineJS: dated only
        assert len(json.loads(data)["events"]) == len(dated)
    else:
        assert data.count(b"\n") > len(demo_case.event_ids())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers
    assert str(out) in window.statusBar().currentMessage()


def test_csv_export_respects_only_filtered_events(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path
) -> None:
    flt = EventFilter(key_only=True)
    window.filters.set_filter(flt)
    window.filters.flush()
    wanted = demo_case.event_ids(flt)
    assert 0 < len(wanted) < len(demo_case.event_ids())
    dialog = ExportDialog(window, window._panel_filter, 3, 8)
    assert dialog.filtered_box.isEnabled() and dialog.filtered_box.isChecked()
    assert dialog.safe_box.isEnabled() and dialog.safe_box.isChecked()
    assert not dialog.page_box.isEnabled()
    options = dialog.options()
    assert options.only_filtered and options.safe_cells and options.fmt == "csv"
    filtered, whole = tmp_path / "filtered.csv", tmp_path / "whole.csv"
    with qtbot.waitSignal(window.transfer.exported, timeout=TIMEOUT) as blocker:
        window.transfer.start_export(filtered, options)
    assert blocker.args[1] == len(wanted)
    with qtbot.waitSignal(window.transfer.exported, timeout=TIMEOUT) as blocker:
        window.transfer.start_export(whole, ExportOptions(fmt="csv", only_filtered=False))
    assert blocker.args[1] == len(demo_case.event_ids())
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    titles = filtered.read_text(encoding="utf-8-sig")
    for event in demo_case.events():
        assert (event.title in titles) == (event.id in wanted)


def test_export_dialog_options_follow_the_format(window: MainWindow) -> None:
    dialog = ExportDialog(window, EventFilter(statuses=("disputed",)), 2, 8)
    dialog.set_format("json")
    assert not dialog.filtered_box.isEnabled() and not dialog.key_only_box.isEnabled()
    assert not dialog.options().only_filtered
    assert "whole case" in dialog.note.text()
    dialog.set_format("pdf")
    assert dialog.page_box.isEnabled() and not dialog.safe_box.isEnabled()
    dialog.page_box.setCurrentText("A4")
    dialog.key_only_box.setChecked(True)
    assert dialog.options() == ExportOptions("pdf", True, True, "A4", True)
    dialog.set_format("csv")
    dialog.safe_box.setChecked(False)
    assert dialog.options().safe_cells is False  # raw
    no_filter = ExportDialog(window, EventFilter(), 8, 8)
    assert not no_filter.filtered_box.isEnabled() and not no_filter.options().only_filtered


def test_export_dialog_flow_through_the_menu(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "chosen"
    monkeypatch.setattr(ExportDialog, "exec", lambda self: (self.set_format("html"), 1)[1])
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    with qtbot.waitSignal(window.transfer.exported, timeout=TIMEOUT):
        window.transfer.export_action.trigger()
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    assert (tmp_path / "chosen.html").read_text(encoding="utf-8").lstrip().startswith("<!")


def test_failing_export_leaves_the_old_file_and_says_so(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch, message_boxes
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old contents")

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(transfer_module, "write_chronology_pdf", broken)
    job = window.transfer.start_export(out, ExportOptions(fmt="pdf"))
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    assert out.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    kind, text = message_boxes[-1]
    assert "Not exported" in text and "No space left on device" in text
    assert str(out) in text and ".part" not in text and "unchanged" in text


def test_cancelled_export_leaves_the_old_file(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    gate = threading.Event()
    real = transfer_module.export_file

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer_module, "export_file", slow)
    out = tmp_path / "events.csv"
    out.write_bytes(b"old")
    job = window.transfer.start_export(out, ExportOptions(fmt="csv"))
    assert job is not None
    job.progress.canceled.emit()
    assert not job.progress.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    qtbot.wait(50)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert "cancelled" in window.statusBar().currentMessage()


# -- printing ---------------------------------------------------------------------------------


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_report_to_pdf(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    pages = window.transfer.print_report(pdf_printer(out))
    assert pages >= 2
    assert out.read_bytes().startswith(b"%PDF")


def test_print_timeline_to_pdf(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "timeline.pdf"
    canvas = window.timeline.canvas
    scale_before = (canvas.scale.start, canvas.scale.end, canvas.scale.width)
    printer = window.transfer.timeline_printer()
    assert printer.pageLayout().orientation().name == "Landscape"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert window.transfer.print_timeline(printer)
    assert out.read_bytes().startswith(b"%PDF")
    doc = QPdfDocument()
    assert doc.load(str(out)) == QPdfDocument.Error.None_
    try:
        assert doc.pageCount() == 1
        text = doc.getAllText(0).text()
    finally:
        doc.close()
    assert "Timeline" in text and "Backpage launches" in text  # vector text, not a picture
    assert printer.resolution() == 1200  # the printer is handed back as it was
    # the on-screen view is unchanged by printing
    assert (canvas.scale.start, canvas.scale.end, canvas.scale.width) == scale_before
    assert not canvas.testAttribute(Qt.WidgetAttribute.WA_SetPalette)  # inherits again


def test_print_dialogs_print_only_when_accepted(window: MainWindow, monkeypatch) -> None:
    printed: list[str] = []
    asked: list[str] = []

    def answer(accept: bool):  # type: ignore[no-untyped-def]
        def exec_(self: QPrintDialog) -> int:  # QPrintDialog has its own exec
            asked.append(self.windowTitle())
            return int(
                (QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected).value
            )

        return exec_

    monkeypatch.setattr(QPrintDialog, "exec", answer(False))
    monkeypatch.setattr(Transfer, "print_report", lambda self, p: printed.append("report"))
    monkeypatch.setattr(Transfer, "print_timeline", lambda self, p: printed.append("timeline"))
    window.transfer.print_report_action.trigger()
    window.transfer.print_timeline_action.trigger()
    assert printed == []
    assert asked == ["Print Report", "Print Timeline"]
    monkeypatch.setattr(QPrintDialog, "exec", answer(True))
    window.transfer.print_report_action.trigger()
    window.transfer.print_timeline_action.trigger()
    assert printed == ["report", "timeline"]


def test_cancelled_json_check_waits_for_its_rollback(qtbot, new_case: Case) -> None:
    window = MainWindow(new_case, remember_layout=False)
    qtbot.addWidget(window)
    before = export_document(new_case)
    job = window.transfer.start_preview(DATA / "case.json")
    assert job is not None and job.wait_on_cancel
    job.progress.canceled.emit()
    # the check holds the case in a transaction it rolls back: the dialog stays until it ends
    assert job.progress.isVisible() and "Stopping" in job.progress.labelText()
    hidden: list[bool] = []
    job.cancelled.connect(lambda: hidden.append(not job.progress.isVisible()))
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=TIMEOUT)
    assert hidden == [True]  # closed when the check had ended, not before
    assert window.transfer.preview is None
    assert export_document(new_case) == before
