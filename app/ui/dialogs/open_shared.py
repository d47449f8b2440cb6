"""File > Open Shared Case: a libpq connection string or service name, the recent shared
cases to choose from, and whether to open for review. Passwords are never typed here (libpq
reads them from ~/.pgpass, the service file or PGPASSWORD); a connection string carrying one
is refused before anything is sent, as the command line refuses it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.store.errors import CaseFileError
from app.store.postgresql.connect import Location, is_location

PLACEHOLDER = "postgresql://user@host/database  or  service=NAME"
PASSWORDS = (
    "Passwords are never typed here or kept by Casetrail: libpq reads them from ~/.pgpass, "
    "the service file (pg_service.conf) or PGPASSWORD."
)


class OpenSharedDialog(QDialog):
    """Asks where the shared case is; :meth:`location` and :meth:`review` say the answer."""

    def __init__(self, parent: QWidget | None, recent: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Shared Case")
        layout = QVBoxLayout(self)
        label = QLabel("Connection string or service name of the shared case:", self)
        layout.addWidget(label)
        self.where = QComboBox(self)
        self.where.setEditable(True)
        self.where.addItems(recent)
        self.where.setCurrentText(recent[0] if recent else "")
        self.where.lineEdit().setPlaceholderText(PLACEHOLDER)  # type: ignore[union-attr]
        self.where.setMinimumContentsLength(48)
        layout.addWidget(self.where)
        note = QLabel(PASSWORDS, self)
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(note)
        self.read_only = QCheckBox("Open for &review (read-only)", self)
        layout.addWidget(self.read_only)
        self.problem = QLabel("", self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("QLabel { color: #b00020; }")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def location(self) -> str:
        return self.where.currentText().strip()

    def review(self) -> bool:
        return self.read_only.isChecked()

    def refusal(self) -> str:
        """Why the text typed cannot be opened ("" when it can be tried)."""
        text = self.location()
        if not text:
            return "Type a connection string or a service name."
        if not is_location(text):
            return (
                f"{text} is not a connection string (postgresql://user@host/database) "
                "or a service name (service=NAME)."
            )
        try:
            Location(text)
        except CaseFileError as error:
            return str(error)
        return ""

    def accept(self) -> None:
        problem = self.refusal()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()
