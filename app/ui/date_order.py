"""The store's event order (``Case.event_ids``) kept as an id array, with each new or
re-dated event put in its place by a search that reads only the sort keys it needs.

Each step of the search reads the keys of up to ``PROBES`` evenly spread events in one small
query (``Case.order_keys``), so placing an event among a million takes four such queries;
keys read once are kept until their event changes. No Qt here.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import Any

import numpy as np

from app.domain.records import EventRecord
from app.ui.event_rows import order_key, position

PROBES = 64  # events whose sort keys one query of the search reads


class DateOrder:
    """Event ids in the store's date order, placed by binary search."""

    def __init__(self) -> None:
        self.ids = np.zeros(0, dtype=np.int64)
        self.case: Any = None
        self.cache: Mapping[int, EventRecord] = {}  # rows already read (keys come free)
        self._keys: dict[int, tuple[int, ...]] = {}

    def forget(self, event_id: int | None = None) -> None:
        """Drop the kept key of one event (or of all of them)."""
        if event_id is None:
            self._keys.clear()
        else:
            self._keys.pop(event_id, None)

    def place(
        self,
        deleted: set[int],
        created: set[int],
        updated: set[int],
        fresh: dict[int, EventRecord],
    ) -> list[int]:
        """Take deleted and re-dated events out of the order and put new and re-dated ones
        (``fresh`` holds their records) in; return the ids placed, in the order placed."""
        order = self.ids
        moving = [i for i in sorted(updated) if i in fresh and position(order, i) >= 0]
        moving = [i for i in moving if not self._in_place(order, i, fresh[i])]
        for i in sorted(deleted | set(moving)):
            at = position(order, i)
            if at >= 0:
                order = np.delete(order, at)
        placed = []
        for i in [*sorted(created), *moving]:
            at = self._position_of(order, order_key(fresh[i]))
            order = np.insert(order, at, i)
            placed.append(i)
        self.ids = order
        return placed

    def _position_of(self, order: np.ndarray, key: tuple[int, ...]) -> int:
        """Where ``key`` goes in ``order``: a search that reads the keys of up to ``PROBES``
        evenly spread events per query, so a million rows take four small queries."""
        lo, hi = 0, len(order)
        while hi > lo:
            if hi - lo <= PROBES:
                return lo + bisect.bisect_left(self._keys_of(order[lo:hi]), key)
            picks = np.unique(np.linspace(lo, hi - 1, PROBES).astype(np.int64))
            j = bisect.bisect_left(self._keys_of(order[picks]), key)
            if j > 0:
                lo = int(picks[j - 1]) + 1
            if j < len(picks):
                hi = int(picks[j])
        return lo

    def _in_place(self, order: np.ndarray, event_id: int, record: EventRecord) -> bool:
        """Whether ``event_id`` (now ``record``) still sorts between its neighbours."""
        at = position(order, event_id)
        key = order_key(record)
        first = max(at - 1, 0)
        keys = self._keys_of(order[first : at + 2])
        before_ok = at == 0 or keys[0] <= key
        after_ok = at + 1 >= len(order) or key <= keys[at + 1 - first]
        return before_ok and after_ok

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
