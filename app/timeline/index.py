"""``TimelineIndex``: the canvas's data (columns, grouping, filter, lanes), patched in place.

The index holds every event's compact columns (``all_cols``), the visible subset the canvas
draws (``cols``: the same object when nothing is filtered out), the grouping (event id ->
group names) and the :class:`~app.timeline.layout.Lanes` built over ``cols``. A change to a
few events is applied by :meth:`TimelineIndex.patch`: each changed event is taken out of the
sorted columns and put back at its new place, and every lane and lane index shifts its
positions by one. That is a handful of vectorised array moves, so the work grows only with
what sorted insertion needs (a memmove of the columns), never with a re-sort or a re-read
of the case. Only a grouping that gains or loses a whole lane rebuilds the lanes. Patched
and freshly built indexes are equal (the tests compare them after random edits).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from app.domain import growable
from app.domain.columns import EventColumns, subset_columns
from app.timeline.durations import duration_class, durations
from app.timeline.layout import NO_GROUP, LaneIndex, Lanes, build_lanes

Groups = Mapping[int, Sequence[str]]

# More changed events than this in one patch: build the index again instead (as cheap).
PATCH_LIMIT = 2000

_DATED = ("ids", "start_lo", "start_hi", "end_lo", "end_hi", "precision", "qualifier", "status")
_DATED_ALL = (*_DATED, "flags")
_UNDATED = ("undated_ids", "undated_status", "undated_flags")


class TimelineIndex:
    """Columns, grouping, visible set and lanes of one case, kept in step with its changes."""

    def __init__(
        self,
        cols: EventColumns,
        groups: Groups | None = None,
        visible: Iterable[int] | None = None,
    ) -> None:
        self.all_cols = cols
        self.groups: dict[int, tuple[str, ...]] | None = (
            None if groups is None else {int(k): tuple(v) for k, v in groups.items()}
        )
        self.visible: frozenset[int] | None = None if visible is None else frozenset(visible)
        self._places: dict[int, int] = {}  # where dated events were last put in all_cols
        self._rebuild()

    # ---- whole rebuilds (a new grouping or filter chosen by the person)

    def _rebuild(self) -> None:
        self.cols = self.lanes = None  # type: ignore[assignment] # the old ones go first
        cols, shown = self.all_cols, self.visible
        cols = cols if shown is None else subset_columns(cols, shown)
        self.cols, self.lanes = cols, build_lanes(cols, self.groups)

    def set_groups(self, groups: Groups | None) -> None:
        self.groups = None if groups is None else {int(k): tuple(v) for k, v in groups.items()}
        self.lanes = build_lanes(self.cols, self.groups)

    def set_visible(self, ids: Iterable[int] | None) -> None:
        if (visible := None if ids is None else frozenset(ids)) != self.visible:  # else kept
            self.visible = visible
            self._rebuild()

    # ---- patches

    def patch(
        self,
        dated: Sequence[Sequence[Any]],
        undated: Sequence[Sequence[Any]],
        removed: Iterable[int],
        *,
        groups: Groups | None = None,
        visible: Iterable[int] | None = None,
    ) -> None:
        """Apply changed events.

        ``dated`` and ``undated`` are the current timeline rows (the tuples
        :func:`~app.domain.columns.build_event_columns` takes) of created or changed events;
        ``removed`` the ids of deleted ones. ``groups`` gives the group names of the changed
        events (events it leaves out have none); ``visible``, when a filter is on, which of
        the changed events pass it.
        """
        changed = [int(r[0]) for r in dated] + [int(r[0]) for r in undated]
        gone = {int(i) for i in removed} | set(changed)
        if self.groups is not None:
            for i in gone:
                self.groups.pop(i, None)
            for i, names in (groups or {}).items():
                if names:
                    self.groups[int(i)] = tuple(names)
        filtered = self.visible is not None
        if self.visible is not None:
            shown = {int(i) for i in (visible or ())} & set(changed)
            self.visible = (self.visible - gone) | shown
        if len(gone) > PATCH_LIMIT:
            raise ValueError(f"{len(gone)} changed events: rebuild the index instead")
        whole = _Patcher(self.all_cols, None if filtered else self.lanes, self._places)
        ok = whole.apply(dated, undated, gone, self.lane_of)
        self.all_cols = whole.columns()
        part = whole
        if self.visible is not None:
            keep = self.visible
            part = _Patcher(self.cols, self.lanes, {})
            ok = part.apply(
                [r for r in dated if int(r[0]) in keep],
                [r for r in undated if int(r[0]) in keep],
                gone,
                self.lane_of,
            )
        self.cols = part.columns() if filtered else self.all_cols
        self.lanes = part.lanes() if ok else build_lanes(self.cols, self.groups)

    def position(self, event_id: int) -> int | None:
        """Where a dated event is in ``all_cols`` (None when absent or undated); where it was
        last put is checked first, so an event just patched costs no search."""
        return _find(self.all_cols.ids, event_id, self._places)

    def lane_of(self, event_id: int) -> list[str]:
        """The lane titles an event belongs in."""
        if self.groups is None:
            return list(self.lanes.titles[:1])
        names = list(dict.fromkeys(self.groups.get(event_id, ())))
        return names or [NO_GROUP]


def _find(ids: np.ndarray, event_id: int, places: dict[int, int]) -> int | None:
    at = growable.find(ids, event_id, places.get(event_id))
    if len(places) > 4096:
        places.clear()
    if at < 0:
        places.pop(event_id, None)
        return None
    places[event_id] = at
    return at


class _Patcher:
    """One set of columns (and, when given, its lanes) patched one event at a time.

    ``log`` records each step as ("dated" | "undated", "out" | "in", position, row) so that
    lanes over the same columns can replay the steps without searching again."""

    def __init__(self, cols: EventColumns, lanes: Lanes | None, places: dict[int, int]) -> None:
        self.base = cols
        self.places = places  # hints: where events were last found or put
        self.arrays: dict[str, Any] = {n: getattr(cols, n) for n in (*_DATED_ALL, *_UNDATED)}
        # titles and arrays are patched in place: the index owns its columns
        self.titles = cols.titles
        self.undated_titles = cols.undated_titles
        self.log: list[tuple[str, str, int, int, Sequence[Any] | None]] = []
        self.lanes_given = lanes is not None
        self.titles_of_lanes: list[str] = []
        self.members: list[np.ndarray] = []
        self.loose: list[np.ndarray] = []
        self.index: list[LaneIndex] = []
        if lanes is not None:
            self.titles_of_lanes = list(lanes.titles)
            self.members = [m for m in lanes.members]
            self.loose = [u for u in lanes.undated]
            self.index = [lanes.lane_index(cols, k) for k in range(len(lanes.members))]

    def columns(self) -> EventColumns:
        return replace(
            self.base, **self.arrays, titles=self.titles, undated_titles=self.undated_titles
        )

    def lanes(self) -> Lanes:
        return Lanes(self.titles_of_lanes, self.members, self.loose, self.index)

    # -- the columns

    def _out(self, event_id: int) -> None:
        p = _find(self.arrays["ids"], event_id, self.places)
        if p is not None:
            for name in _DATED_ALL:
                self.arrays[name] = growable.delete(self.arrays[name], p)
            del self.titles[p]
            self.log.append(("dated", "out", p, -1, None))
            return
        q = _find(self.arrays["undated_ids"], event_id, {})
        if q is not None:
            for name in _UNDATED:
                self.arrays[name] = growable.delete(self.arrays[name], q)
            del self.undated_titles[q]
            self.log.append(("undated", "out", q, -1, None))

    def _in_dated(self, row: Sequence[Any]) -> None:
        start_lo, ids = self.arrays["start_lo"], self.arrays["ids"]
        lo = int(np.searchsorted(start_lo, int(row[1]), side="left"))
        hi = int(np.searchsorted(start_lo, int(row[1]), side="right"))
        p = lo + int(np.searchsorted(ids[lo:hi], int(row[0])))
        for k, name in enumerate(_DATED_ALL):
            self.arrays[name] = growable.insert(self.arrays[name], p, row[k])
        self.titles.insert(p, row[9])
        self.places[int(row[0])] = p
        self.log.append(("dated", "in", p, -1, row))

    def _in_undated(self, row: Sequence[Any]) -> None:
        q = int(np.searchsorted(self.arrays["undated_ids"], int(row[0])))
        for name, value in zip(_UNDATED, (row[0], row[7], row[8]), strict=True):
            self.arrays[name] = growable.insert(self.arrays[name], q, int(value))
        self.undated_titles.insert(q, row[9])
        self.log.append(("undated", "in", q, -1, row))

    def _move_dated(self, p: int, row: Sequence[Any]) -> None:
        """Move the dated event at ``p`` to where ``row`` belongs, in place: only the
        entries between its old and new places shift by one."""
        start_lo, ids = self.arrays["start_lo"], self.arrays["ids"]
        key = (int(row[1]), int(row[0]))
        lo = int(np.searchsorted(start_lo, key[0], side="left"))
        hi = int(np.searchsorted(start_lo, key[0], side="right"))
        at = lo + int(np.searchsorted(ids[lo:hi], key[1]))
        new = at - 1 if at > p else at  # its place once it is out of the way
        for k, name in enumerate(_DATED_ALL):
            growable.move(self.arrays[name], p, new, row[k])
        titles = self.titles
        if abs(new - p) > 1024 or not isinstance(titles, list):  # far, or a TextColumn
            del titles[p]
            titles.insert(new, row[9])
        elif new >= p:  # near: the same length, only the stretch between is rewritten
            titles[p : new + 1] = [*titles[p + 1 : new + 1], row[9]]
        else:
            titles[new : p + 1] = [row[9], *titles[new:p]]
        self.places[int(row[0])] = new
        self.log.append(("dated", "move", p, new, row))

    def apply(
        self,
        dated: Sequence[Sequence[Any]],
        undated: Sequence[Sequence[Any]],
        gone: set[int],
        lane_of: Any,
    ) -> bool:
        """Take out every event in ``gone``, put the rows in; then the lanes, if any. A
        dated event that stays dated moves in place."""
        moved = set()
        for row in dated:
            p = _find(self.arrays["ids"], int(row[0]), self.places)
            if p is not None:
                self._move_dated(p, row)
                moved.add(int(row[0]))
        for event_id in sorted(gone - moved):
            self._out(event_id)
        for row in dated:
            if int(row[0]) not in moved:
                self._in_dated(row)
        for row in undated:
            self._in_undated(row)
        if self.lanes_given:
            return self.replay(lane_of)
        return True

    def replay(self, lane_of: Any) -> bool:
        """Replay the logged steps on the lanes; False when a lane would appear or empty (the
        lanes must then be rebuilt)."""
        where = {t: k for k, t in enumerate(self.titles_of_lanes)}
        for kind, step, p, new, row in self.log:
            wanted: set[int] = set()
            if step != "out":
                assert row is not None
                wanted = {where.get(t, -1) for t in lane_of(int(row[0]))}
                if -1 in wanted:
                    return False
            for k in range(len(self.members)):
                if kind == "undated":
                    self.loose[k] = (
                        _shift_out(self.loose[k], p)
                        if step == "out"
                        else _shift_in(self.loose[k], p, k in wanted)
                    )
                elif step == "out":
                    self.members[k], self.index[k] = _lane_remove(self.members[k], self.index[k], p)
                elif step == "in":
                    assert row is not None
                    self.members[k], self.index[k] = _lane_insert(
                        self.members[k], self.index[k], p, int(row[1]), int(row[4]), k in wanted
                    )
                else:
                    assert row is not None
                    self.members[k], self.index[k] = _lane_move(
                        self.members[k], self.index[k], p, new, row, k in wanted
                    )
        return all(len(m) or len(u) for m, u in zip(self.members, self.loose, strict=True))


# ---- lanes ---------------------------------------------------------------------------------


def _window_move(
    positions: np.ndarray,
    extras: list[np.ndarray],
    old: int,
    new: int,
    will: bool,
    new_extras: Sequence[int],
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Sorted ``positions`` (with parallel ``extras``) after the entry at column position
    ``old`` moved to ``new``: entries between shift by one, ``old`` leaves, ``new`` comes in
    when ``will``. In place (:mod:`app.domain.growable`): only the window between the two
    places is touched, and an entry that leaves or joins shifts the entries after it."""
    low, high = min(old, new), max(old, new)
    a = int(np.searchsorted(positions, low, side="left"))
    b = int(np.searchsorted(positions, high, side="right"))
    ends = (a, b - 1) if new >= old else (b - 1, a)  # where the entry is, where it goes
    was = a < b and positions[ends[0]] == old
    if will and was:  # a member before and after: rotate
        for array, value in ((positions, new), *zip(extras, new_extras, strict=True)):
            growable.move(array, ends[0], ends[1], value)
        if new > old:  # the entries it passed shift by one, towards its old place
            positions[a : b - 1] -= 1
        elif new < old:
            positions[a + 1 : b] += 1
        return positions, extras
    positions[a:b] += -1 if new > old else 1  # the window shifts towards the old place
    if was:  # it leaves
        positions = growable.delete(positions, ends[0])
        return positions, [growable.delete(e, ends[0]) for e in extras]
    if will:  # it joins, among the shifted window
        at = a + int(np.searchsorted(positions[a:b], new))
        positions = growable.insert(positions, at, new)
        extras = [growable.insert(e, at, v) for e, v in zip(extras, new_extras, strict=True)]
    return positions, extras


