"""View > History: the audit log (who, when, what changed, old -> new), newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import AuditRecord, ChangeSet
from app.interchange.history import describe, short_value
from app.store.case import Case
from app.ui.text import plain_tooltip

if TYPE_CHECKING:
    from app.ui.session import CaseSession

COLUMNS = ("When (UTC)", "Who", "Action", "What", "Change")
MAX_ROWS = 5000


class HistoryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Change history")
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.case: Case | None = None
        self._records: list[AuditRecord] = []  # newest first, at most MAX_ROWS
        self._count = 0
        self._stale = True
        self._shown = False
        self._session: CaseSession | None = None

    def set_case(self, case: Case | None) -> None:
        self.case = case
        self.refresh()

    def set_session(self, session: CaseSession | None) -> None:
        """Show ``session``'s history and follow its changes (read only while shown)."""
        if self._session is not None:
            self._session.changed.disconnect(self.apply_changes)
        self._session = session
        if session is not None:
            session.changed.connect(self.apply_changes)
        self.set_case(None if session is None else session.case)

    def set_shown(self, shown: bool) -> None:
        """The dock was shown or hidden: while hidden, changes are only noted."""
        self._shown = shown
        if shown and self._stale:
            self.refresh()

    def records(self) -> list[AuditRecord]:
        """The rows shown, newest first."""
        return list(self._records)

    def apply_changes(self, changes: ChangeSet, _initiator: object = None) -> None:
        """Add the rows written since the newest one shown (read only when shown)."""
        if self.case is None:
            return
        if not self._shown:
            self._stale = True
            return
        after = self._records[0].id if self._records else None
        new = self.case.audit_log(after_id=after, state=False)
        if after is None:
            self._count = 0
        self._count += len(new)
        self._records = (list(reversed(new)) + self._records)[:MAX_ROWS]
        self._show()

    def refresh(self) -> None:
        records = [] if self.case is None else self.case.audit_log(state=False)
        self._count = len(records)
        self._records = list(reversed(records))[:MAX_ROWS]
        self._stale = False
        self._show()

    def _show(self) -> None:
        shown = self._records
        self.table.setRowCount(len(shown))
        for row, record in enumerate(shown):
            line = describe(record)
            if line.action == "update":
                change = "; ".join(
                    f"{k}: {short_value(a)} \u2192 {short_value(b)}" for k, a, b in line.changes
                )
            else:
                change = "; ".join(
                    f"{k}: {short_value(b if b is not None else a)}" for k, a, b in line.changes
                )
            cells = (line.at[:19].replace("T", " "), line.actor, line.action, line.what, change)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)  # item text is plain text
                if col == 4:
                    item.setToolTip(plain_tooltip(change))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        more = f" (newest {MAX_ROWS} shown)" if self._count > MAX_ROWS else ""
        self.summary.setText(
            f"{self._count} recorded change(s){more}; each row is hash-chained "
            "to the one before, and File > Check verifies the chain."
        )
