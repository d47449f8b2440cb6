"""The two choices every output dialog offers: include the privileged work-product notes
(then every page and file says PRIVILEGED) and show entities under their pseudonyms (then
the output is checked for real names before it is kept). Both start unticked."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

INCLUDE_TEXT = "Include privileged work-product notes (every page and file will say PRIVILEGED)"
PSEUDONYM_TEXT = "Use pseudonyms (entities' real names replaced; the output is checked)"


class OutputChoices(QWidget):
    """The two checkboxes, for a dialog's form."""

    def __init__(self, parent: QWidget | None = None, *, pseudonyms: bool = False) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.privileged_box = QCheckBox(INCLUDE_TEXT, self)
        self.privileged_box.setToolTip(
            "Left unticked, no note marked privileged leaves the program in this output."
        )
        self.pseudonyms_box = QCheckBox(PSEUDONYM_TEXT, self)
        self.pseudonyms_box.setChecked(pseudonyms)
        self.pseudonyms_box.setToolTip(
            "Each entity that has a pseudonym (Edit > Entities) is shown under it in titles, "
            "descriptions, quotes and notes. The output is refused if a real name remains."
        )
        layout.addWidget(self.privileged_box)
        layout.addWidget(self.pseudonyms_box)

    @property
    def include_privileged(self) -> bool:
        return self.privileged_box.isChecked()

    @property
    def pseudonyms(self) -> bool:
        return self.pseudonyms_box.isChecked()


class OutputChoicesDialog(QDialog):
    """The choices on their own, before an output that has no dialog of its own (Publish
    Story asks for them, then for the file)."""

    def __init__(self, parent: QWidget | None, title: str, *, pseudonyms: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.choices = OutputChoices(self, pseudonyms=pseudonyms)
        form.addRow(self.choices)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"{title}\u2026")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
