"""Import, export and printing in the window: File > Import…, Export…, Print Report…,
Print Timeline….

Import is previewed before anything is written: the format's dry run
(:func:`app.interchange.formats.import_file` with ``dry_run=True``) runs in a worker thread
and the preview lists what would be imported, its warnings, or every rejected row (row,
column, reason). Import is enabled only when nothing was rejected; it then runs in a worker
thread as one transaction (the store keeps all of it or none of it), so it cannot be
cancelled once started and the progress dialog says so.

Export asks for the format and its options, then for the file; it runs in a worker thread
into a temporary file beside the target that is renamed into place only when the export
succeeded and was not cancelled, so a failed or cancelled export leaves an existing file
untouched.

Printing runs on the GUI thread: the report through
:func:`app.ui.report_pdf.print_chronology`, the timeline by painting the timeline canvas
(the same :meth:`TimelineCanvas.paint` the screen and the image export use) scaled to the
page.

Everything shown is plain text: file names, titles and reasons from a file are never read as
HTML.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, QThread, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QKeySequence,
    QPageLayout,
    QPainter,
    QPalette,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import ChangeSet, EventFilter
from app.interchange import casejson, csvfmt, timelinejs
from app.interchange.chronology import build_chronology
from app.interchange.formats import (
    ExportProblem,
    ImportProblem,
    detect_import_format,
    export_file,
    import_file,
)
from app.interchange.report import ImportRejected, ImportReport, RowError
from app.store.case import Case, CaseError
from app.ui.panels.filters import active_filter_summary
from app.ui.report_pdf import print_chronology, write_chronology_pdf
from app.ui.text import plain_tooltip
from app.ui.theme import make_palette

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

__all__ = [
    "EXPORT_CHOICES",
    "IMPORT_FILTERS",
    "ExportDialog",
    "ExportOptions",
    "ImportPreview",
    "Job",
    "PreviewResult",
    "Transfer",
    "paint_timeline_page",
]

# file-dialog filter -> the ``fmt`` given to import_file (None: tell by extension and content)
IMPORT_FILTERS = {
    "Importable files (*.csv *.json)": None,
    "CSV (*.csv)": "csv",
    "Casetrail JSON (*.json)": "json",
    "TimelineJS JSON or spreadsheet CSV (*.json *.csv)": "timelinejs",
    "All files (*)": None,
}
KIND_NAMES = {
    "csv": "Casetrail CSV",
    "timelinejs-csv": "TimelineJS spreadsheet (CSV)",
    "timelinejs": "TimelineJS JSON",
    "casetrail-json": "Casetrail JSON",
}


@dataclass(frozen=True)
class ExportChoice:
    fmt: str
    label: str
    suffix: str
    file_filter: str
    filterable: bool  # can be narrowed to the filtered events / key facts
    report: bool


EXPORT_CHOICES = (
    ExportChoice("csv", "CSV spreadsheet", ".csv", "CSV files (*.csv)", True, False),
    ExportChoice(
        "json", "Casetrail JSON (the whole case)", ".json", "JSON files (*.json)", False, False
    ),
    ExportChoice("timelinejs", "TimelineJS JSON", ".json", "JSON files (*.json)", True, False),
    ExportChoice("html", "Chronology report (HTML)", ".html", "HTML files (*.html)", True, True),
    ExportChoice("pdf", "Chronology report (PDF)", ".pdf", "PDF files (*.pdf)", True, True),
)
PAGE_SIZES = ("Letter", "A4")
_MAX_LISTED_BYTES = 64 * 1024 * 1024  # larger files are previewed by counts only
_MAX_LISTED_ROWS = 2000
_temp_names = itertools.count(1)


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning whose text is plain text (file names and reasons are never HTML)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def _plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


# -- worker threads ---------------------------------------------------------------------------


class _Worker(QObject):
    """Runs one function in its thread and reports the result or the exception."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as error:  # reported to the GUI thread, never lost
            self.failed.emit(error)
        else:
            self.done.emit(result)
        finally:
            thread = QThread.currentThread()
            if thread is not None:
                thread.quit()