def _lane_move(
    members: np.ndarray, index: LaneIndex, old: int, new: int, row: Sequence[Any], will: bool
) -> tuple[np.ndarray, LaneIndex]:
    """A dated event moved from column position ``old`` to ``new`` (its row is ``row``)."""
    start, end = int(row[1]), int(row[4])
    members, (starts,) = _window_move(members, [index.starts], old, new, will, [start])
    klass = int(duration_class(np.array([start]), np.array([end]))[0])
    duration = max(end - start, 1)
    classes = []
    placed = not will
    for idx, c_starts, c_ends, longest, k in index.classes:
        if not placed and klass < k:
            classes.append(_one_class(new, start, end, duration, klass))
            placed = True
        here = will and k == klass
        j = int(np.searchsorted(idx, old))
        was = j < len(idx) and idx[j] == old
        left_longest = was and max(int(c_ends[j]) - int(c_starts[j]), 1) >= longest
        idx, (c_starts, c_ends) = _window_move(idx, [c_starts, c_ends], old, new, here,
                                               [start, end])  # fmt: skip
        placed = placed or here
        if not len(idx):
            continue
        if left_longest:  # the longest member left: find the new longest
            longest = _longest_left(c_starts, c_ends, longest)
        if here:
            longest = max(longest, duration)
        classes.append((idx, c_starts, c_ends, longest, k))
    if not placed:
        classes.append(_one_class(new, start, end, duration, klass))
    return members, LaneIndex(starts, classes)


