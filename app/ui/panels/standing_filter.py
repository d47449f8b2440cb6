"""The filter panel's standing box: one check box per standing (any may match), and the
check box for events whose status the citations do not support (``warnings_box``, which the
panel places under the box)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout, QWidget

from app.domain.records import EventFilter
from app.domain.standing import STANDING_DESCRIPTIONS, STANDINGS


class StandingBox(QGroupBox):
    """Standing check boxes; ``changed`` whenever one is toggled."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Standing", parent)
        self.setToolTip("What the citations' stances give (see README: Standing)")
        layout = QVBoxLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for standing in STANDINGS:
            box = QCheckBox(standing)
            box.setToolTip(STANDING_DESCRIPTIONS[standing])
            box.toggled.connect(self.changed)
            layout.addWidget(box)
            self.boxes[standing] = box
        self.warnings_box = QCheckBox("\u26a0 Status not supported by the citations")
        self.warnings_box.setToolTip(
            "Only events whose status claims more than their citations give (see README)"
        )
        self.warnings_box.toggled.connect(self.changed)

    def standings(self) -> tuple[str, ...]:
        return tuple(s for s, box in self.boxes.items() if box.isChecked())

    def warnings_only(self) -> bool:
        return self.warnings_box.isChecked()

    def show_filter(self, flt: EventFilter) -> None:
        for standing, box in self.boxes.items():
            box.setChecked(standing in flt.standings)
        self.warnings_box.setChecked(flt.warnings_only)
