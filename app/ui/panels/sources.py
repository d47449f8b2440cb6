"""The sources panel: every source of the case in a table, and the events that cite one.

``SourceTableModel`` is a thin adapter over ``Case.sources()``; the state of each source's
file (verified, changed, missing, stored, no file) is worked out lazily, once per refresh.
``SourcesView`` shows the table and, below it, the events citing the selected source.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.reading import ReadingProgress
from app.domain.records import ChangeSet, SourceRecord
from app.store import files
from app.store.case import Case, NotFoundError
from app.store.reading import reading_of
from app.ui.panels.reading_column import PROGRESS_ROLE, ReadingBarDelegate

COLUMNS = (
    "Kind",
    "Title",
    "Author/Publisher",
    "Date",
    "Bates",
    "Exhibit",
    "Events",
    "File",
    "Read",
)
KIND, TITLE, AUTHOR, DATE, BATES, EXHIBIT, EVENTS, FILE, READ = range(len(COLUMNS))
SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FILE_STATE_ROLE = Qt.ItemDataRole.UserRole + 3
FILE_STATE_TEXT = {
    "verified": "verified",
    "changed": "CHANGED",
    "missing": "missing",
    "stored": "stored",
    "unverified": "not verified",
    "no file": "no file",
}
_Index = QModelIndex | QPersistentModelIndex


def file_state(case: Case, source: SourceRecord) -> str:
    """ "verified" | "changed" | "missing" | "unverified" | "stored" | "no file"."""
    if source.file_stored and source.file_sha256:
        data = case.file_data(source.file_sha256)
        if data is None:
            return "missing"
        return "verified" if hashlib.sha256(data).hexdigest() == source.file_sha256 else "changed"
    if source.file_stored:
        return "stored"  # stored, but with no recorded hash to check it against
    if source.file_path and not source.file_sha256:
        exists = files.resolve_linked(source, case.path).is_file()
        return "unverified" if exists else "missing"
    state, _ = files.linked_file_state(source, case.path)
    return state


def bates_range(source: SourceRecord) -> str:
    start, end = source.bates_start.strip(), source.bates_end.strip()
    if start and end and start != end:
        return f"{start}\u2013{end}"
    return start or end


def author_publisher(source: SourceRecord) -> str:
    return " / ".join(part for part in (source.author.strip(), source.publisher.strip()) if part)


class SourceTableModel(QAbstractTableModel):
    """One row per source of the case, in ``Case.sources()`` order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case: Case | None = None
        self._rows: list[SourceRecord] = []
        self._states: dict[int, str] = {}
        self._read: dict[int, ReadingProgress] = {}

    def set_case(self, case: Case | None) -> None:
        self._case = case
        self.refresh()

    def refresh(self) -> None:
        """Re-read the sources (and forget file states) from the case. Read before the
        model resets: a read that fails leaves the model as it was, not half reset."""
        rows = self._case.sources() if self._case is not None else []
        read = reading_of(self._case).all() if self._case is not None else {}
        self.beginResetModel()
        self._rows, self._states, self._read = rows, {}, read
        self.endResetModel()

    def apply_changes(self, changes: ChangeSet) -> None:
        """Re-read only the sources ``changes`` names (a citation's change names its source);
        a change set that is everything re-reads the table."""
        if self._case is None:
            return
        if changes.is_everything or changes.touches("case"):
            self.refresh()
            return
        self._patch_reading(changes.ids("reading"))
        named = set(changes.ids("source"))
        if not named:
            return
        kept = {s.id: s for s in self._rows if s.id not in named}
        for source_id in named:
            with contextlib.suppress(NotFoundError):
                kept[source_id] = self._case.source(source_id)
            self._states.pop(source_id, None)
            self._read.pop(source_id, None)
        self._read.update(reading_of(self._case).of(named))
        rows = sorted(kept.values(), key=lambda s: (s.title, s.id))
        if [s.id for s in rows] == [s.id for s in self._rows]:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def _patch_reading(self, source_ids: tuple[int, ...]) -> None:
        """Re-read the progress of ``source_ids`` (a reading row's id is its source's)."""
        if not source_ids or self._case is None:
            return
        fresh = reading_of(self._case).of(source_ids)
        for source_id in source_ids:
            self._read.pop(source_id, None)
        self._read.update(fresh)
        for source_id in source_ids:
            row = self.row_of(source_id)
            if row is not None:
                cell = self.index(row, READ)
                self.dataChanged.emit(cell, cell)

    def source_at(self, row: int) -> SourceRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, source_id: int) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.id == source_id), None)

    def state_of(self, source: SourceRecord) -> str:
        if source.id not in self._states:
            self._states[source.id] = (
                file_state(self._case, source) if self._case is not None else "no file"
            )
        return self._states[source.id]

    # ---- Qt model interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return section + 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.source_at(index.row()) if index.isValid() else None
        if source is None or not 0 <= index.column() < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(source, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(source, index.column())
        if role == SORT_ROLE:
            return self._sort_key(source, index.column())
        if role == SOURCE_ID_ROLE:
            return source.id
        if role == FILE_STATE_ROLE:
            return self.state_of(source)
        if role == PROGRESS_ROLE and index.column() == READ:
            progress = self._read.get(source.id)
            return progress.fraction if progress is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == EVENTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, source: SourceRecord, column: int) -> str:
        if column == FILE:
            return FILE_STATE_TEXT[self.state_of(source)]
        if column == EVENTS:
            return str(len(source.citing_events))
        if column == READ:
            progress = self._read.get(source.id)
            return progress.summary() if progress is not None else ""
        return _TEXT[column](source)

    def _tooltip(self, source: SourceRecord, column: int) -> str | None:
        if column == FILE:
            return _file_tooltip(self.state_of(source), source)
        return None  # untrusted text is never put into (rich-text) tooltips

    def _sort_key(self, source: SourceRecord, column: int) -> Any:
        if column == EVENTS:
            return len(source.citing_events)
        if column == READ:
            progress = self._read.get(source.id)
            return (progress.fraction, progress.total) if progress is not None else (-1.0, 0)
        return self._display(source, column).casefold()