_TIE_BLOCK = 4096


def _longest_left(starts: np.ndarray, ends: np.ndarray, longest: int) -> int:
    """The longest duration of a class whose longest member (``longest``) left. Members
    mostly share a length (a day, a month): another of that length is looked for a block at
    a time, usually found in the first; only a class without one is measured whole."""
    for at in range(0, len(starts), _TIE_BLOCK):
        if (durations(starts[at : at + _TIE_BLOCK], ends[at : at + _TIE_BLOCK]) >= longest).any():
            return longest
    return int(durations(starts, ends).max())


def _shift_out(positions: np.ndarray, p: int) -> np.ndarray:
    """Sorted positions without ``p``, those after it moved down by one (in place)."""
    at = int(np.searchsorted(positions, p))
    if at < len(positions) and positions[at] == p:
        positions = growable.delete(positions, at)
    positions[at:] -= 1
    return positions


def _shift_in(positions: np.ndarray, p: int, member: bool) -> np.ndarray:
    """Sorted positions with those at or after ``p`` moved up by one, and ``p`` added when
    ``member`` (in place)."""
    at = int(np.searchsorted(positions, p))
    positions[at:] += 1
    return growable.insert(positions, at, p) if member else positions


def _lane_remove(members: np.ndarray, index: LaneIndex, p: int) -> tuple[np.ndarray, LaneIndex]:
    at = int(np.searchsorted(members, p))
    present = at < len(members) and members[at] == p
    starts = growable.delete(index.starts, at) if present else index.starts
    classes = []
    for idx, c_starts, c_ends, longest, klass in index.classes:
        j = int(np.searchsorted(idx, p))
        if j < len(idx) and idx[j] == p:
            left_longest = max(int(c_ends[j] - c_starts[j]), 1) >= longest
            idx, c_starts, c_ends = (growable.delete(a, j) for a in (idx, c_starts, c_ends))
            if not len(idx):
                continue
            if left_longest:  # the longest member left: find the new longest
                longest = _longest_left(c_starts, c_ends, longest)
        idx[j:] -= 1
        classes.append((idx, c_starts, c_ends, longest, klass))
    return _shift_out(members, p), LaneIndex(starts, classes)