class _Progress(QProgressDialog):
    """A busy dialog that cannot be closed while ``closable`` is false."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.closable = True
        self.setLabel(_plain_label(parent=self))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.closable:
            super().closeEvent(event)
        else:
            event.ignore()

    def reject(self) -> None:  # Escape
        if self.closable:
            super().reject()


class Job(QObject):
    """One function run in a worker thread behind a busy progress dialog.

    ``succeeded(result)`` or ``failed(exception)`` is emitted in the GUI thread unless the
    job was cancelled (``cancelled``); ``finished`` when the thread has ended, always last.

    ``cancellable=False`` shows no Cancel button (and ``note`` says why). With
    ``wait_on_cancel`` a cancelled job keeps the dialog up ("Stopping…") until its thread
    ends, for work that holds the case (a dry run inside a rolled-back transaction); otherwise
    the dialog closes at once and the thread's result is dropped when it arrives.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        fn: Callable[[], Any],
        *,
        cancellable: bool = True,
        wait_on_cancel: bool = False,
        note: str = "",
        stopping: str = "Stopping\u2026",
        modality: Qt.WindowModality = Qt.WindowModality.WindowModal,
    ) -> None:
        super().__init__(parent)
        self.was_cancelled = False
        self.running = False
        self.wait_on_cancel = wait_on_cancel
        self.stopping = stopping
        self.progress = _Progress(parent)
        self.progress.setWindowTitle(title)
        self.progress.setLabelText(f"{label}\n\n{note}" if note else label)
        self.progress.setRange(0, 0)  # busy
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setWindowModality(modality)
        self._connected = cancellable
        if cancellable:
            self.progress.canceled.connect(self.cancel)
        else:
            self.progress.setCancelButton(None)  # type: ignore[arg-type]
            self.progress.closable = False
        self.worker_thread = QThread()
        self.worker = _Worker(fn)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker_thread.finished.connect(self._thread_finished)

    def start(self) -> None:
        self.running = True
        self.progress.show()
        self.worker_thread.start()

    @Slot()
    def cancel(self) -> None:
        if not self.running or self.was_cancelled:
            return
        self.was_cancelled = True
        if self.wait_on_cancel:
            # QProgressDialog hides itself on Cancel: show it again until the thread ends.
            self.progress.closable = False
            for button in self.progress.findChildren(QPushButton):
                button.setEnabled(False)
            self.progress.setLabelText(self.stopping)
            self.progress.show()
        else:
            self._close_progress()
            self.cancelled.emit()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the worker thread has ended (for closing down and for tests)."""
        return self.worker_thread.wait(msecs)

    @Slot(object)
    def _done(self, result: object) -> None:
        if not self.was_cancelled:
            self._close_progress()
            self.succeeded.emit(result)

    @Slot(object)
    def _failed(self, error: object) -> None:
        if not self.was_cancelled:
            self._close_progress()
            self.failed.emit(error)

    @Slot()
    def _thread_finished(self) -> None:
        self.running = False
        if self.was_cancelled and self.wait_on_cancel:
            self._close_progress()
            self.cancelled.emit()
        self._close_progress()
        self.worker.deleteLater()
        self.finished.emit()

    def _close_progress(self) -> None:
        progress = self.progress
        progress.closable = True
        if self._connected:
            self._connected = False
            progress.canceled.disconnect(self.cancel)
        progress.hide()


# -- import -----------------------------------------------------------------------------------


@dataclass
class PreviewResult:
    """What the dry run found: a report (nothing rejected) or the rejected rows."""

    path: Path
    kind: str
    report: ImportReport | None = None
    headline: str = ""
    errors: list[RowError] = field(default_factory=list)
    # (row, title, start, end) of the events that would be imported, when they can be listed
    rows: list[tuple[int, str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None


def resolve_kind(path: Path, fmt: str | None) -> str:
    """The format import_file will read ``path`` as (mirrors its choice)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError:
        head = b""
    kind = detect_import_format(path, head)
    if fmt == "csv":
        return "timelinejs-csv" if kind == "timelinejs-csv" else "csv"
    if fmt == "json":
        return "casetrail-json"
    if fmt == "timelinejs":
        return "timelinejs-csv" if kind in ("csv", "timelinejs-csv") else "timelinejs"
    return kind


_ROW_ERROR = re.compile(r"^(?:file|row (\d+))(?:, (.+?))?: (.*)$", re.DOTALL)


