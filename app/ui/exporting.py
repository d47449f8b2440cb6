"""File > Export…: the format and its options, then the file; the export runs as a job.

Every format is written through :func:`app.interchange.atomic.atomic_write`: the file
appears only when the export succeeded and was not cancelled, so a failed or cancelled
export leaves an existing file untouched and no temporary file behind.

The flow knows the window only through what its constructor is given, and reports a
finished export with ``exported(path, events)``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from app.domain.records import EventFilter
from app.interchange.atomic import WriteCancelled
from app.interchange.export_choices import ExportOptions, choice_for
from app.interchange.formats import ExportProblem, export_file
from app.store.case import Case
from app.ui.dialogs.export import ExportDialog
from app.ui.jobs import Job, Reporter
from app.ui.pdf_text import pdf_pages_text
from app.ui.report import write_chronology_pdf
from app.ui.window_flow import JobFlow

__all__ = ["ExportFlow"]


class ExportFlow(JobFlow):
    """File > Export… for one window.

    ``parent`` is the widget dialogs are shown over, ``case()`` the case shown (or None),
    ``current_filter()`` the filter the window shows, ``show_status(text)`` puts a message
    in the status bar. ``exported(path, events)`` follows a successful export.
    """

    failure_title = "Not exported"
    exported = Signal(object, int)  # Path, events written

    def __init__(
        self,
        parent: QWidget,
        case: Callable[[], Case | None],
        current_filter: Callable[[], EventFilter],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(parent, case, show_status)
        self._filter = current_filter
        self.export_action = QAction("E&xport\u2026", parent)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+X"))
        self.export_action.triggered.connect(lambda _checked=False: self.export_dialog())
        self.update_actions()

    def actions(self) -> list[QAction]:
        return [self.export_action]

    def update_actions(self) -> None:
        """Enable Export when a case is shown (call when the case changes)."""
        self.export_action.setEnabled(self._case() is not None)

    def export_dialog(self) -> None:
        case = self._case()
        if case is None or self.busy:
            return
        flt = self._filter()
        total = len(case.event_ids())
        shown = len(case.event_ids(flt)) if not flt.is_empty else total
        dialog = ExportDialog(self._parent, flt, shown, total)
        if not dialog.exec():
            return
        options = dialog.options()
        choice = choice_for(options.fmt)
        suggested = str(case.path.parent / f"{case.path.stem}{choice.suffix}")
        name, _ = QFileDialog.getSaveFileName(
            self._parent, "Export", suggested, f"{choice.file_filter};;All files (*)"
        )
        if not name:
            return
        out = Path(name)
        if not out.suffix:
            out = out.with_suffix(choice.suffix)
        self.start_export(out, options)

    def start_export(self, out: Path, options: ExportOptions) -> Job | None:
        """Export as a job; the file appears only when the export succeeded."""
        case = self._case()
        if case is None:
            return None
        flt = self._filter() if options.only_filtered else None

        def work(reporter: Reporter) -> int:
            return export_file(
                case,
                out,
                fmt=options.fmt,
                flt=flt,
                raw=not options.safe_cells,
                key_only=options.key_only,
                page_size=options.page_size,
                pdf_writer=write_chronology_pdf,
                cancelled=lambda: reporter.cancelled,
                include_privileged=options.include_privileged,
                pseudonyms=options.pseudonyms,
                pdf_text=pdf_pages_text,
            )

        return self.runner.start(
            work,
            title="Export",
            label=f"Exporting to {out.name}\u2026",
            on_finished=lambda count: self._exported(out, count),
            on_failed=lambda error: self._export_failed(out, error),
            on_cancelled=lambda: self._status(
                f"Export to {out.name} cancelled; any existing file is unchanged"
            ),
        )

    def _exported(self, out: Path, count: int) -> None:
        self._status(f"Exported {getattr(count, 'details', f'{count} event(s)')} to {out}")
        self.exported.emit(out, count)

    def _export_failed(self, out: Path, error: object) -> None:
        if isinstance(error, WriteCancelled):
            return
        if isinstance(error, OSError):
            text = f"{out}: cannot be written ({error.strerror or error})"
        else:
            text = str(error)
        if isinstance(error, ExportProblem | OSError) and "unchanged" not in text:
            text += "; any existing file is unchanged"
        self._fail(text)
