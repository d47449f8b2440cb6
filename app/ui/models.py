"""``EventTableModel``: every event of a case as a table row, in date order (or sorted by
a column), patched from change sets.

The model is a thin adapter: it holds the event ids (an int64 array, one query of ids in the
store's date order) and fetches whole rows lazily, a block at a time, into a bounded cache,
so a case with a million events never builds a million records. A change set is applied for
the events it names only: each new or re-dated event is placed by binary search (reading
the sort keys of the ~log n events it is compared with) and rows move with row moves, so
selections follow them. Sorting by another column is one Python sort of that column's keys
(a Qt proxy sorting a Python model calls into Python for every comparison: 6 s for a date
sort at 100k rows). Every text the model returns is plain text (``app.ui.event_rows``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.domain.records import ChangeSet, EventRecord
from app.ui.date_order import DateOrder
from app.ui.event_rows import (
    COL_DATE,
    COL_KEY,
    COL_SOURCES,
    COLUMNS,
    display_text,
    highlight_spans,
    natural_key,
    position,
    runs,
    tooltip_text,
)
from app.ui.jobs import Job, JobRunner
from app.ui.ordered_rows import OrderedRows

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
HighlightRole = Qt.ItemDataRole.UserRole + 3


# rows read together for display, from a few above the first row asked for: a screenful
# (a view asks for its top row first, so one read covers what it shows; an edit that
# scrolls the table to a far row reads that screenful, not a block of 100 or two)
BLOCK_SIZE = 32
BLOCK_ABOVE = 4
SORT_BLOCK = 500  # rows read together when every row's sort key is needed
_NO_IDS = np.zeros(0, dtype=np.int64)
RELOAD_BEYOND = 2000  # changes in one set beyond which reading the ids again is cheaper

CACHE_LIMIT = 4000

HIGHLIGHT_BACKGROUND = QColor("#fff1a8")  # soft yellow, readable in light and dark themes
HIGHLIGHT_FOREGROUND = QColor("#1b1f24")

_Index = QModelIndex | QPersistentModelIndex
# plain ints, worked out once: the table asks for every cell's roles at each repaint, and
# comparing or combining Qt's enum members in Python costs microseconds a time
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROLES = frozenset({int(IdRole), int(HighlightRole), int(SortRole), _DISPLAY, _TOOLTIP, _ALIGN,
                    _BACKGROUND, _FOREGROUND})  # fmt: skip
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class EventTableModel(OrderedRows):
    """Every event of a case, one row each, in date order (undated last)."""

    reloaded = Signal()  # ids read on a worker thread are shown

    def __init__(self, case: Any = None, parent: QObject | None = None) -> None:
        if isinstance(case, QObject) and parent is None:
            case, parent = None, case  # EventTableModel(parent), the Qt habit
        super().__init__(parent)
        self._case: Any = None
        self._ids = _NO_IDS  # int64 event ids in row order
        self._sort_column = COL_DATE
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._cache: OrderedDict[int, EventRecord] = OrderedDict()
        self._sort_keys: dict[int, dict[int, object]] = {}  # column -> id -> key
        self._highlighted: set[int] | frozenset[int] = set()
        self._jobs = JobRunner(None)
        self.reloading: Job | None = None  # the background read of a whole reload, if any
        self._reload_again = False
        # how far a re-dated row may slide in place (the rows between announced as changed);
        # None: any distance. A filter proxy re-filters every changed row, so it sets a limit
        self.shift_limit: int | None = None
        self._order = DateOrder()  # the store's date order (undated last), patched in place
        self._order.cache = self._cache
        self._day_first = False  # the case's setting, read once per reload
        if case is not None:
            self.set_case(case)

    # ---- the case

    @property
    def case(self) -> Any:
        return self._case

    def set_case(self, case: Any, ids: list[int] | None = None) -> None:
        self._case = case
        self.reload(ids)

    def _reload_in_background(self) -> None:
        """Read the ids on a worker thread, then show them; changes that arrive meanwhile
        make it read once more."""
        case = self._case
        self._reload_again = False
        self.reloading = self._jobs.start(
            lambda _reporter: case.event_ids(),
            title="Reading the events",
            progress=False,
            cancellable=False,
            on_finished=lambda ids: self._reloaded(case, ids),
            on_failed=lambda _error: self._reloaded(case, None),
        )

    def _reloaded(self, case: Any, ids: list[int] | None) -> None:
        self.reloading = None
        if case is not self._case:
            return
        if ids is None or self._reload_again:
            return self._reload_in_background()
        self.reload(ids)
        self.reloaded.emit()

    def reload(self, ids: list[int] | None = None) -> None:
        """Read the ids again (or take ``ids``, read elsewhere); forget every cached row."""
        self.beginResetModel()
        self._cache.clear()
        self._sort_keys.clear()
        self._order.forget()
        self._day_first = bool(self._case.day_first) if self._case is not None else False
        if ids is None:
            ids = self._case.event_ids() if self._case is not None else []
        self._order.case = self._case
        self._order.ids = np.asarray(ids, dtype=np.int64)  # an id array read elsewhere: taken
        self._order.mark()  # a long order's landmarks read now, not in the first edit
        self.prepare_sort(self._sort_column)
        self._ids = self._ordered(self._order.ids)
        self._highlighted &= set(ids) if self._highlighted else set()  # none: no set of ids
        self.endResetModel()

    # ---- ids and rows

    def event_id(self, row: int) -> int:
        return int(self._ids[row])

    def ids_array(self) -> np.ndarray:
        """The ids in row order (read only: do not change it)."""
        return self._ids

    def event_ids(self) -> list[int]:
        """The ids in row order (a copy)."""
        return [int(i) for i in self._ids]

    def record(self, row: int) -> EventRecord | None:
        """The event on ``row`` (fetched with its block when not cached)."""
        if not 0 <= row < len(self._ids):
            return None
        event_id = int(self._ids[row])
        found = self._cache.get(event_id)
        if found is None:
            self._fetch_block(max(0, row - BLOCK_ABOVE))
            found = self._cache.get(event_id)
            if found is None:
                return None
        else:
            self._cache.move_to_end(event_id)
        return found

    def _fetch_block(self, start: int) -> None:
        """Load the rows ``start .. start + BLOCK_SIZE`` that are not cached (one read)."""
        block = self._ids[start : start + BLOCK_SIZE].tolist()
        wanted = [i for i in block if i not in self._cache]
        if wanted and self._case is not None:
            self._remember(self._case.events_by_ids(wanted))

    def _remember(self, records: Iterable[EventRecord]) -> None:
        for rec in records:
            self._cache[rec.id] = rec
            self._cache.move_to_end(rec.id)
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)

    # ---- Qt model interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == _DISPLAY:
                return COLUMNS[section]
            if role == _TOOLTIP and section == COL_SOURCES:
                return 'Distinct sources cited ("!": no citation supports the event)'
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        if role not in _ROLES:  # (an invalid index has row -1: out of range below)
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._ids) or not 0 <= column < len(COLUMNS):
            return None
        event_id = int(self._ids[row])
        # Roles answered from the ids alone: no row is fetched for them.
        if role == IdRole:
            return event_id
        if role == HighlightRole:
            return event_id in self._highlighted
        if role == _BACKGROUND:
            return HIGHLIGHT_BACKGROUND if event_id in self._highlighted else None
        if role == _FOREGROUND:
            return HIGHLIGHT_FOREGROUND if event_id in self._highlighted else None
        if role == SortRole:
            if column == COL_DATE:
                return position(self._order.ids, event_id)  # FuzzyDate order, undated last
            keys = self._sort_keys.get(column)
            if keys is not None and event_id in keys:
                return keys[event_id]
            rec = self.record(row)
            return None if rec is None else natural_key(rec, column)
        if role == _ALIGN:
            centred = column in (COL_KEY, COL_SOURCES)
            return _CENTRED if centred else None
        rec = self.record(row) if role in (_DISPLAY, _TOOLTIP) else None
        if rec is None:
            return None
        if role == _TOOLTIP:
            return tooltip_text(rec, column)
        return display_text(rec, column, day_first=self._day_first)

    # ---- sorting support

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Put the rows in ``SortRole`` order of ``column`` (a stable sort: ties keep date
        order). Done here in Python, in one pass, because a Qt proxy sorting a Python model
        calls back into Python for every comparison (seconds at 100k rows); the rows are
        permuted with a layout change, so selections and persistent indexes follow them."""
        if not 0 <= column < len(COLUMNS):
            column, order = COL_DATE, Qt.SortOrder.AscendingOrder
        self._sort_column, self._sort_order = column, order
        self.prepare_sort(column)
        self._set_order(self._ordered(self._order.ids))

    def _ordered(self, date_ids: np.ndarray) -> np.ndarray:
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        if self._sort_column == COL_DATE:
            return date_ids[::-1].copy() if descending else date_ids.copy()
        keys = self._sort_keys.setdefault(self._sort_column, {})
        ids = date_ids.tolist()
        missing = [i for i in ids if i not in keys]
        if missing:  # rows someone else added: read their keys too
            for start in range(0, len(missing), SORT_BLOCK):
                for rec in self._case.events_by_ids(missing[start : start + SORT_BLOCK]):
                    keys[rec.id] = natural_key(rec, self._sort_column)
            ids = [i for i in ids if i in keys]
        return np.array(sorted(ids, key=keys.__getitem__, reverse=descending), dtype=np.int64)

    def prepare_sort(self, column: int) -> None:
        """Compute ``column``'s sort keys for every row, a block at a time, in one pass (the
        cache is left alone)."""
        if column == COL_DATE or not 0 <= column < len(COLUMNS) or self._case is None:
            return
        if column in self._sort_keys:
            return
        keys: dict[int, object] = {}
        for start in range(0, len(self._order.ids), SORT_BLOCK):
            chunk = self._order.ids[start : start + SORT_BLOCK].tolist()
            cached = [self._cache[i] for i in chunk if i in self._cache]
            missing = [i for i in chunk if i not in self._cache]
            records = cached + (self._case.events_by_ids(missing) if missing else [])
            for rec in records:
                keys[rec.id] = natural_key(rec, column)
        self._sort_keys[column] = keys

    # ---- highlighting

    def highlighted(self) -> set[int]:
        return set(self._highlighted)

    def set_highlighted(self, ids: Iterable[int]) -> None:
        """Mark ``ids`` as search matches (HighlightRole); rows that change are announced."""
        self._highlighted, spans = highlight_spans(self._ids, self._highlighted, ids)
        self._emit_spans(spans, [HighlightRole, _BACKGROUND, _FOREGROUND])  # no re-filter

    def _emit_rows_changed(self, rows: Iterable[int]) -> None:
        self._emit_spans(runs(sorted({r for r in rows if r >= 0})))

    def _emit_spans(self, spans: Iterable[tuple[int, int]], roles: Any = ()) -> None:
        for first, end in spans:
            self.dataChanged.emit(self.index(first, 0), self.index(end, len(COLUMNS) - 1), roles)

    # ---- change sets

    def apply_changes(self, changes: ChangeSet) -> None:
        """Bring the rows up to date with what ``changes`` names, keeping their order.

        Work is bounded by the events named: each moved, new or deleted event is placed by
        binary search in the date order (reading the sort keys of the ~log n events it is
        compared with), and rows move with row moves, so selections follow them."""
        if self._case is None:
            return
        if self.reloading is not None:  # the ids are being read: read them again after
            self._reload_again = True
            return
        if changes.is_everything or len(changes.changes) > RELOAD_BEYOND:
            self._reload_in_background()
            return
        created = set(changes.ids("event", "create"))
        deleted = set(changes.ids("event", "delete"))
        updated = set(changes.ids("event", "update")) - created - deleted
        # Renaming or deleting a tag, entity or source changes the rows that show it, and
        # the case's day-first setting changes every date; citations come with their own
        # "update event" change; views and eras do not show in this table.
        broad = any(c.kind in ("tag", "entity", "case") for c in changes.changes)
        if not (created or deleted or updated or broad):
            return

        for column_keys in self._sort_keys.values():
            for i in deleted:
                column_keys.pop(i, None)
        for i in deleted | updated | created:
            self._order.forget(i)  # before the cache lets go: the key it had is kept
            self._cache.pop(i, None)
        if changes.touches("case"):
            self._day_first = bool(self._case.day_first)
        self._highlighted -= deleted
        fresh = {r.id: r for r in self._case.events_by_ids(sorted(updated | created))}
        created &= set(fresh)  # created and deleted again within the change set
        if broad:
            self._cache.clear()
            self._sort_keys.clear()
        for column, column_keys in self._sort_keys.items():
            for i in updated | created:
                if i in fresh:
                    column_keys[i] = natural_key(fresh[i], column)

        placed = self._order.place(deleted, created, updated, fresh)
        if self._sort_column == COL_DATE:
            self._follow_date_order(deleted, placed)
        else:  # another column: one sort of the keys
            self.prepare_sort(self._sort_column)
            self._restructure(self._ordered(self._order.ids))
        self._remember(fresh.values())
        if broad:
            self._emit_rows_changed(range(len(self._ids)))
        else:
            self._emit_rows_changed(self.row_of(i) for i in updated | created)
