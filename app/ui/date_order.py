"""The store's event order (``Case.event_ids``) kept as an id array, with each new or
re-dated event put in its place by a search that reads only the sort keys it needs.

Each step of the search reads the keys of up to ``PROBES`` evenly spread events in one small
query (``Case.order_keys``); keys read once are kept until their event changes. A long order
also keeps ``MARKS`` landmarks (events spread evenly over it, with their places) that every
insert, delete and move shifts in step, so the first step of a search costs no query: placing
an event among a million takes two small queries, not four. No Qt here.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import Any

import numpy as np

from app.domain import growable
from app.domain.records import EventRecord
from app.ui.event_rows import order_key

PROBES = 64  # events whose sort keys one query of the search reads
MARKS = 256  # landmarks of a long order (see _marks_of)


class DateOrder:
    """Event ids in the store's date order, placed by binary search."""

    def __init__(self) -> None:
        self.ids = np.zeros(0, dtype=np.int64)
        self.case: Any = None
        self.cache: Mapping[int, EventRecord] = {}  # rows already read (keys come free)
        self._keys: dict[int, tuple[int, ...]] = {}
        self._places: dict[int, int] = {}  # where events were last found or put (hints)
        self._was: dict[int, tuple[int, ...]] = {}  # keys of changed events before the change
        self._mark_at = np.zeros(0, dtype=np.int64)  # landmarks: places in the order ...
        self._mark_ids = np.zeros(0, dtype=np.int64)  # ... and the events there

    def forget(self, event_id: int | None = None) -> None:
        """Drop the kept key of one event (or of all of them); an event's key before its
        change is remembered until it is placed: one whose key stays needs no neighbours."""
        if event_id is None:
            self._keys.clear()
            self._places.clear()
            self._was.clear()
            self._mark_at = self._mark_ids = np.zeros(0, dtype=np.int64)
            return
        key = self._keys.pop(event_id, None)
        cached = self.cache.get(event_id)
        if key is None and cached is not None:
            key = order_key(cached)
        if key is not None:
            self._was[event_id] = key

    def where(self, event_id: int) -> int:
        """The place of ``event_id`` in the order, or -1 (its last known place checked first,
        so finding an event just placed or looked up costs no pass over the order)."""
        return self._find(self.ids, event_id)

    def _find(self, order: np.ndarray, event_id: int) -> int:
        at = growable.find(order, event_id, self._places.get(event_id))
        if len(self._places) > 4096:
            self._places.clear()
        if at >= 0:
            self._places[event_id] = at
        return at

    def place(
        self,
        deleted: set[int],
        created: set[int],
        updated: set[int],
        fresh: dict[int, EventRecord],
    ) -> list[int]:
        """Take deleted and re-dated events out of the order and put new and re-dated ones
        (``fresh`` holds their records) in; return the ids placed, in the order placed.

        The order is edited in place (:mod:`app.domain.growable`): a delete or insert shifts
        the ids after it, one re-dated event slides the ids between its two places."""
        order = self.ids
        for i in sorted(deleted):
            at = self._find(order, i)
            if at >= 0:
                order = self._delete(order, at)
            self._places.pop(i, None)
        moving = self._moving(order, updated, fresh)
        if len(moving) == 1:  # every other event sorts as it did: search around this one
            ((i, at),) = moving
            self._places[i] = self._position_of(order, order_key(fresh[i]), at)
            growable.move(order, at, self._places[i], i)
            self._marks_moved(at, self._places[i])
        else:  # each out, then each back in (their old places no longer sort)
            for i, _ in moving:
                order = self._delete(order, self._find(order, i))
        placed = sorted(created)
        for i in placed if len(moving) == 1 else [*placed, *(i for i, _ in moving)]:
            self._places[i] = at = self._position_of(order, order_key(fresh[i]))
            order = growable.insert(order, at, i)
            self._mark_at[self._mark_at >= at] += 1
        self.ids = order
        return [*placed, *(i for i, _ in moving)]

    def _moving(
        self, order: np.ndarray, updated: set[int], fresh: dict[int, EventRecord]
    ) -> list[tuple[int, int]]:
        """The updated events (with their places) that no longer sort where they are: those
        outside their nearest unchanged neighbours, or all of them when those that stay
        would not be in order among themselves."""
        was, self._was = self._was, {}
        places = {i: self._find(order, i) for i in sorted(updated) if i in fresh}
        places = {i: at for i, at in places.items() if at >= 0}
        moving, staying, changed = [], [], set(places)
        for i, at in places.items():
            if was.get(i) == order_key(fresh[i]) or self._in_place(order, at, fresh[i], changed):
                staying.append((at, order_key(fresh[i])))
            else:
                moving.append((i, at))
        keys = [key for _, key in sorted(staying)]
        if any(a > b for a, b in zip(keys, keys[1:], strict=False)):
            return sorted(places.items())
        return moving

    def _position_of(self, order: np.ndarray, key: tuple[int, ...], skip: int = -1) -> int:
        """Where ``key`` goes in ``order`` (without its entry at ``skip``, when given): a
        search that reads the keys of up to ``PROBES`` evenly spread events per query, so a
        million rows take four small queries."""

        def ids_at(places: np.ndarray) -> np.ndarray:
            return order[places + (places >= skip)] if skip >= 0 else order[places]

        lo, hi = 0, len(order) - (skip >= 0)
        if hi > PROBES * PROBES:  # the landmarks narrow it first, from keys already read
            at, ids = self._marks_of(order)
            if skip >= 0:
                keep = at != skip
                at, ids = at[keep] - (at[keep] > skip), ids[keep]
            j = bisect.bisect_left(self._keys_of(ids), key)
            lo = int(at[j - 1]) + 1 if j > 0 else lo
            hi = int(at[j]) if j < len(at) else hi
        while hi > lo:
            if hi - lo <= PROBES:
                return lo + bisect.bisect_left(self._keys_of(ids_at(np.arange(lo, hi))), key)
            picks = np.unique(np.linspace(lo, hi - 1, PROBES).astype(np.int64))
            j = bisect.bisect_left(self._keys_of(ids_at(picks)), key)
            if j > 0:
                lo = int(picks[j - 1]) + 1
            if j < len(picks):
                hi = int(picks[j])
        return lo

    # ---- landmarks: events spread over a long order, kept at their places as it changes

    def mark(self) -> None:
        """Choose a long order's landmarks and read their keys (one query)."""
        if self.case is not None and len(self.ids) > PROBES * PROBES:
            self._keys_of(self._marks_of(self.ids)[1])

    def _marks_of(self, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The landmarks' places and events; chosen afresh when they are not where they were
        kept (a first search, an order set from outside)."""
        at = self._mark_at
        if not (len(at) and at[-1] < len(order) and np.array_equal(order[at], self._mark_ids)):
            stride = max(PROBES, len(order) // MARKS)
            at = np.arange(stride // 2, len(order), stride, dtype=np.int64)
            self._mark_at, self._mark_ids = at, order[at]
        return self._mark_at, self._mark_ids

    def _delete(self, order: np.ndarray, at: int) -> np.ndarray:
        """``order`` without its entry at ``at``; the landmarks follow."""
        if (self._mark_at == at).any():
            keep = self._mark_at != at
            self._mark_at, self._mark_ids = self._mark_at[keep], self._mark_ids[keep]
        self._mark_at[self._mark_at > at] -= 1
        return growable.delete(order, at)

    def _marks_moved(self, old: int, new: int) -> None:
        """The entry at ``old`` moved to ``new`` (a landmark there is dropped: its key changed)."""
        at = self._mark_at
        if (at == old).any():
            keep = at != old
            self._mark_at, self._mark_ids = at[keep], self._mark_ids[keep]
            at = self._mark_at
        if new > old:
            at[(at > old) & (at <= new)] -= 1
        elif new < old:
            at[(at >= new) & (at < old)] += 1

    def _in_place(self, order: np.ndarray, at: int, record: EventRecord, changed: set[int]) -> bool:
        """Whether the event at ``at`` (now ``record``) still sorts between its nearest
        neighbours that are not in ``changed``."""
        key = order_key(record)
        before, after = at - 1, at + 1
        while before >= 0 and int(order[before]) in changed:
            before -= 1
        while after < len(order) and int(order[after]) in changed:
            after += 1
        sides = [k for k in (before, after) if 0 <= k < len(order)]
        keys = dict(zip(sides, self._keys_of(order[sides]), strict=True))  # one query
        return keys.get(before, key) <= key <= keys.get(after, key)

    def _keys_of(self, ids: np.ndarray) -> list[tuple[int, ...]]:
        """The date-order keys of ``ids``: from rows already read, else one small query
        (kept until the event changes)."""
        wanted = [int(i) for i in ids]
        missing = []
        for i in wanted:
            if i not in self._keys:
                cached = self.cache.get(i)
                if cached is not None:
                    self._keys[i] = order_key(cached)
                else:
                    missing.append(i)
        if missing:
            self._keys.update(self.case.order_keys(missing))
        return [self._keys[i] for i in wanted]
