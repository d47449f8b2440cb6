"""The case's date settings: the time zone of clock times written without one (and of
display), the hemisphere whose seasons "Spring 2015" names, and day-first numeric dates.

Changing them changes how dates typed from now on are read; dates already in the case keep
the meaning they were given (a time keeps the zone it was read in)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.date_settings import DateSettings, checked_zone
from app.domain.date_zones import ABBREVIATIONS, known_zone_names


class DateSettingsDialog(QDialog):
    """``values()`` are the ``update_case_info`` keywords of what was chosen."""

    def __init__(self, settings: DateSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Date Settings")
        self.zone = QComboBox(self)
        self.zone.setEditable(True)
        self.zone.addItems(
            [*known_zone_names()[:1], *sorted(set(ABBREVIATIONS) - {"UTC"})]
            + known_zone_names()[1:]
        )
        self.zone.setCurrentText(settings.time_zone)
        self.zone.setAccessibleName("Case time zone")
        self.southern = QCheckBox("Seasons of the southern hemisphere", self)
        self.southern.setChecked(settings.southern)
        self.day_first = QCheckBox("Numeric dates are day first (01/02/2003 is 1 February)", self)
        self.day_first.setChecked(settings.day_first)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        note = QLabel(
            "The time zone is used for clock times written without a zone and to show "
            "times; a time written with a zone (14:05 EST) keeps it. Dates already in the "
            "case keep their meaning.",
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Time zone", self.zone)
        form.addRow("", self.southern)
        form.addRow("", self.day_first)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.zone.currentTextChanged.connect(self._check)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._check()

    def _check(self) -> None:
        try:
            checked_zone(self.zone.currentText())
        except ValueError as error:
            self.problem.setText(str(error))
            self._ok.setEnabled(False)
            return
        self.problem.setText("")
        self._ok.setEnabled(True)

    def values(self) -> dict[str, Any]:
        return {
            "time_zone": checked_zone(self.zone.currentText()),
            "southern_hemisphere": self.southern.isChecked(),
            "day_first": self.day_first.isChecked(),
        }
