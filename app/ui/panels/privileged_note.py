"""A privileged work-product note as the detail panel shows it: a visibly marked box
("PRIVILEGED - work-product note") with the note as plain text, hidden when there is none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.interchange.output_policy import NOTE_LABEL

MARK = "PRIVILEGED"
INK = "#9b1111"


class PrivilegedNote(QFrame):
    """The marked note of an event or a citation."""

    def __init__(self, parent: QWidget | None = None, *, what: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("privilegedNote")
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet(f"#privilegedNote {{ border: 2px solid {INK}; border-radius: 3px; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.mark = QLabel(f"{MARK} \u2014 work-product note{what}", self)
        self.mark.setTextFormat(Qt.TextFormat.PlainText)
        self.mark.setWordWrap(True)
        self.mark.setStyleSheet(f"color: {INK}; font-weight: bold;")
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.mark)
        layout.addWidget(self.text)
        self.setAccessibleName(f"{MARK}: {NOTE_LABEL}")
        self.show_note("")

    def show_note(self, note: str) -> None:
        self.text.setText(note.strip())
        self.setVisible(bool(note.strip()))