def row_errors(problem: ImportProblem) -> list[RowError]:
    """Every rejected row of ``problem`` as (row, column, reason)."""
    context = problem.__context__
    if isinstance(context, ImportRejected):
        return list(context.errors)
    errors = []
    for detail in problem.details or [problem.headline]:
        match = _ROW_ERROR.match(detail)
        if match:
            errors.append(RowError(int(match.group(1) or 0), match.group(2) or "", match.group(3)))
        elif ": " in detail:  # Casetrail JSON: "events[3].title: must be text"
            where, reason = detail.split(": ", 1)
            errors.append(RowError(0, where, reason))
        else:
            errors.append(RowError(0, "", detail))
    return errors


def _date_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("text") or value.get("iso") or "")
    return str(getattr(value, "text", value))


def planned_rows(path: Path, kind: str, day_first: bool) -> list[tuple[int, str, str, str]]:
    """(row, title, start, end) of the events a checked file holds; [] if it cannot tell."""
    try:
        if path.stat().st_size > _MAX_LISTED_BYTES:
            return []
        data = path.read_bytes()
        if kind == "casetrail-json":
            events = casejson.read_document(data).get("events", [])
            return [
                (
                    i + 1,
                    str(e.get("title", "")),
                    _date_text(e.get("start")),
                    _date_text(e.get("end")),
                )
                for i, e in enumerate(events[:_MAX_LISTED_ROWS])
                if isinstance(e, dict)
            ]
        if kind == "csv":
            planned = csvfmt.check_csv(data, day_first).events
        elif kind == "timelinejs-csv":
            planned = timelinejs.check_timelinejs_csv(data, day_first).events
        else:
            planned = timelinejs.check_timelinejs(data, day_first).events
        return [
            (ev.row, ev.title, _date_text(ev.start), _date_text(ev.end))
            for ev in planned[:_MAX_LISTED_ROWS]
        ]
    except Exception:  # the listing is a courtesy; the counts come from the dry run
        return []


def dry_run(case: Case, path: Path, fmt: str | None) -> PreviewResult:
    """The import's dry run (run in a worker thread): nothing is written."""
    kind = resolve_kind(path, fmt)
    try:
        report = import_file(case, path, fmt=fmt, dry_run=True)
    except ImportProblem as problem:
        return PreviewResult(path, kind, headline=problem.headline, errors=row_errors(problem))
    return PreviewResult(path, kind, report=report, rows=planned_rows(path, kind, case.day_first))


class ImportPreview(QDialog):
    """What an import would do, before anything is written; Import only when nothing failed."""

    def __init__(self, parent: QWidget | None, result: PreviewResult) -> None:
        super().__init__(parent)
        self.outcome = result
        self.setWindowTitle("Import Preview")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        kind = KIND_NAMES.get(result.kind, result.kind)
        self.file_label = _plain_label(f"{result.path.name} ({kind})", self)
        font = QFont(self.file_label.font())
        font.setBold(True)
        self.file_label.setFont(font)
        layout.addWidget(self.file_label)
        self.summary_label = _plain_label(self._summary(), self)
        layout.addWidget(self.summary_label)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        if result.report is None:
            self.table.setAccessibleName("Rejected rows")
            self._fill(
                ("Row", "Column", "Reason"),
                [("file" if e.row == 0 else str(e.row), e.column, e.reason) for e in result.errors],
            )
        else:
            self.table.setAccessibleName("Events to import")
            self._fill(("Row", "Title", "Start", "End"), [(str(r[0]), *r[1:]) for r in result.rows])
        layout.addWidget(self.table, 1)
        self.warnings = QPlainTextEdit(self)
        self.warnings.setReadOnly(True)
        self.warnings.setAccessibleName("Warnings")
        warnings = result.report.warnings if result.report is not None else []
        self.warnings.setPlainText("\n".join(warnings))
        self.warnings.setMaximumHeight(110)
        self.warnings_label = _plain_label(f"Warnings ({len(warnings)}):", self)
        self.warnings.setVisible(bool(warnings))
        self.warnings_label.setVisible(bool(warnings))
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(result.ok)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if result.ok:
            self.import_button.setDefault(True)

    @property
    def event_count(self) -> int:
        return len(self.outcome.report.events) if self.outcome.report is not None else 0

    def listed(self) -> list[list[str]]:
        """The table's cells, row by row (for tests and accessibility checks)."""
        cells = []
        for r in range(self.table.rowCount()):
            items = (self.table.item(r, c) for c in range(self.table.columnCount()))
            cells.append([item.text() if item is not None else "" for item in items])
        return cells

    def accept(self) -> None:
        if self.outcome.ok:  # never accepted with rejected rows, whatever the caller does
            super().accept()

    def _summary(self) -> str:
        result = self.outcome
        report = result.report
        if report is None:
            return (
                f"Nothing can be imported: {len(result.errors)} problem(s). "
                "Fix these rows in the file and import it again; the case is unchanged."
            )
        lines = [report.summary().capitalize() + "."]
        if report.tags:
            lines.append(f"New tags: {', '.join(report.tags)}.")
        if report.title:
            lines.append(f"The case title would become \u201c{report.title}\u201d.")
        if len(report.events) > len(result.rows) and result.rows:
            lines.append(f"The first {len(result.rows)} events are listed.")
        lines.append("Nothing has been written yet.")
        return " ".join(lines)

    def _fill(self, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(" ".join(str(text).split()))
                item.setToolTip(plain_tooltip(str(text)))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        if len(headers) == 4:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)


