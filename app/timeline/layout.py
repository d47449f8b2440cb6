"""Lanes, rows, labels, clusters and density strips: what the canvas paints for one viewport.

:func:`build_lanes` splits the sorted :class:`~app.domain.columns.EventColumns` into lanes
(one per group, an event in several groups appearing in each) and indexes each lane once.
:func:`layout_frame` then lays out one viewport of one frame:

* each lane's visible members are found by binary search, in O(log n + visible) per lane;
* a lane with more visible members than its share of ``item_budget`` (or a collapsed lane)
  becomes a density :class:`Strip`, counted by binary search too, so a frame's work never
  grows with the size of the case;
* otherwise items are packed greedily into at most ``max_rows`` rows. An item's label goes to
  the right of its marker; no two labels on one row of one lane ever intersect. An event that
  fits nowhere joins a "+N" cluster on the last row.

Finding spans that cross the window's left edge: members are split, per lane, into duration
classes (powers of four of ``end_hi - start_lo``). Within a class, a member visible at t0 must
start in [t0 - longest duration of the class, t0), so one binary search per class bounds the
candidates, and every candidate in the class's tail quarter is really visible. (A running max of
``end_hi`` would also be correct, but one long span would make every later member a candidate.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from app.domain.columns import FLAG_KEY, FLAG_SPAN, PRECISION_CODES, QUALIFIER_CODES, EventColumns
from app.timeline.drawn import drawn_extent, open_ended, shown_x0, text_room
from app.timeline.durations import duration_class, durations
from app.timeline.scale import TimeScale

NO_GROUP = "(none)"
ALL_EVENTS = "All events"
STRIP_BIN_PX = 2.0  # pixel width of a density strip's bins
LABEL_PAD = 3.0  # pixels between a marker's right edge and its label

_PRECISE = tuple(PRECISION_CODES[p] for p in ("day", "minute", "second"))
_EXACT = QUALIFIER_CODES["exact"]
_EMPTY = np.zeros(0, dtype=np.int64)
_EMPTY_X = np.zeros(0, dtype=np.float64)
_KEY_LIMIT = 9.2e18  # within int64, beyond any instant a column holds


def _ceil_key(t: float | np.ndarray) -> Any:
    """Whole second(s) at or after ``t`` (int64): an int64 column searched with it finds what ``t``
    finds (side "left") without numpy converting the column to float64 (~1 ms at 1M rows)."""
    return np.clip(np.ceil(t), -_KEY_LIMIT, _KEY_LIMIT).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# Lanes and their index


@dataclass(frozen=True)
class LaneIndex:
    """Search structures for one lane, built once by :func:`build_lanes`."""

    starts: np.ndarray  # int64 start_lo of the lane's members, in member order (sorted)
    classes: list[tuple[np.ndarray, np.ndarray, np.ndarray, int, int]]
    # per duration class, in class order: (cols indices sorted by start, their start_lo,
    # their end_hi, the longest end_hi - start_lo in the class, the class number)

    @classmethod
    def build(cls, cols: EventColumns, members: np.ndarray) -> LaneIndex:
        starts = cols.start_lo[members]
        ends = cols.end_hi[members]
        klass = duration_class(starts, ends)
        order = np.argsort(klass, kind="stable")  # keeps start order inside each class
        bounds = np.flatnonzero(np.diff(klass[order])) + 1
        classes = []
        for part in np.split(order, bounds) if len(order) else []:
            longest = int(durations(starts[part], ends[part]).max())
            classes.append((members[part], starts[part], ends[part], longest, int(klass[part[0]])))
        return cls(starts, classes)

    def crossing(self, t0: float) -> np.ndarray:
        """Sorted cols indices of members that start before ``t0`` and end after it."""
        found = []
        for idx, starts, ends, longest, _klass in self.classes:
            lo = int(np.searchsorted(starts, _ceil_key(t0 - longest), side="left"))
            hi = int(np.searchsorted(starts, _ceil_key(t0), side="left"))
            if hi > lo:
                hits = idx[lo:hi][ends[lo:hi] > t0]
                if len(hits):
                    found.append(hits)
        if not found:
            return _EMPTY
        return np.sort(np.concatenate(found))

    def starting(self, t0: float, t1: float) -> tuple[int, int]:
        """Member positions [a, b) of the members starting in [t0, t1)."""
        a = int(np.searchsorted(self.starts, _ceil_key(t0), side="left"))
        b = int(np.searchsorted(self.starts, _ceil_key(t1), side="left"))
        return a, max(a, b)


@dataclass(frozen=True)
class Lanes:
    """The timeline's lanes, in display order."""

    titles: list[str]
    members: list[np.ndarray]  # per lane: int64 indices into EventColumns, sorted by start_lo
    undated: list[np.ndarray]  # per lane: int64 indices into cols.undated_ids
    index: list[LaneIndex] = field(default_factory=list, repr=False, compare=False)

    def lane_index(self, cols: EventColumns, lane: int) -> LaneIndex:
        """The lane's search index (built on the fly if these Lanes were made by hand)."""
        if len(self.index) == len(self.members):
            return self.index[lane]
        return LaneIndex.build(cols, self.members[lane])

    def visible(self, cols: EventColumns, lane: int, t0: float, t1: float) -> np.ndarray:
        """Indices (sorted by start) of the lane's members with start_lo < t1 and end_hi > t0."""
        index = self.lane_index(cols, lane)
        a, b = index.starting(t0, t1)
        return np.concatenate([index.crossing(t0), self.members[lane][a:b]])


