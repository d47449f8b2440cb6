"""A case refused for its schema: the refusal offers "Salvage into a New Case…", which asks
where to put the new case, copies the rows there on the job runner
(:func:`app.interchange.salvage.salvage`; the refused file is never changed) and opens it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.interchange.salvage import SalvageCancelled, SalvageReport, salvage
from app.store.errors import DamagedTextError, SchemaMismatchError
from app.ui.jobs import Job, JobRunner
from app.ui.text import show_message

SALVAGE_BUTTON = "Salvage into a New Case\u2026"
CASE_FILTER = "Casetrail cases (*.case);;All files (*)"


class Salvaging(QObject):
    """Offers, runs and reports a salvage for one window, which opens the new case with
    ``open_path``; ``salvaged(report)`` once the new case is written and opened."""

    salvaged = Signal(object)  # SalvageReport

    def __init__(self, window: QWidget, open_path: Callable[[Path], Any]) -> None:
        super().__init__(window)
        self.window = window
        self.open_path = open_path
        self.jobs = JobRunner(window)
        self.job: Job | None = None

    def offer_damaged_text(self, path: Path, error: BaseException | None = None) -> bool:
        """:meth:`offer` for a case whose text did not read as UTF-8 (the window could not show
        it: ``error``), naming the rows that hold such text."""
        from app.store.sqlite.text_check import column_of, undecodable_places

        column = None if error is None else column_of(error)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # reads the column's texts
        try:
            places = undecodable_places(path, column)
        finally:
            QApplication.restoreOverrideCursor()
        return self.offer(path, DamagedTextError(path, places))

    def offer(self, path: Path, error: SchemaMismatchError | DamagedTextError) -> bool:
        """Show the refusal with a Salvage button; start a salvage if it is chosen. Returns
        False (the case itself was not opened)."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Casetrail")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(str(error))
        box.setInformativeText(
            "Salvage copies the rows that pass Casetrail's checks into a new case and lists "
            "what was left behind in its history. This file is not changed."
        )
        chosen = box.addButton(SALVAGE_BUTTON, QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(close)
        box.setEscapeButton(close)
        box.exec()
        if box.clickedButton() is chosen:
            self.choose_target(path)
        return False

    def choose_target(self, source: Path) -> Job | None:
        suggested = source.with_name(f"{source.stem} (salvaged).case")
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Salvage into a New Case", str(suggested), CASE_FILTER
        )
        if not name:
            return None
        target = Path(name if name.endswith(".case") else name + ".case")
        return self.start(source, target)

    def start(self, source: Path, target: Path) -> Job:
        """Salvage ``source`` into ``target`` on the job runner; open ``target`` when done."""
        self.job = self.jobs.start(
            lambda reporter: salvage(source, target, progress=reporter),
            title="Salvage",
            label=f"Copying the rows of {source.name} into {target.name}\u2026",
            on_finished=self._finished,
            on_failed=self._failed,
        )
        return self.job

    def _finished(self, report: SalvageReport) -> None:
        left = len(report.left_behind)
        show_message(
            self.window,
            "Salvage",
            report.summary(limit=20)
            + ("\n\nEverything left behind is listed in the new case's history." if left else ""),
            kind="information",
        )
        self.open_path(report.target)
        self.salvaged.emit(report)

    def _failed(self, error: object) -> None:
        if isinstance(error, SalvageCancelled):
            text = "The salvage was stopped; no new case was written."
        else:
            text = f"Not salvaged: {error}"
        show_message(self.window, "Casetrail", text)
