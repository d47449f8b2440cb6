"""The conflicts a push of offline edits found: each row changed both on the shared case and
in this file, field by field with both versions side by side (and the value at the pull),
and a choice per row: keep the shared case's version or take this file's. Nothing is sent
until every row has a choice."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.store.merge import Choices, Conflict, show

CHOOSE, THEIRS, MINE = "Choose\u2026", "Keep the shared case's", "Take this file's"
COLUMNS = ("Row", "Field", "Shared case (theirs)", "This file (mine)", "At the pull", "Choice")


class ConflictDialog(QDialog):
    """Lists ``conflicts``; :meth:`choices` is what the person chose once accepted."""

    def __init__(self, parent: QWidget | None, conflicts: Sequence[Conflict], where: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflicts with the Shared Case")
        self.conflicts = list(conflicts)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{len(self.conflicts)} row(s) were changed both on {where} and in this file since "
            "it was pulled. Choose, for each, which version the shared case keeps; nothing is "
            "sent until every row has a choice. Changes made on one side only are merged.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        count = sum(len(c.fields) for c in self.conflicts)
        self.table = QTableWidget(count, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.combos: dict[str, QComboBox] = {}
        row = 0
        for conflict in self.conflicts:
            for n, f in enumerate(conflict.fields):
                cells = (conflict.name if n == 0 else "", f.field, f.theirs, f.ours, f.base)
                for column, value in enumerate(cells):
                    text = value if column < 2 else show(value)
                    self.table.setItem(row, column, QTableWidgetItem(str(text)))
                if n == 0:
                    combo = QComboBox(self.table)
                    combo.addItems([CHOOSE, THEIRS, MINE])
                    combo.currentIndexChanged.connect(self._update)
                    self.table.setCellWidget(row, len(COLUMNS) - 1, combo)
                    self.combos[conflict.name] = combo
                row += 1
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        every = QHBoxLayout()
        for label, index in (("Keep All the Shared Case's", 1), ("Take All of This File's", 2)):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _c=False, i=index: self.choose_all(i))
            every.addWidget(button)
        every.addStretch(1)
        layout.addLayout(every)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.push = self.buttons.addButton("Push", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(900, 420)
        self._update()

    def choose_all(self, index: int) -> None:
        for combo in self.combos.values():
            combo.setCurrentIndex(index)

    def _update(self) -> None:
        self.push.setEnabled(all(c.currentIndex() > 0 for c in self.combos.values()))

    def choices(self) -> Choices:
        mine = {name for name, c in self.combos.items() if c.currentText() == MINE}
        theirs = {name for name, c in self.combos.items() if c.currentText() == THEIRS}
        return Choices(frozenset(mine), frozenset(theirs))
