"""The main window: the timeline on top, the events listed below, selection kept in step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
)

from app.store.case import Case
from app.ui.timeline_view import TimelineView

COLUMNS = ("Date", "Event", "Status", "Sources")


class MainWindow(QMainWindow):
    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        mode = " - Review (read-only)" if case.read_only else ""
        self.setWindowTitle(f"{case.title} - Casetrail{mode}")
        self.resize(1280, 800)
        self.timeline = TimelineView(self)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.timeline)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)
        self._rows: dict[int, int] = {}
        self.table.itemSelectionChanged.connect(self._table_selected)
        self.timeline.selected.connect(self._canvas_selected)
        self.timeline.set_case(case)
        self.reload()
        if case.notice:
            self.statusBar().showMessage(case.notice)
            QMessageBox.information(self, "Casetrail", case.notice)

    def reload(self) -> None:
        day_first = self.case.day_first
        events = self.case.events()
        self._rows = {}
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            self._rows[event.id] = row
            when = event.start.format(day_first=day_first) if event.start else "undated"
            if event.end is not None:
                when += " \u2013 " + event.end.format(day_first=day_first)
            cells = (when, event.title, event.status, str(len(event.citations)))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)  # QTableWidgetItem text is always plain text
                item.setData(Qt.ItemDataRole.UserRole, event.id)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            1, self.table.horizontalHeader().ResizeMode.Stretch
        )
        self.statusBar().showMessage(f"{len(events)} events")

    def _table_selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            event_id = int(items[0].data(Qt.ItemDataRole.UserRole))
            self.timeline.canvas.select(event_id, emit=False)

    def _canvas_selected(self, event_id: int) -> None:
        row = self._rows.get(event_id)
        self.table.blockSignals(True)
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
            self.table.scrollToItem(self.table.item(row, 0))
        self.table.blockSignals(False)