_TEXT = {
    KIND: lambda s: s.kind,
    TITLE: lambda s: s.title,
    AUTHOR: author_publisher,
    DATE: lambda s: s.date_text,
    BATES: bates_range,
    EXHIBIT: lambda s: s.exhibit,
}


def _file_tooltip(state: str, source: SourceRecord) -> str:
    stored = source.file_stored
    return {
        "verified": "Stored in the case; SHA-256 matches"
        if stored
        else "Linked file; SHA-256 matches",
        "changed": "The file has CHANGED since it was registered",
        "missing": "The stored copy is missing" if stored else "The linked file is missing",
        "unverified": "Linked file with no recorded SHA-256",
        "stored": "Stored in the case",
        "no file": "No file: the source is known by citation or web address only",
    }[state]


class SourcesView(QWidget):
    """The sources table with the events citing the selected source beneath it."""

    eventActivated = Signal(int)
    openRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case: Case | None = None
        self.model = SourceTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = self._make_table()
        self.detail_label = QLabel("No source selected.", self)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.events_list = QListWidget(self)
        self.events_list.setMaximumHeight(120)
        self.events_list.itemActivated.connect(self._event_item_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.events_list)

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        table.setItemDelegateForColumn(READ, ReadingBarDelegate(table))
        table.setColumnWidth(READ, 170)
        table.activated.connect(self._row_activated)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        return table

    # ---- public

    def set_case(self, case: Case | None) -> None:
        self._case = case
        self.model.set_case(case)
        self._show_detail()

    def refresh(self) -> None:
        current = self.selected_source_id()
        self.model.refresh()
        if current is not None:
            self.select_source(current)
        self._show_detail()

    def apply_changes(self, changes: ChangeSet) -> None:
        current = self.selected_source_id()
        self.model.apply_changes(changes)
        if current is not None:
            self.select_source(current)
        self._show_detail()

    def selected_source_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(SOURCE_ID_ROLE) if index.isValid() else None

    def select_source(self, source_id: int) -> bool:
        row = self.model.row_of(source_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, TITLE))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    # ---- reactions

    def _row_activated(self, index: QModelIndex) -> None:
        source_id = index.data(SOURCE_ID_ROLE)
        if source_id is not None:
            self.openRequested.emit(int(source_id))

    def _event_item_activated(self, item: QListWidgetItem) -> None:
        event_id = item.data(Qt.ItemDataRole.UserRole)
        if event_id is not None:
            self.eventActivated.emit(int(event_id))

    def _show_detail(self) -> None:
        self.events_list.clear()
        source_id = self.selected_source_id()
        row = self.model.row_of(source_id) if source_id is not None else None
        source = self.model.source_at(row) if row is not None else None
        if source is None or self._case is None:
            self.detail_label.setText("No source selected.")
            return
        count = len(source.citing_events)
        noun = "event" if count == 1 else "events"
        self.detail_label.setText(f"Cited by {count} {noun}:" if count else "Cited by no events.")
        for event_id in source.citing_events:
            self.events_list.addItem(self._event_item(event_id))

    def _event_item(self, event_id: int) -> QListWidgetItem:
        assert self._case is not None
        try:
            event = self._case.event(event_id)
            text = " ".join(event.title.split())
            if event.start is not None:
                text = f"{event.start.text} — {text}"
        except NotFoundError:
            text = f"(event {event_id} no longer exists)"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, event_id)
        return item

    def cited_by_titles(self) -> list[str]:
        """The texts listed beneath the table (for tests and accessibility checks)."""
        return [self.events_list.item(i).text() for i in range(self.events_list.count())]
