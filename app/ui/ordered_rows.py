"""``OrderedRows``: the base of the event table model, whose rows are an int64 array of
event ids in the store's date order (or another column's), kept in step with a
:class:`~app.ui.date_order.DateOrder` by row signals, so selections follow the rows.

The ids are edited in place (:mod:`app.domain.growable`): a new or deleted row shifts the ids
after it, a re-dated row slides the rows between its two places. Where an event was last
put is remembered and checked before any search, so following one edit reads no whole
array. No store access here.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from app.domain import growable
from app.ui.date_order import DateOrder
from app.ui.event_rows import COLUMNS, runs


class OrderedRows(QAbstractTableModel):
    """A table model whose rows are event ids (``_ids``) following ``_order``."""

    _ids: np.ndarray
    _order: DateOrder
    _sort_order: Qt.SortOrder
    shift_limit: int | None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[int, int] = {}  # event id -> its last known row (checked first)

    def row_of(self, event_id: int) -> int:
        """The row of ``event_id``, or -1 if the model does not hold it."""
        row = growable.find(self._ids, event_id, self._rows.get(event_id))
        if len(self._rows) > 4096:
            self._rows.clear()
        if row >= 0:
            self._rows[event_id] = row
        return row

    def _set_order(self, new_ids: np.ndarray) -> None:
        """Permute the rows into ``new_ids`` (the same ids) with one layout change."""
        if np.array_equal(new_ids, self._ids):
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = new_ids
        for pi in self.persistentIndexList():
            row = self.row_of(int(old_ids[pi.row()])) if 0 <= pi.row() < len(old_ids) else -1
            self.changePersistentIndex(
                pi, self.index(row, pi.column()) if row >= 0 else QModelIndex()
            )
        self.layoutChanged.emit()

    def _follow_date_order(self, deleted: set[int], placed: list[int]) -> None:
        """Rows in date order (or its reverse). One deleted, moved or new event: a row removal,
        insert, or both; several at once: one pass over the rows."""
        root = QModelIndex()
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        if len(deleted) + len(placed) > 1:
            self._restructure(self._order.ids[::-1].copy() if descending else self._order.ids)
            return
        for i in deleted:
            row = self.row_of(i)
            if row >= 0:
                self.beginRemoveRows(root, row, row)
                self._ids = growable.delete(self._ids, row)
                self.endRemoveRows()
        for i in placed:
            target = self._order.where(i)
            if descending:
                target = len(self._order.ids) - 1 - target
            row = self.row_of(i)
            self._rows[i] = target
            if row == target:
                continue
            if row < 0:
                self.beginInsertRows(root, target, target)
                self._ids = growable.insert(self._ids, target, i)
                self.endInsertRows()
            elif self.shift_limit is None or abs(target - row) <= self.shift_limit:
                # the rows between slide by one: announced as changed, the view repaints
                # what it shows (no row removal and insert, which cost ~10 ms each in a view
                # of a million rows)
                lo, hi = min(row, target), max(row, target)
                growable.move(self._ids, row, target, i)
                self.dataChanged.emit(self.index(lo, 0), self.index(hi, len(COLUMNS) - 1))
            else:  # out and back in: a filter proxy handles that row alone (a row move or
                # a wide change makes QSortFilterProxyModel map or filter every row again)
                self.beginRemoveRows(root, row, row)
                self._ids = growable.delete(self._ids, row)
                self.endRemoveRows()
                self.beginInsertRows(root, target, target)
                self._ids = growable.insert(self._ids, target, i)
                self.endInsertRows()

    def _restructure(self, new_ids: np.ndarray) -> None:
        """Turn the current rows into ``new_ids``: row removals, one layout change for rows
        that changed places, then row inserts."""
        root = QModelIndex()
        new_set = set(new_ids.tolist())
        # 1. rows that are gone, last first
        gone = [row for row, i in enumerate(self._ids.tolist()) if i not in new_set]
        for first, end in reversed(list(runs(gone))):
            self.beginRemoveRows(root, first, end)
            self._ids = np.delete(self._ids, np.arange(first, end + 1))
            self.endRemoveRows()
        # 2. rows that stay, in their new order
        present = set(self._ids.tolist())
        self._set_order(np.array([i for i in new_ids.tolist() if i in present], dtype=np.int64))
        # 3. new rows, in order
        for k, i in enumerate(new_ids.tolist()):
            if i not in present:
                self.beginInsertRows(root, k, k)
                self._ids = np.insert(self._ids, k, i)
                self.endInsertRows()
