"""The Import Preview dialog: what an import would do (the events it would add, its
warnings) or every row it would reject, before anything is written. Import is offered only
when nothing was rejected; every text from the file is shown as plain text."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.interchange.preview import KIND_NAMES, PreviewResult
from app.ui.text import plain_tooltip, wrapped_label

__all__ = ["ImportPreview"]


class ImportPreview(QDialog):
    """What an import would do, before anything is written; Import only when nothing failed."""

    def __init__(self, parent: QWidget | None, result: PreviewResult) -> None:
        super().__init__(parent)
        self.outcome = result
        self.setWindowTitle("Import Preview")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        kind = KIND_NAMES.get(result.kind, result.kind)
        self.file_label = wrapped_label(f"{result.path.name} ({kind})", self)
        font = QFont(self.file_label.font())
        font.setBold(True)
        self.file_label.setFont(font)
        layout.addWidget(self.file_label)
        self.summary_label = wrapped_label(self._summary(), self)
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
        self.warnings_label = wrapped_label(f"Warnings ({len(warnings)}):", self)
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
