"""The main window: for now a plain, sortable list of the case's events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTableWidget, QTableWidgetItem

from app.store.case import Case

COLUMNS = ("Date", "Event", "Status", "Sources")


class MainWindow(QMainWindow):
    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        mode = " - Review (read-only)" if case.read_only else ""
        self.setWindowTitle(f"{case.title} - Casetrail{mode}")
        self.resize(1100, 700)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.setCentralWidget(self.table)
        self.reload()
        if case.notice:
            self.statusBar().showMessage(case.notice)
            QMessageBox.information(self, "Casetrail", case.notice)

    def reload(self) -> None:
        day_first = self.case.day_first
        events = self.case.events()
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            when = event.start.format(day_first=day_first) if event.start else "undated"
            if event.end is not None:
                when += " \u2013 " + event.end.format(day_first=day_first)
            cells = (when, event.title, event.status, str(len(event.citations)))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)  # QTableWidgetItem text is always plain text
                item.setData(Qt.ItemDataRole.UserRole, event.id)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.statusBar().showMessage(f"{len(events)} events")
