"""File > Import…: choose a file, preview it, import it, each step off the interface thread.

The format's dry run (:func:`app.interchange.preview.dry_run`) runs as a job and the
:class:`~app.ui.dialogs.import_preview.ImportPreview` lists what would be imported, its
warnings, or every rejected row. Import is offered only when nothing was rejected; it then
runs as a job in one transaction (the store keeps all of it or none of it), so it cannot be
cancelled once started and its progress dialog says so.

The flow knows the window only through what its constructor is given, and reports a
finished import with ``imported(changes)`` (the import's ``ChangeSet``) for the window to
bring its views up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from app.domain.records import ChangeSet
from app.interchange.formats import ImportProblem, import_file
from app.interchange.import_outcome import ImportReport
from app.interchange.preview import PreviewResult, dry_run, resolve_kind
from app.store.case import Case, CaseError
from app.ui.dialogs.import_preview import ImportPreview
from app.ui.jobs import Job
from app.ui.window_flow import JobFlow

__all__ = ["IMPORT_FILTERS", "ImportFlow"]

# file-dialog filter -> the ``fmt`` given to import_file (None: tell by extension and content)
IMPORT_FILTERS = {
    "Importable files (*.csv *.json)": None,
    "CSV (*.csv)": "csv",
    "Casetrail JSON (*.json)": "json",
    "TimelineJS JSON or spreadsheet CSV (*.json *.csv)": "timelinejs",
    "All files (*)": None,
}


class ImportFlow(JobFlow):
    """File > Import… for one window.

    ``parent`` is the widget dialogs are shown over, ``case()`` the case shown (or None),
    ``show_status(text)`` puts a message in the status bar. Signals: ``previewReady(dialog)``
    when the preview is shown and waits for the user, ``imported(changes)`` after an import
    (the ``ChangeSet`` it wrote; :attr:`last_report` holds its ``ImportReport``).
    """

    failure_title = "Not imported"
    imported = Signal(object)  # ChangeSet
    previewReady = Signal(object)  # ImportPreview

    def __init__(
        self,
        parent: QWidget,
        case: Callable[[], Case | None],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(parent, case, show_status)
        self.preview: ImportPreview | None = None
        self.last_report: ImportReport | None = None
        self.import_action = QAction("&Import\u2026", parent)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda _checked=False: self.import_dialog())
        self.update_actions()

    def actions(self) -> list[QAction]:
        return [self.import_action]

    def update_actions(self) -> None:
        """Enable Import for a case that can be written (call when the case changes)."""
        case = self._case()
        self.import_action.setEnabled(case is not None and not case.read_only)

    def _writable_case(self) -> Case | None:
        case = self._case()
        return None if case is None or case.read_only else case

    def import_dialog(self) -> None:
        case = self._writable_case()
        if case is None or self.busy:
            return
        name, chosen = QFileDialog.getOpenFileName(
            self._parent, "Import", str(case.path.parent), ";;".join(IMPORT_FILTERS)
        )
        if name:
            self.start_preview(Path(name), IMPORT_FILTERS.get(chosen))

    # ---- the preview

    def start_preview(self, path: Path, fmt: str | None = None) -> Job | None:
        """Check ``path`` as a job, then show the preview (``previewReady``)."""
        case = self._writable_case()
        if case is None:
            return None
        if self.preview is not None:
            self.preview.deleteLater()
            self.preview = None
        return self.runner.start(
            lambda _reporter: dry_run(case, path, fmt),
            title="Import",
            label=f"Checking {path.name}\u2026",
            # A Casetrail JSON dry run writes inside a transaction it rolls back: wait for it.
            wait_on_cancel=resolve_kind(path, fmt) == "casetrail-json",
            stopping="Stopping the check\u2026 nothing is imported.",
            modality=Qt.WindowModality.ApplicationModal,
            on_finished=lambda result: self._show_preview(result, fmt),
            on_failed=lambda error: self._fail(f"{path.name}: {error}"),
            on_cancelled=lambda: self._status(f"Import of {path.name} cancelled"),
        )

    def _show_preview(self, result: PreviewResult, fmt: str | None) -> None:
        preview = ImportPreview(self._parent, result)
        preview.accepted.connect(lambda: self.start_import(result.path, fmt))
        preview.rejected.connect(lambda: self._status("Nothing was imported"))
        self.preview = preview
        preview.open()
        self.previewReady.emit(preview)

    # ---- the import

    def start_import(self, path: Path, fmt: str | None = None) -> Job | None:
        """Import ``path`` as a job: all of it in one transaction, or nothing."""
        case = self._writable_case()
        if case is None:
            return None

        def work(_reporter: Any) -> tuple[ImportReport, ChangeSet]:
            report = import_file(case, path, fmt=fmt)
            return report, report.changes

        return self.runner.start(
            work,
            title="Import",
            label=f"Importing {path.name}\u2026",
            cancellable=False,
            note="The import is one transaction: it is written completely or rolled back "
            "completely, so it cannot be cancelled once started.",
            modality=Qt.WindowModality.ApplicationModal,
            on_finished=lambda outcome: self._imported(path, outcome),
            on_failed=lambda error: self._import_failed(path, error),
        )

    def _imported(self, path: Path, outcome: tuple[ImportReport, ChangeSet]) -> None:
        report, changes = outcome
        self.last_report = report
        text = f"{path.name}: {report.summary()}"
        if report.warnings:
            text += f" ({len(report.warnings)} warning(s))"
        self.imported.emit(changes)
        self._status(text)

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
        self._fail("\n".join(lines))