# -- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportOptions:
    fmt: str = "csv"
    only_filtered: bool = False
    key_only: bool = False
    page_size: str = "Letter"
    safe_cells: bool = True  # CSV: cells a spreadsheet would run as formulas are defused


class ExportDialog(QDialog):
    """The format and its options; the file is asked for afterwards."""

    def __init__(self, parent: QWidget | None, flt: EventFilter, shown: int, total: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.flt = flt
        form = QFormLayout(self)
        self.format_box = QComboBox(self)
        for choice in EXPORT_CHOICES:
            self.format_box.addItem(choice.label, choice.fmt)
        form.addRow("&Format:", self.format_box)
        summary = active_filter_summary(flt)
        if summary:
            text = f"Only the events the current filter shows ({shown} of {total})"
        else:
            text = "Only the events the current filter shows (no filter is set)"
        self.filtered_box = QCheckBox(text, self)
        self.filtered_box.setChecked(bool(summary))
        if summary:
            self.filtered_box.setToolTip(plain_tooltip(f"Filter: {summary}"))
        form.addRow(self.filtered_box)
        self.key_only_box = QCheckBox("Key facts only", self)
        form.addRow(self.key_only_box)
        self.page_box = QComboBox(self)
        self.page_box.addItems(PAGE_SIZES)
        form.addRow("&Page size:", self.page_box)
        self.safe_box = QCheckBox("Spreadsheet-safe cells", self)
        self.safe_box.setChecked(True)
        self.safe_box.setToolTip(
            "Cells that start like a formula (=, +, -, @) are written so that a spreadsheet "
            "shows them as text instead of running them. Off: the cells exactly as stored."
        )
        form.addRow(self.safe_box)
        self.note = _plain_label("", self)
        form.addRow(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export\u2026")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format_box.currentIndexChanged.connect(self._update)
        self._update()

    @property
    def choice(self) -> ExportChoice:
        return EXPORT_CHOICES[max(0, self.format_box.currentIndex())]

    def set_format(self, fmt: str) -> None:
        index = self.format_box.findData(fmt)
        if index < 0:
            raise ValueError(f"unknown export format {fmt!r}")
        self.format_box.setCurrentIndex(index)

    def options(self) -> ExportOptions:
        choice = self.choice
        return ExportOptions(
            fmt=choice.fmt,
            only_filtered=self.filtered_box.isEnabled() and self.filtered_box.isChecked(),
            key_only=self.key_only_box.isEnabled() and self.key_only_box.isChecked(),
            page_size=self.page_box.currentText(),
            safe_cells=not self.safe_box.isEnabled() or self.safe_box.isChecked(),
        )

    def _update(self) -> None:
        choice = self.choice
        self.filtered_box.setEnabled(choice.filterable and not self.flt.is_empty)
        self.key_only_box.setEnabled(choice.filterable)
        self.page_box.setEnabled(choice.fmt == "pdf")
        self.safe_box.setEnabled(choice.fmt == "csv")
        if choice.fmt == "json":
            self.note.setText(
                "Casetrail JSON is always the whole case (sources, files, citations, eras); "
                "filters do not apply."
            )
        elif choice.report:
            self.note.setText("The chronology report: dated events in order, then the undated.")
        else:
            self.note.setText("")


def _temp_beside(out: Path) -> Path:
    return out.with_name(f".{out.name}.{os.getpid()}.{next(_temp_names)}.part{out.suffix}")


# -- printing the timeline --------------------------------------------------------------------


def paint_timeline_page(
    canvas: Any, painter: QPainter, page: QRectF, *, heading: str = "", light: bool = True
) -> None:
    """Paint ``canvas`` (a TimelineCanvas) into ``page``, scaled to fit, with a heading.

    The canvas shows the dates it shows on screen, laid out for the page's proportions (wider:
    more room for labels; taller: more lanes), and the result is scaled uniformly. The
    canvas's sizes are screen pixels and its fonts points, so the painter's device should
    have the canvas's resolution (:meth:`Transfer.print_timeline` sets the printer's), or
    the text comes out too large for the drawing.
    """
    top = page.top()
    if heading:
        font = QFont(painter.font())
        font.setPointSizeF(10.0)
        painter.setFont(font)
        metrics_h = painter.fontMetrics().height() * 1.6
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(
            QRectF(page.left(), top, page.width(), metrics_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                " ".join(heading.split()), Qt.TextElideMode.ElideRight, int(page.width())
            ),
        )
        top += metrics_h
    area = QRectF(page.left(), top, page.width(), page.bottom() - top)
    width, height = (canvas.width(), canvas.height()) if canvas.width() >= 400 else (1600, 900)
    aspect = area.width() / max(area.height(), 1.0)
    if width / max(height, 1) < aspect:  # the page is wider: the same dates, more room
        width = round(height * aspect)
    else:  # the page is taller: more lanes
        height = round(width / aspect)
    scale = min(area.width() / width, area.height() / height)
    own_palette = canvas.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
    old_palette = QPalette(canvas.palette())
    if light:
        canvas.setPalette(make_palette(False))
    painter.save()
    try:
        painter.translate(area.left(), area.top())
        painter.scale(scale, scale)
        painter.setClipRect(QRectF(0, 0, width, height))
        canvas.paint(painter, width, height)
    finally:
        painter.restore()
        if light:  # an inherited palette goes back to being inherited (dark mode follows)
            canvas.setPalette(old_palette if own_palette else QPalette())
        canvas.relayout()  # the on-screen layout again (hit testing uses it)
        canvas.update()


# -- the window's side ------------------------------------------------------------------------


class Transfer(QObject):
    """File > Import…, Export…, Print Report…, Print Timeline… for one window."""

    imported = Signal(object)  # ImportReport
    exported = Signal(object, int)  # Path, events written
    previewReady = Signal(object)  # ImportPreview, shown and waiting for the user

    def __init__(self, window: MainWindow, menu: QMenu | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.case: Case | None = None
        self.preview: ImportPreview | None = None
        self.last_error = ""
        self._jobs: set[Job] = set()
        self.import_action = self._action("&Import\u2026", self.import_dialog, "Ctrl+I")
        self.export_action = self._action("E&xport\u2026", self.export_dialog, "Ctrl+Shift+X")
        self.print_report_action = self._action(
            "&Print Report\u2026", self.print_report_dialog, QKeySequence.StandardKey.Print
        )
        self.print_timeline_action = self._action(
            "Print &Timeline\u2026", self.print_timeline_dialog, "Ctrl+Shift+P"
        )
        if menu is not None:
            for action in self.actions():
                menu.addAction(action)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.wait)
        self.set_case(None)

    def _action(self, text: str, slot: Callable[[], object], shortcut: Any) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def actions(self) -> list[QAction]:
        return [
            self.import_action,
            self.export_action,
            self.print_report_action,
            self.print_timeline_action,
        ]

    def set_case(self, case: Case | None) -> None:
        self.case = case
        has_case = case is not None
        self.import_action.setEnabled(has_case and not case.read_only)  # type: ignore[union-attr]
        for action in (self.export_action, self.print_report_action, self.print_timeline_action):
            action.setEnabled(has_case)

    @property
    def busy(self) -> bool:
        return any(job.running for job in self._jobs)

    def wait(self, msecs: int = 60000) -> bool:
        """Wait for every worker thread to end (closing down; tests)."""
        return all(job.wait(msecs) for job in list(self._jobs))

    def _start(self, job: Job) -> Job:
        self._jobs.add(job)
        job.finished.connect(lambda job=job: self._forget(job))
        job.start()
        return job

    def _forget(self, job: Job) -> None:
        self._jobs.discard(job)
        job.worker_thread.wait()
        job.progress.deleteLater()
        job.deleteLater()

    def _filter(self) -> EventFilter:
        """The filter the window shows (its panel's pending edit applied first)."""
        self.window.filters.flush()
        return self.window._panel_filter

    def _folder(self) -> str:
        if self.case is not None:
            return str(self.case.path.parent)
        return str(Path.home())

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15000)

    def _fail(self, title: str, text: str) -> None:
        self.last_error = text
        _warn(self.window, title, text)

    # ---- import

    def import_dialog(self) -> None:
        if self.case is None or self.case.read_only or self.busy:
            return
        name, chosen = QFileDialog.getOpenFileName(
            self.window, "Import", self._folder(), ";;".join(IMPORT_FILTERS)
        )
        if name:
            self.start_preview(Path(name), IMPORT_FILTERS.get(chosen))

    def start_preview(self, path: Path, fmt: str | None = None) -> Job | None:
        """Check ``path`` in a worker thread, then show the preview (``previewReady``)."""
        case = self.case
        if case is None or case.read_only:
            return None
        if self.preview is not None:
            self.preview.deleteLater()
            self.preview = None
        kind = resolve_kind(path, fmt)
        job = Job(
            self.window,
            "Import",
            f"Checking {path.name}\u2026",
            lambda: dry_run(case, path, fmt),
            # A Casetrail JSON dry run writes inside a transaction it rolls back: wait for it.
            wait_on_cancel=kind == "casetrail-json",
            stopping="Stopping the check\u2026 nothing is imported.",
            modality=Qt.WindowModality.ApplicationModal,
        )
        job.succeeded.connect(lambda result: self._show_preview(result, fmt))
        job.failed.connect(lambda error: self._fail("Not imported", f"{path.name}: {error}"))
        job.cancelled.connect(lambda: self._status(f"Import of {path.name} cancelled"))
        return self._start(job)

    def _show_preview(self, result: PreviewResult, fmt: str | None) -> None:
        preview = ImportPreview(self.window, result)
        preview.accepted.connect(lambda: self.start_import(result.path, fmt))
        preview.rejected.connect(lambda: self._status("Nothing was imported"))
        self.preview = preview
        preview.open()
        self.previewReady.emit(preview)

    def start_import(self, path: Path, fmt: str | None = None) -> Job | None:
        """Import ``path`` in a worker thread: all of it in one transaction, or nothing."""
        case = self.case
        if case is None or case.read_only:
            return None
        before = len(case.event_ids())

        def work() -> tuple[ImportReport, ChangeSet]:
            report = import_file(case, path, fmt=fmt)
            return report, report.changes

        job = Job(
            self.window,
            "Import",
            f"Importing {path.name}\u2026",
            work,
            cancellable=False,
            note="The import is one transaction: it is written completely or rolled back "
            "completely, so it cannot be cancelled once started.",
            modality=Qt.WindowModality.ApplicationModal,
        )
        job.succeeded.connect(lambda outcome: self._imported(path, outcome, before))
        job.failed.connect(lambda error: self._import_failed(path, error))
        return self._start(job)

    def _imported(self, path: Path, outcome: tuple[ImportReport, ChangeSet], before: int) -> None:
        report, changes = outcome
        self.refresh_views(changes, fit=before == 0)
        text = f"{path.name}: {report.summary()}"
        if report.warnings:
            text += f" ({len(report.warnings)} warning(s))"
        self._status(text)
        self.imported.emit(report)

    def _import_failed(self, path: Path, error: object) -> None:
        if isinstance(error, ImportProblem):
            lines = [f"{path.name}: {error.headline}"]
            lines += error.details[:20]
            if len(error.details) > 20:
                lines.append(f"\u2026 and {len(error.details) - 20} more")
        elif isinstance(error, CaseError | OSError):
            lines = [f"{path.name}: nothing was imported ({error})"]
        else:
            lines = [f"{path.name}: nothing was imported ({type(error).__name__}: {error})"]
        self._fail("Not imported", "\n".join(lines))

    def refresh_views(self, changes: ChangeSet, *, fit: bool = False) -> None:
        """Bring the table, timeline, filters, sources, details and title up to date."""
        window = self.window
        if window.case is None:
            return
        window.editing._changed(changes)
        window._update_title()
        if fit:
            window.timeline.canvas.fit_all()

    # ---- export

    def export_dialog(self) -> None:
        case = self.case
        if case is None or self.busy:
            return
        flt = self._filter()
        dialog = ExportDialog(
            self.window, flt, self.window.proxy.rowCount(), self.window.model.rowCount()
        )
        if not dialog.exec():
            return
        options = dialog.options()
        choice = next(c for c in EXPORT_CHOICES if c.fmt == options.fmt)
        suggested = str(Path(self._folder()) / f"{case.path.stem}{choice.suffix}")
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export", suggested, f"{choice.file_filter};;All files (*)"
        )
        if not name:
            return
        out = Path(name)
        if not out.suffix:
            out = out.with_suffix(choice.suffix)
        self.start_export(out, options)

    def start_export(self, out: Path, options: ExportOptions) -> Job | None:
        """Export in a worker thread; the file appears only when the export succeeded."""
        case = self.case
        if case is None:
            return None
        flt = self._filter() if options.only_filtered else None
        tmp = _temp_beside(out)

        def work() -> int:
            try:
                return export_file(
                    case,
                    tmp,
                    fmt=options.fmt,
                    flt=flt,
                    raw=not options.safe_cells,
                    key_only=options.key_only,
                    page_size=options.page_size,
                    pdf_writer=write_chronology_pdf,
                )
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise

        job = Job(self.window, "Export", f"Exporting to {out.name}\u2026", work)
        job.succeeded.connect(lambda count: self._exported(out, tmp, count))
        job.failed.connect(lambda error: self._export_failed(out, tmp, error))
        job.cancelled.connect(lambda: self._export_cancelled(out))
        # A cancelled export finishes in the background; its file is then thrown away.
        job.finished.connect(lambda: tmp.unlink(missing_ok=True) if job.was_cancelled else None)
        return self._start(job)

    def _exported(self, out: Path, tmp: Path, count: int) -> None:
        try:
            os.replace(tmp, out)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            self._fail(
                "Not exported",
                f"{out}: cannot be written ({error.strerror or error}); "
                "any existing file is unchanged",
            )
            return
        self._status(f"Exported {count} event(s) to {out}")
        self.exported.emit(out, count)

    def _export_failed(self, out: Path, tmp: Path, error: object) -> None:
        tmp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            text = f"{out}: cannot be written ({error.strerror or error})"
        else:
            text = str(error)
        text = text.replace(str(tmp), str(out))
        if isinstance(error, ExportProblem | OSError) and "unchanged" not in text:
            text += "; any existing file is unchanged"
        self._fail("Not exported", text)

    def _export_cancelled(self, out: Path) -> None:
        self._status(f"Export to {out.name} cancelled; any existing file is unchanged")

    # ---- printing

    def print_report_dialog(self) -> None:
        if self.case is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("Print Report")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_report(printer)

    def print_report(self, printer: QPrinter) -> int:
        """Print the chronology of the events the filter shows; return the pages (0: failed)."""
        case = self.case
        if case is None:
            return 0
        try:
            pages = print_chronology(build_chronology(case, self._filter()), printer)
        except (OSError, CaseError) as error:
            self._fail("Not printed", str(error))
            return 0
        self._status(f"Printed the report ({pages} page(s))")
        return pages

    def timeline_printer(self) -> QPrinter:
        """A printer set up for the timeline: landscape unless the user changes it."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        return printer

    def print_timeline_dialog(self) -> None:
        if self.case is None:
            return
        printer = self.timeline_printer()
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("Print Timeline")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_timeline(printer)

    def print_timeline(self, printer: QPrinter) -> bool:
        """Paint the timeline as shown (same view, same filter) onto one page of ``printer``."""
        case = self.case
        if case is None:
            return False
        summary = active_filter_summary(self._filter())
        heading = f"{case.title} \u00b7 Timeline" + (
            f" \u00b7 filter: {summary}" if summary else ""
        )
        canvas = self.window.timeline.canvas
        # Device units at the screen's resolution keep the canvas's fonts (points) in
        # proportion to its drawing (pixels); the output is still vector.
        resolution = printer.resolution()
        printer.setResolution(canvas.logicalDpiY())
        painter = QPainter()
        if not painter.begin(printer):
            printer.setResolution(resolution)
            self._fail("Not printed", "the printer could not be started")
            return False
        try:
            page = QRectF(painter.viewport())
            margin = page.width() * 0.02
            paint_timeline_page(
                canvas,
                painter,
                page.adjusted(margin, margin, -margin, -margin),
                heading=heading,
            )
        finally:
            ok = painter.end()
            printer.setResolution(resolution)
        if not ok:
            self._fail("Not printed", "the printer could not finish the page")
            return False
        self._status("Printed the timeline")
        return True