def _lookup(keys: np.ndarray, order: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Sorted positions in ``keys`` of the ``wanted`` values present there."""
    if len(keys) == 0 or len(wanted) == 0:
        return _EMPTY
    sorted_keys = keys[order]
    pos = np.clip(np.searchsorted(sorted_keys, wanted), 0, len(keys) - 1)
    return np.sort(order[pos[sorted_keys[pos] == wanted]]).astype(np.int64)


def _group_ids(groups: Mapping[int, Sequence[str]]) -> dict[str, np.ndarray]:
    by_group: dict[str, list[int]] = {}
    for event_id, names in groups.items():
        for name in dict.fromkeys(names):
            by_group.setdefault(name, []).append(int(event_id))
    return {name: np.array(ids, dtype=np.int64) for name, ids in by_group.items()}


def build_lanes(cols: EventColumns, groups: Mapping[int, Sequence[str]] | None) -> Lanes:
    """Lanes for ``groups`` (event id -> group names; None = one lane of all events).

    Groups are sorted case-insensitively; events in no group go to a last lane, NO_GROUP.
    Groups none of whose events are in ``cols`` get no lane.
    """
    if groups is None:
        members = [np.arange(len(cols), dtype=np.int64)]
        undated = [np.arange(len(cols.undated_ids), dtype=np.int64)]
        return _indexed(cols, [ALL_EVENTS], members, undated)
    dated_order = np.argsort(cols.ids, kind="stable")
    undated_order = np.argsort(cols.undated_ids, kind="stable")
    lanes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, ids in _group_ids(groups).items():
        dated = _lookup(cols.ids, dated_order, ids)
        loose = _lookup(cols.undated_ids, undated_order, ids)
        if len(dated) or len(loose):
            lanes[name] = (dated, loose)
    grouped = np.array([i for i, names in groups.items() if len(names)], dtype=np.int64)
    rest = (
        np.flatnonzero(~np.isin(cols.ids, grouped)),
        np.flatnonzero(~np.isin(cols.undated_ids, grouped)),
    )
    titles = sorted((n for n in lanes if n != NO_GROUP), key=lambda n: (n.casefold(), n))
    if len(rest[0]) or len(rest[1]) or NO_GROUP in lanes:
        if NO_GROUP in lanes:
            old = lanes[NO_GROUP]
            rest = (np.union1d(old[0], rest[0]), np.union1d(old[1], rest[1]))
        lanes[NO_GROUP] = (rest[0].astype(np.int64), rest[1].astype(np.int64))
        titles.append(NO_GROUP)
    return _indexed(cols, titles, [lanes[t][0] for t in titles], [lanes[t][1] for t in titles])


def _indexed(
    cols: EventColumns, titles: list[str], members: list[np.ndarray], undated: list[np.ndarray]
) -> Lanes:
    index = [LaneIndex.build(cols, m) for m in members]
    return Lanes(titles, members, undated, index)


# ---------------------------------------------------------------------------------------------
# One frame


@dataclass(frozen=True)
class Item:
    """An event or a "+N" cluster, placed on a row of a lane (all x in pixels)."""

    kind: str  # "event" | "cluster"
    lane: int
    row: int  # 0-based row inside the lane
    x0: float  # whole interval: [start_lo, end_hi) for spans, [start_lo, start_hi) for points
    x1: float
    core0: float  # certain part (empty when core1 <= core0)
    core1: float
    index: int  # index into cols for events; -1 for clusters
    event_id: int  # -1 for clusters
    count: int  # 1 for events, N for clusters
    label: str  # title, or f"+{N}" for clusters; "" when there is no room
    label_x: float
    label_w: float


@dataclass(frozen=True)
class Strip:
    """A density strip for a crowded or collapsed lane: visible events per pixel bin.

    Bin i covers [x0 + i * bin_px, x0 + (i + 1) * bin_px); events are binned by their start,
    and spans that started left of the view are counted in bin 0.
    """

    lane: int
    x0: float
    bin_px: float
    counts: np.ndarray  # int64


@dataclass(frozen=True)
class Frame:
    """Everything the canvas paints for one viewport."""

    items: list[Item]
    strips: list[Strip]
    rows: list[int]  # rows used per lane (>= 1)


# Positions in a mutable item record (an Item's fields, in order) while a lane is packed.
_ROW, _X0, _X1, _COUNT, _LABEL, _LABEL_X, _LABEL_W = 2, 3, 4, 9, 10, 11, 12


@dataclass
class _Packer:
    """Greedy row packing of one lane's events, left to right.

    An item occupies [x0, max(body right, label right) + label_gap] on its row, where the body
    is at least ``marker_px`` wide, and goes on the first row whose occupied space ends at or
    before its x0. When no row is free, the label of a row's last event is dropped if that
    frees room (a key fact's, ``keep(cols index)``, only as a last resort); failing that, the
    item is folded into a "+N" cluster ending the last row."""

    lane: int
    max_rows: int
    marker_px: float
    label_gap: float
    text_width: Callable[[str], float]
    records: list[list[Any]] = field(default_factory=list)
    rights: list[float] = field(default_factory=list)  # per row: right edge of occupied space
    bare: list[float] = field(default_factory=list)  # per row: ditto without the last label
    last: list[int] = field(default_factory=list)  # per row: position of its last record
    keep: Callable[[int], bool] = lambda _i: False  # whose label is never dropped (key facts)

    def __post_init__(self) -> None:
        self.rights = [-math.inf] * self.max_rows
        self.bare = [-math.inf] * self.max_rows
        self.last = [-1] * self.max_rows

    def label_x(self, x0: float, x1: float, span: bool) -> float:
        """Where a label starts: inside a span's bar (kept on screen when the bar comes in from
        the left; moved past the bar in :meth:`add` when it does not fit), else right of the
        whole band or marker, so a label never covers the period a date allows."""
        if span:
            return max(x0, 0.0) + LABEL_PAD
        return self.body_right(x0, x1) + LABEL_PAD

    def body_right(self, x0: float, x1: float) -> float:
        return max(x1, x0 + self.marker_px)

    def add(self, record: list[Any]) -> None:
        """Place an event record (row and label width are set here) or fold it into a cluster."""
        row = self._row_for(record[_X0])
        if row is None:
            self._overflow(record)
            return
        width = self.text_width(record[_LABEL]) if record[_LABEL] else 0.0
        if record[_LABEL_X] < record[_X1] and record[_LABEL_X] + width > record[_X1] - LABEL_PAD:
            record[_LABEL_X] = record[_X1] + LABEL_PAD  # a span too short for its label
        body = self.body_right(record[_X0], record[_X1]) + self.label_gap
        self.rights[row] = max(body, record[_LABEL_X] + width + self.label_gap)
        self.bare[row] = body
        self.last[row] = len(self.records)
        record[_ROW], record[_LABEL_W] = row, width
        self.records.append(record)

    def _row_for(self, left: float) -> int | None:
        """The first free row, else one freed by dropping its last label (a key fact's last)."""
        for row, right in enumerate(self.rights):
            if right <= left:
                return row
        for spare_keys in (True, False):
            for row, right in enumerate(self.bare):
                last = self.records[self.last[row]] if self.last[row] >= 0 else None
                if right > left or last is None or last[0] != "event":
                    continue
                if spare_keys and self.keep(last[7]):
                    continue
                last[_LABEL], last[_LABEL_W] = "", 0.0
                self.rights[row] = right
                return row
        return None

    def _overflow(self, record: list[Any]) -> None:
        """Fold ``record`` into the cluster ending the last row (made from its last event)."""
        row = self.max_rows - 1
        last = self.records[self.last[row]]
        x0 = last[_X0]
        x1 = max(self.body_right(x0, last[_X1]), self.body_right(record[_X0], record[_X1]))
        count = last[_COUNT] + 1
        label = f"+{count}"
        width = self.text_width(label)
        last[:] = ["cluster", self.lane, row, x0, x1, x0, x1, -1, -1, count, label,
                   self.label_x(x0, x1, False), width]  # fmt: skip
        self.bare[row] = x1 + self.label_gap
        self.rights[row] = max(self.bare[row], last[_LABEL_X] + width + self.label_gap)

    def items(self) -> list[Item]:
        return [Item(*record) for record in self.records]

    def rows_used(self) -> int:
        return max((record[_ROW] for record in self.records), default=0) + 1


def _event_records(
    cols: EventColumns,
    lane: int,
    visible: np.ndarray,
    scale: TimeScale,
    packer: _Packer,
    left_px: float,
) -> list[list[Any]]:
    """Unplaced item records (row 0, label = title) for the visible events, in start order.

    An open-ended event is a candidate wherever its open interval reaches; it is kept only
    when its drawn extent (see :func:`drawn_extent`) meets [left_px, width)."""
    x0a, x1a = drawn_extent(cols, visible, scale)
    shown = (x1a > left_px) & (x0a < scale.width)
    if not shown.all():
        visible, x0a, x1a = visible[shown], x0a[shown], x1a[shown]
    x0, x1 = x0a.tolist(), x1a.tolist()
    c0 = scale.x_of(cols.start_hi[visible]).tolist()
    c1 = scale.x_of(cols.end_lo[visible]).tolist()
    span = ((cols.flags[visible] & FLAG_SPAN) != 0).tolist()
    text0, text1, mid = (a.tolist() for a in text_room(cols, visible, x0a, x1a))
    precise = (
        np.isin(cols.precision[visible], _PRECISE) & (cols.qualifier[visible] == _EXACT)
    ).tolist()
    ids = cols.ids[visible].tolist()
    titles = cols.titles
    records = []
    for k, i in enumerate(visible.tolist()):
        if span[k]:
            core0, core1 = c0[k], c1[k]
        elif precise[k]:
            core0, core1 = x0[k], x1[k]
        else:  # an imprecise point: no part of it is certain
            core0 = core1 = mid[k]
        label_x = packer.label_x(text0[k], x1[k], span[k])
        if text1[k] < x1[k] and label_x + packer.text_width(titles[i]) > text1[k] - LABEL_PAD:
            label_x = x1[k] + LABEL_PAD  # does not fit before an open end's arrow: past it
        records.append(["event", lane, 0, x0[k], x1[k], core0, core1, i, ids[k], 1, titles[i],
                        label_x, 0.0])  # fmt: skip
    return records


class _Window(NamedTuple):
    """A lane's members in a view, found once a frame: those starting in it (members [a, b)),
    those crossing its left edge and the left ends of the open-ended ones among those shown."""

    a: int
    b: int
    crossing: np.ndarray
    opened: np.ndarray  # bool mask over crossing
    open_x0: np.ndarray

    @property
    def count(self) -> int:  # how many show: an open-ended event only where it is drawn
        return (self.b - self.a) + int(np.count_nonzero(~self.opened)) + len(self.open_x0)


def _window(lanes: Lanes, cols: EventColumns, lane: int, scale: TimeScale, left: float) -> _Window:
    index = lanes.lane_index(cols, lane)
    t0 = scale.t_of(left)
    a, b = index.starting(t0, scale.end)
    crossing = index.crossing(t0)
    opened = open_ended(cols, crossing)
    x0 = shown_x0(cols, crossing[opened], scale, left) if opened.any() else _EMPTY_X
    return _Window(a, b, crossing, opened, x0)


def _strip(
    lanes: Lanes, cols: EventColumns, lane: int, scale: TimeScale, left_px: float, w: _Window
) -> Strip:
    """Counts of the lane's visible members per STRIP_BIN_PX bin, by binary search; an
    open-ended date counts where it is drawn."""
    index = lanes.lane_index(cols, lane)
    nbins = max(1, math.ceil((scale.width - left_px) / STRIP_BIN_PX))
    edges = scale.t_of(left_px + STRIP_BIN_PX * np.arange(nbins + 1, dtype=np.float64))
    edges[0], edges[-1] = scale.t_of(left_px), scale.end
    counts = np.diff(np.searchsorted(index.starts, _ceil_key(edges), side="left")).astype(np.int64)
    if len(w.open_x0):
        bins = np.minimum(((w.open_x0 - left_px) // STRIP_BIN_PX).astype(np.int64), nbins - 1)
        np.add.at(counts, bins, 1)
    counts[0] += int(np.count_nonzero(~w.opened))
    return Strip(lane, left_px, STRIP_BIN_PX, counts)


def layout_frame(
    cols: EventColumns,
    lanes: Lanes,
    scale: TimeScale,
    text_width: Callable[[str], float],
    *,
    max_rows: int = 6,
    collapsed: frozenset[int] = frozenset(),
    marker_px: float = 10.0,
    label_gap: float = 6.0,
    item_budget: int = 4000,
) -> Frame:
    """Lay out every lane for ``scale``.

    An event is visible when its interval meets [t_of(-marker_px), end): a marker that starts
    just left of the view still shows. Each lane's share of ``item_budget`` is
    ``item_budget // (number of lanes not collapsed)``; a lane over its share, or collapsed,
    becomes one :class:`Strip` (and uses one row).
    """
    max_rows, left_px = max(1, max_rows), -marker_px
    key = lambda i: bool(cols.flags[i] & FLAG_KEY)  # noqa: E731 - a key fact keeps its label
    open_lanes = [lane for lane in range(len(lanes.titles)) if lane not in collapsed]
    share = item_budget // max(1, len(open_lanes))
    items: list[Item] = []
    strips: list[Strip] = []
    rows: list[int] = []
    for lane in range(len(lanes.titles)):
        w = _window(lanes, cols, lane, scale, left_px)
        if lane in collapsed or w.count > share:
            strips.append(_strip(lanes, cols, lane, scale, left_px, w))
            rows.append(1)
            continue
        packer = _Packer(lane, max_rows, marker_px, label_gap, text_width, keep=key)
        visible = np.concatenate([w.crossing, lanes.members[lane][w.a : w.b]])
        for record in _event_records(cols, lane, visible, scale, packer, left_px):
            packer.add(record)
        items.extend(packer.items())
        rows.append(packer.rows_used())
    return Frame(items, strips, rows)
