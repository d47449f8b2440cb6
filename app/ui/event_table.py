"""The event table as the person sees it: the view (:func:`event_table_view`) and the
filter proxy (``EventFilterProxy``) it shows while a filter is on.

It filters by a set of allowed ids that the store computed (``Case.event_ids``), so every
filter is one query and ``filterAcceptsRow`` is a set lookup; a change set patches that set
for the events it names. Sorting is by each column's ``SortRole`` key; over an
``EventTableModel`` the proxy asks the model to put its rows in that order with one Python
sort (a Qt proxy sorting a Python model calls into Python for every comparison).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from app.ui.event_rows import COL_KEY, COL_SOURCES, COL_STATUS
from app.ui.models import EventTableModel, IdRole, SortRole

_Index = QModelIndex | QPersistentModelIndex


class EventFilterProxy(QSortFilterProxyModel):
    """Sorts an :class:`EventTableModel` by ``SortRole`` and keeps only allowed ids."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._allowed: set[int] | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def allowed_ids(self) -> frozenset[int] | None:
        return None if self._allowed is None else frozenset(self._allowed)

    def allowed(self) -> set[int] | None:
        """The allowed ids themselves (not a copy; None when every row passes)."""
        return self._allowed

    def set_allowed_ids(self, ids: Iterable[int] | None) -> None:
        """Show only these event ids (``None`` shows every row)."""
        allowed = None if ids is None else set(ids)
        if allowed == self._allowed:
            return
        self.beginFilterChange()
        self._allowed = allowed
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def patch_allowed(
        self, passing: Iterable[int] | None, changed: Iterable[int], deleted: Iterable[int]
    ) -> None:
        """After a change: of the ``changed`` events, ``passing`` pass the filter (None: no
        filter is on); ``deleted`` are gone. Call before the source model applies the
        change, so the rows it inserts or announces are filtered with the new membership."""
        if self._allowed is None or passing is None:
            return
        self._allowed.difference_update(changed)
        self._allowed.difference_update(deleted)
        self._allowed.update(passing)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._allowed is None:
            return True
        source = self.sourceModel()
        if isinstance(source, EventTableModel):
            return source.event_id(source_row) in self._allowed
        return source.index(source_row, 0, source_parent).data(IdRole) in self._allowed

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``'s ``SortRole``. Over an :class:`EventTableModel` the source puts
        its rows in that order in one Python sort and this proxy keeps the source order
        (Qt's own sort would call into Python twice per comparison: seconds at 100k rows);
        any other source is sorted by Qt through ``SortRole``."""
        source = self.sourceModel()
        if isinstance(source, EventTableModel):
            source.sort(column, order)
            super().sort(-1, Qt.SortOrder.AscendingOrder)
        else:
            super().sort(column, order)

    def sorted_by(self) -> tuple[int, Qt.SortOrder]:
        """The column and order last asked for (``sortColumn()`` stays -1 when the source
        model does the sorting)."""
        source = self.sourceModel()
        if isinstance(source, EventTableModel):
            return source.sort_column(), source.sort_order()
        return self.sortColumn(), self.sortOrder()

    def event_id(self, row: int) -> int:
        """The event id on proxy ``row``."""
        return int(self.index(row, 0).data(IdRole))

    def row_of(self, event_id: int) -> int:
        """The proxy row of ``event_id``, or -1 when it is filtered out or unknown."""
        source = self.sourceModel()
        if not isinstance(source, EventTableModel):
            return -1
        source_row = source.row_of(event_id)
        if source_row < 0:
            return -1
        return self.mapFromSource(source.index(source_row, 0)).row()


def event_table_view(parent: QWidget, model: EventTableModel) -> QTableView:
    """The event table: whole rows selected one at a time, sorted by the model, one line a
    row, the Event column taking the spare width."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.setAccessibleName("Events")
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setDefaultSectionSize(110)
    header.setMinimumSectionSize(40)
    for column, width in ((COL_STATUS, 90), (COL_KEY, 40), (COL_SOURCES, 64)):
        header.resizeSection(column, width)
    return table
