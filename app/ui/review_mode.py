"""Review mode made visible: a banner across the window while the open case is read-only,
and a status message when someone tries an edit (the edit actions are disabled then, so
without it their keys would do nothing at all)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar

REFUSED = (
    "Review mode: this case is open read-only, so nothing in it can be changed. "
    "To edit, open it with File > Open."
)
BANNER = (
    "Review mode \u2014 read-only: you can read, search, filter and export; nothing can be changed."
)


class ReviewMode(QObject):
    """The banner and the stand-ins for the edit keys while a read-only case is open."""

    def __init__(self, window: Any, edit_actions: list[QAction]) -> None:
        super().__init__(window)
        self.window = window
        self.banner = QToolBar("Review mode", window)
        self.banner.setObjectName("review-banner")
        self.banner.setMovable(False)
        self.banner.setFloatable(False)
        self.banner.toggleViewAction().setVisible(False)
        self.label = QLabel(BANNER, self.banner)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setStyleSheet(
            "QLabel { background: #fff3bf; color: #5c4400; padding: 4px 8px; font-weight: bold; }"
        )
        self.banner.addWidget(self.label)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.stand_ins: list[QAction] = []
        for action in edit_actions:
            stand_in = QAction(f"{action.text()} (review mode)", window)
            stand_in.setShortcuts(action.shortcuts())
            stand_in.triggered.connect(self.refuse)
            window.addAction(stand_in)
            self.stand_ins.append(stand_in)
        self.follow(None)

    def follow(self, case: Any) -> None:
        """Show the banner (and answer the edit keys) when ``case`` is open read-only."""
        review = case is not None and bool(case.read_only)
        self.banner.setVisible(review)
        for stand_in in self.stand_ins:
            stand_in.setEnabled(review)

    def refuse(self) -> None:
        """Say why an edit did nothing."""
        self.window.statusBar().showMessage(REFUSED, 10_000)
