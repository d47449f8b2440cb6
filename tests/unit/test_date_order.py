"""The table's date order (app.ui.date_order.DateOrder) patched by change sets, against the
order sorted afresh. Pure: a stand-in case answers the sort-key queries."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from app.domain.dates import FuzzyDate
from app.ui.date_order import PROBES, DateOrder
from app.ui.event_rows import order_key


class KeysCase:
    """Answers ``order_keys`` from the current records, counting the queries."""

    def __init__(self, records: dict[int, Any]) -> None:
        self.records = records
        self.queries = 0

    def order_keys(self, ids: list[int]) -> dict[int, tuple[int, ...]]:
        self.queries += 1
        return {int(i): order_key(self.records[int(i)]) for i in ids}


def record(event_id: int, rng: random.Random) -> Any:
    if rng.random() < 0.05:
        return SimpleNamespace(id=event_id, start=None)
    text = f"{2000 + rng.randrange(4)}-{1 + rng.randrange(12):02d}"
    if rng.random() < 0.7:
        text += f"-{1 + rng.randrange(28):02d}"
    if rng.random() < 0.1:
        text = "before " + text
    return SimpleNamespace(id=event_id, start=FuzzyDate.parse(text))


def fresh_order(records: dict[int, Any]) -> list[int]:
    return sorted(records, key=lambda i: order_key(records[i]))


def make(records: dict[int, Any]) -> tuple[DateOrder, KeysCase]:
    order = DateOrder()
    case = KeysCase(records)
    order.case = case
    order.ids = np.array(fresh_order(records), dtype=np.int64)
    return order, case


@pytest.mark.parametrize("seed", range(6))
def test_random_change_sets_keep_the_order(seed: int) -> None:
    rng = random.Random(seed)
    records = {i: record(i, rng) for i in range(1, 400)}
    order, _case = make(records)
    next_id = 400
    for _ in range(60):
        deleted, created, updated = set(), set(), set()
        for _ in range(rng.choice([1, 1, 1, 2, 4])):
            what = rng.random()
            if what < 0.2 and records:
                i = rng.choice(sorted(records))
                del records[i]
                deleted.add(i)
            elif what < 0.4:
                records[next_id] = record(next_id, rng)
                created.add(next_id)
                next_id += 1
            elif records:
                i = rng.choice(sorted(records))
                records[i] = record(i, rng)
                updated.add(i)
        updated -= created | deleted
        created -= deleted
        for i in deleted | created | updated:
            order.forget(i)
        fresh = {i: records[i] for i in created | updated}
        placed = order.place(deleted, created, updated, fresh)
        assert set(placed) <= created | updated
        assert created <= set(placed)
        expected = fresh_order(records)
        assert order.ids.tolist() == expected
        for i in [*placed, *deleted, rng.choice(expected)]:
            assert order.where(i) == (expected.index(i) if i in records else -1)


def test_one_re_dated_event_among_many_takes_a_few_small_queries() -> None:
    rng = random.Random(1)
    records = {i: record(i, rng) for i in range(1, 20_001)}
    order, case = make(records)
    order.ids = growable_copy(order.ids)
    buffer = order.ids.base
    records[77] = SimpleNamespace(id=77, start=FuzzyDate.parse("2003-12-31"))
    order.forget(77)
    assert order.place(set(), set(), {77}, {77: records[77]}) == [77]
    assert order.ids.tolist() == fresh_order(records)
    assert order.ids.base is buffer  # moved in place, not copied
    # neighbours, then a search of PROBES keys a step: far fewer queries than events
    assert case.queries <= 2 + 20_000 // PROBES // PROBES + 2


def growable_copy(ids: np.ndarray) -> np.ndarray:
    from app.domain import growable

    return growable.delete(growable.insert(ids, 0, -1), 0)


def test_an_update_that_keeps_the_date_reads_no_keys() -> None:
    rng = random.Random(3)
    records = {i: record(i, rng) for i in range(1, 400)}
    order, case = make(records)
    order.cache = {200: records[200]}  # the one row the table has read
    before = order.ids.copy()
    order.forget(200)  # the table forgets the changed event: its old key is kept
    records[200] = SimpleNamespace(id=200, start=records[200].start)  # a new title, same date
    placed = order.place(set(), set(), {200}, {200: records[200]})
    assert case.queries == 0 and placed == [] and order.ids.tolist() == before.tolist()
    order.forget(200)
    records[200] = SimpleNamespace(id=200, start=FuzzyDate.parse("1990-01-01"))  # re-dated
    order.cache = {200: records[200]}
    order.place(set(), set(), {200}, {200: records[200]})
    assert order.ids.tolist() == fresh_order(records) != before.tolist()  # it moved


def test_landmarks_of_a_long_order_follow_its_changes() -> None:
    rng = random.Random(11)
    records = {i: record(i, rng) for i in range(1, 12_001)}
    order, case = make(records)
    order.ids = growable_copy(order.ids)
    next_id = 12_001
    for step in range(40):
        deleted, created, updated = set(), set(), set()
        what = rng.random()
        if what < 0.3:
            deleted.add(rng.choice(sorted(records)))
            del records[next(iter(deleted))]
        elif what < 0.6:
            records[next_id] = record(next_id, rng)
            created.add(next_id)
            next_id += 1
        else:
            i = rng.choice(sorted(records))
            records[i] = record(i, rng)
            updated.add(i)
        for i in deleted | created | updated:
            order.forget(i)
        case.queries = 0
        order.place(deleted, created, updated, {i: records[i] for i in created | updated})
        assert order.ids.tolist() == fresh_order(records)
        # the landmarks moved with the order: still where they were kept, none chosen again
        assert order.ids[order._mark_at].tolist() == order._mark_ids.tolist()
        if step > 0:  # their keys were read by the first search: a search reads two steps
            assert case.queries <= 3