def _lane_insert(
    members: np.ndarray, index: LaneIndex, p: int, start: int, end: int, member: bool
) -> tuple[np.ndarray, LaneIndex]:
    at = int(np.searchsorted(members, p))
    starts = growable.insert(index.starts, at, start) if member else index.starts
    klass = int(duration_class(np.array([start]), np.array([end]))[0])
    duration = max(end - start, 1)
    classes = []
    placed = not member
    for idx, c_starts, c_ends, longest, k in index.classes:
        if not placed and klass < k:
            classes.append(_one_class(p, start, end, duration, klass))
            placed = True
        j = int(np.searchsorted(idx, p))
        shifted = idx
        shifted[j:] += 1
        if not placed and k == klass:
            shifted = growable.insert(shifted, j, p)
            c_starts, c_ends = growable.insert(c_starts, j, start), growable.insert(c_ends, j, end)
            longest = max(longest, duration)
            placed = True
        classes.append((shifted, c_starts, c_ends, longest, k))
    if not placed:
        classes.append(_one_class(p, start, end, duration, klass))
    return _shift_in(members, p, member), LaneIndex(starts, classes)


def _one_class(
    p: int, start: int, end: int, duration: int, klass: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    return (
        np.array([p], dtype=np.int64),
        np.array([start], dtype=np.int64),
        np.array([end], dtype=np.int64),
        duration,
        klass,
    )
