"""What the editing forms share: a plain-text problem line and Save/Cancel buttons, with
Save enabled only while the form has no problem."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel


class CheckedForm(QDialog):
    """A dialog whose ``problems()`` decides whether Save is enabled."""

    def _make_footer(self) -> None:
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def problems(self) -> list[str]:
        raise NotImplementedError

    def _validate(self) -> None:
        problems = self.problems()
        self.problem.setText(problems[0] if problems else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
