"""The Export dialog: the format and its options (filtered events, key facts, page size,
spreadsheet-safe cells); the file is asked for afterwards."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QWidget,
)

from app.domain.filter_text import active_filter_summary
from app.domain.records import EventFilter
from app.interchange.export_choices import EXPORT_CHOICES, PAGE_SIZES, ExportChoice, ExportOptions
from app.ui.text import plain_tooltip, wrapped_label
from app.ui.widgets.output_choices import OutputChoices

__all__ = ["ExportDialog"]


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
        self.output_choices = OutputChoices(self)
        form.addRow(self.output_choices)
        self.note = wrapped_label("", self)
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
            include_privileged=self.output_choices.include_privileged,
            pseudonyms=self.output_choices.pseudonyms,
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
