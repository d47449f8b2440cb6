"""Qt item models over a Case: the event table and the proxy that sorts and filters it.

``EventTableModel`` is a thin adapter: it holds the event ids (one query of ids, in the
store's date order) and fetches whole rows lazily, a block at a time, into a bounded cache,
so a case with 100k events never builds 100k records up front. It reacts to change sets
instead of reloading. ``EventFilterProxy`` filters by a set of allowed ids that the store
computed (``Case.event_ids(EventFilter)``), so every filter is one query and
``filterAcceptsRow`` is a set lookup. Sorting is by each column's ``SortRole`` key; over an
``EventTableModel`` the proxy asks the model to put its rows in that order with one Python
sort (a Qt proxy sorting a Python model calls into Python for every comparison: 6 s for a
date sort at 100k rows, against well under a second this way).

Every text a model returns is plain text; the Event column's tooltip is escaped HTML so Qt's
rich-text detection can never interpret an event's own markup.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.domain.dates import FuzzyDate
from app.domain.records import EVENT_STATUSES, ChangeSet, EventRecord

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
HighlightRole = Qt.ItemDataRole.UserRole + 3

COL_DATE, COL_EVENT, COL_STATUS, COL_KEY, COL_SOURCES, COL_TAGS, COL_ENTITIES = range(7)
COLUMNS = ("Date", "Event", "Status", "Key", "Sources", "Tags", "Entities")

BLOCK_SIZE = 500
CACHE_LIMIT = 8 * BLOCK_SIZE
TOOLTIP_DESCRIPTION_LIMIT = 1500

HIGHLIGHT_BACKGROUND = QColor("#fff1a8")  # soft yellow, readable in light and dark themes
HIGHLIGHT_FOREGROUND = QColor("#1b1f24")

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole


def one_line(text: str) -> str:
    """``text`` with line breaks and tabs turned into single spaces."""
    return " ".join(text.split())


def format_event_date(event: EventRecord, *, day_first: bool) -> str:
    """ "undated", the start date, or "start – end" for a span, as the case writes dates."""
    if event.start is None:
        return "undated"
    start = event.start.format(day_first=day_first)
    if event.end is None:
        return start
    return f"{start} – {event.end.format(day_first=day_first)}"


def source_count(event: EventRecord) -> int:
    """How many distinct sources the event cites."""
    return len({c.source_id for c in event.citations})


def date_sort_key(date: FuzzyDate | None) -> tuple[int, tuple[Any, ...]]:
    """FuzzyDate order with undated last (the order ``Case.event_ids`` returns)."""
    return (1, ()) if date is None else (0, date.sort_key())


def _natural_key(event: EventRecord, column: int) -> object:
    if column == COL_EVENT:
        return one_line(event.title).casefold()
    if column == COL_STATUS:
        return EVENT_STATUSES.index(event.status) if event.status in EVENT_STATUSES else 99
    if column == COL_KEY:
        return int(event.key_fact)
    if column == COL_SOURCES:
        return source_count(event)
    if column == COL_TAGS:
        return ", ".join(event.tags).casefold()
    if column == COL_ENTITIES:
        return ", ".join(link.name for link in event.entities).casefold()
    return 0


class EventTableModel(QAbstractTableModel):
    """Every event of a case, one row each, in date order (undated last)."""

    def __init__(self, case: Any = None, parent: QObject | None = None) -> None:
        if isinstance(case, QObject) and parent is None:
            case, parent = None, case  # EventTableModel(parent), the Qt habit
        super().__init__(parent)
        self._case: Any = None
        self._ids: list[int] = []  # row order
        self._date_order: list[int] = []  # the store's date order (undated last)
        self._date_rank: dict[int, int] = {}
        self._sort_column = COL_DATE
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._rows: dict[int, int] | None = None  # id -> row, rebuilt after row changes
        self._cache: OrderedDict[int, EventRecord] = OrderedDict()
        self._sort_keys: dict[int, dict[int, object]] = {}  # column -> id -> key
        self._highlighted: set[int] = set()
        if case is not None:
            self.set_case(case)

    # ---- the case

    @property
    def case(self) -> Any:
        return self._case

    def set_case(self, case: Any) -> None:
        self._case = case
        self.reload()

    def reload(self) -> None:
        """Read the ids again and forget every cached row."""
        self.beginResetModel()
        self._cache.clear()
        self._sort_keys.clear()
        self._set_date_order(list(self._case.event_ids()) if self._case is not None else [])
        self.prepare_sort(self._sort_column)
        self._ids = self._ordered(self._date_order)
        self._rows = None
        self._highlighted &= set(self._ids)
        self.endResetModel()

    def _set_date_order(self, ids: list[int]) -> None:
        self._date_order = ids
        self._date_rank = {event_id: rank for rank, event_id in enumerate(ids)}

    # ---- ids and rows

    def event_id(self, row: int) -> int:
        return self._ids[row]

    def event_ids(self) -> list[int]:
        """The ids in row order (a copy)."""
        return list(self._ids)

    def row_of(self, event_id: int) -> int:
        """The row of ``event_id``, or -1 if the model does not hold it."""
        if self._rows is None:
            self._rows = {eid: row for row, eid in enumerate(self._ids)}
        return self._rows.get(event_id, -1)

    def record(self, row: int) -> EventRecord | None:
        """The event on ``row`` (fetched with its block when not cached)."""
        if not 0 <= row < len(self._ids):
            return None
        event_id = self._ids[row]
        found = self._cache.get(event_id)
        if found is None:
            self._fetch_block(row - row % BLOCK_SIZE)
            found = self._cache.get(event_id)
            if found is None:
                return None
        else:
            self._cache.move_to_end(event_id)
        return found

    def _fetch_block(self, start: int) -> None:
        """Load the rows ``start .. start + BLOCK_SIZE`` that are not cached (one read)."""
        wanted = [i for i in self._ids[start : start + BLOCK_SIZE] if i not in self._cache]
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
                return 'Distinct sources cited ("0 !" marks an unsourced event)'
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._ids) or not 0 <= column < len(COLUMNS):
            return None
        event_id = self._ids[row]
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
                return self._date_rank.get(event_id, -1)  # FuzzyDate order, undated last
            keys = self._sort_keys.get(column)
            if keys is not None and event_id in keys:
                return keys[event_id]
            rec = self.record(row)
            return None if rec is None else _natural_key(rec, column)
        if role == _ALIGN:
            if column in (COL_KEY, COL_SOURCES):
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role not in (_DISPLAY, _TOOLTIP):
            return None
        rec = self.record(row)
        if rec is None:
            return None
        if role == _TOOLTIP:
            return self._tooltip(rec, column)
        return self._display(rec, column)

    def _display(self, rec: EventRecord, column: int) -> str:
        if column == COL_DATE:
            return format_event_date(rec, day_first=bool(self._case.day_first))
        if column == COL_EVENT:
            return one_line(rec.title)
        if column == COL_STATUS:
            return rec.status
        if column == COL_KEY:
            return "✓" if rec.key_fact else ""
        if column == COL_SOURCES:
            count = source_count(rec)
            return f"{count}" if count else "0 !"
        if column == COL_TAGS:
            return ", ".join(rec.tags)
        if column == COL_ENTITIES:
            return ", ".join(link.name for link in rec.entities)
        return ""

    def _tooltip(self, rec: EventRecord, column: int) -> str | None:
        if column == COL_EVENT:
            # Escaped inside <qt> so the text shows literally (never as markup).
            body = html.escape(rec.title)
            description = rec.description.strip()
            if description:
                if len(description) > TOOLTIP_DESCRIPTION_LIMIT:
                    description = description[:TOOLTIP_DESCRIPTION_LIMIT] + "…"
                body += "<br><br>" + html.escape(description).replace("\n", "<br>")
            return f"<qt>{body}</qt>"
        if column == COL_SOURCES and rec.unsourced:
            return "No source cited for this event"
        if column == COL_DATE and rec.start is not None:
            written = rec.start.text + (f" – {rec.end.text}" if rec.end else "")
            return html.escape(f"As written: {written}") if written else None
        return None

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
        self._set_order(self._ordered(self._date_order))

    def _ordered(self, date_ids: list[int]) -> list[int]:
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        if self._sort_column == COL_DATE:
            return list(reversed(date_ids)) if descending else list(date_ids)
        keys = self._sort_keys.setdefault(self._sort_column, {})
        missing = [i for i in date_ids if i not in keys]
        if missing:  # rows someone else added: read their keys too
            for start in range(0, len(missing), BLOCK_SIZE):
                for rec in self._case.events_by_ids(missing[start : start + BLOCK_SIZE]):
                    keys[rec.id] = _natural_key(rec, self._sort_column)
            date_ids = [i for i in date_ids if i in keys]
        return sorted(date_ids, key=keys.__getitem__, reverse=descending)

    def _set_order(self, new_ids: list[int]) -> None:
        """Permute the rows into ``new_ids`` (the same ids) with one layout change."""
        if new_ids == self._ids:
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = new_ids
        self._rows = None
        for pi in self.persistentIndexList():
            row = self.row_of(old_ids[pi.row()]) if 0 <= pi.row() < len(old_ids) else -1
            self.changePersistentIndex(
                pi, self.index(row, pi.column()) if row >= 0 else QModelIndex()
            )
        self.layoutChanged.emit()

    def prepare_sort(self, column: int) -> None:
        """Compute ``column``'s sort keys for every row, a block at a time, in one pass (the
        cache is left alone)."""
        if column == COL_DATE or not 0 <= column < len(COLUMNS) or self._case is None:
            return
        if column in self._sort_keys:
            return
        keys: dict[int, object] = {}
        for start in range(0, len(self._date_order), BLOCK_SIZE):
            chunk = self._date_order[start : start + BLOCK_SIZE]
            cached = [self._cache[i] for i in chunk if i in self._cache]
            missing = [i for i in chunk if i not in self._cache]
            records = cached + (self._case.events_by_ids(missing) if missing else [])
            for rec in records:
                keys[rec.id] = _natural_key(rec, column)
        self._sort_keys[column] = keys

    # ---- highlighting

    def highlighted(self) -> set[int]:
        return set(self._highlighted)

    def set_highlighted(self, ids: Iterable[int]) -> None:
        """Mark ``ids`` as search matches (HighlightRole); rows that change are announced."""
        new = set(ids)
        changed = new ^ self._highlighted
        self._highlighted = new
        self._emit_rows_changed(self.row_of(i) for i in changed)

    def _emit_rows_changed(self, rows: Iterable[int]) -> None:
        wanted = sorted({r for r in rows if r >= 0})
        last = len(COLUMNS) - 1
        for first, end in _runs(wanted):
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    # ---- change sets

    def apply_changes(self, changes: ChangeSet) -> None:
        """Bring the rows up to date with what ``changes`` names, keeping date order."""
        if self._case is None or not changes.changes:
            return
        created = set(changes.ids("event", "create"))
        deleted = set(changes.ids("event", "delete"))
        updated = set(changes.ids("event", "update")) - created - deleted
        # Renaming or deleting a tag, entity or source changes the rows that show it, and
        # the case's day-first setting changes every date; citations come with their own
        # "update event" change; views and eras do not show in this table.
        broad = any(c.kind in ("tag", "entity", "source", "case") for c in changes.changes)
        if not (created or deleted or updated or broad):
            return

        for column_keys in self._sort_keys.values():
            for i in deleted:
                column_keys.pop(i, None)
        for i in deleted:
            self._cache.pop(i, None)
        self._highlighted -= deleted

        fresh = {r.id: r for r in self._case.events_by_ids(sorted(updated | created))}
        redated = {
            i
            for i in updated
            if i not in self._cache or i not in fresh or not _same_date(self._cache[i], fresh[i])
        }
        for i in updated | created:
            self._cache.pop(i, None)
        if broad:
            self._cache.clear()
            self._sort_keys.clear()
        for column, column_keys in self._sort_keys.items():
            for i in updated | created:
                if i in fresh:
                    column_keys[i] = _natural_key(fresh[i], column)

        if created or deleted or redated:
            self._set_date_order(list(self._case.event_ids()))
        self.prepare_sort(self._sort_column)
        self._restructure(self._ordered(self._date_order))
        self._remember(fresh.values())
        if broad:
            self._emit_rows_changed(range(len(self._ids)))
        else:
            self._emit_rows_changed(self.row_of(i) for i in updated | created)

    def _restructure(self, new_ids: list[int]) -> None:
        """Turn the current rows into ``new_ids``: row removals, one layout change for rows
        that changed places, then row inserts."""
        root = QModelIndex()
        new_set = set(new_ids)
        # 1. rows that are gone, last first
        gone = [row for row, i in enumerate(self._ids) if i not in new_set]
        for first, end in reversed(list(_runs(gone))):
            self.beginRemoveRows(root, first, end)
            del self._ids[first : end + 1]
            self._rows = None
            self.endRemoveRows()
        # 2. rows that stay, in their new order
        present = set(self._ids)
        self._set_order([i for i in new_ids if i in present])
        # 3. new rows, merged in order
        row = 0
        k = 0
        while k < len(new_ids):
            if row < len(self._ids) and self._ids[row] == new_ids[k]:
                row += 1
                k += 1
                continue
            run_end = k
            while run_end < len(new_ids) and new_ids[run_end] not in present:
                run_end += 1
            run = new_ids[k:run_end]
            self.beginInsertRows(root, row, row + len(run) - 1)
            self._ids[row:row] = run
            self._rows = None
            self.endInsertRows()
            row += len(run)
            k = run_end


def _same_date(a: EventRecord, b: EventRecord) -> bool:
    def same(x: FuzzyDate | None, y: FuzzyDate | None) -> bool:
        return (x is None and y is None) or (x is not None and x.same_claim(y))

    return same(a.start, b.start) and same(a.end, b.end)


def _runs(rows: Sequence[int]) -> Iterable[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive numbers."""
    start = prev = None
    for r in rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:  # type: ignore[operator]
            prev = r
        else:
            yield start, prev  # type: ignore[misc]
            start = prev = r
    if start is not None:
        yield start, prev  # type: ignore[misc]


class EventFilterProxy(QSortFilterProxyModel):
    """Sorts an :class:`EventTableModel` by ``SortRole`` and keeps only allowed ids."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._allowed: frozenset[int] | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def allowed_ids(self) -> frozenset[int] | None:
        return self._allowed

    def set_allowed_ids(self, ids: Iterable[int] | None) -> None:
        """Show only these event ids (``None`` shows every row)."""
        allowed = None if ids is None else frozenset(ids)
        if allowed == self._allowed:
            return
        self.beginFilterChange()
        self._allowed = allowed
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

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
