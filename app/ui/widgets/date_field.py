"""A date typed as text, with its interpretation shown live beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.date_text import interpret
from app.domain.dates import DateSettings, FuzzyDate
from app.ui.text import plain_tooltip

INVALID_STYLE = "QLineEdit { border: 2px solid #c0392b; }"


class DateField(QWidget):
    """``changed()`` fires on every edit; ``valid`` and ``date`` say what the text means.
    ``settings`` (the case's) give the zone of times written without one and the hemisphere
    of seasons; without them, ``day_first`` alone."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        day_first: bool = False,
        allow_empty: bool = True,
        placeholder: str = "e.g. 2013, March 2019",
        settings: DateSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or DateSettings(day_first=day_first)
        self.day_first = self.settings.day_first
        self.allow_empty = allow_empty
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Date interpretation")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.note)
        self.date: FuzzyDate | None = None
        self.valid = allow_empty
        self.edit.textChanged.connect(self._reinterpret)
        self._reinterpret()

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def set_date(self, date: FuzzyDate | None) -> None:
        self.edit.setText("" if date is None else date.text)

    def _reinterpret(self) -> None:
        self.date, message, self.valid = interpret(
            self.edit.text(),
            day_first=self.day_first,
            allow_empty=self.allow_empty,
            zone=self.settings.time_zone,
            southern=self.settings.southern,
        )
        self.note.setText(message if self.valid else f"\u2717 {message}")
        self.note.setStyleSheet("" if self.valid else "color: #c0392b;")
        self.edit.setStyleSheet("" if self.valid else INVALID_STYLE)
        self.edit.setToolTip("" if self.valid else plain_tooltip(message))
        self.changed.emit()
