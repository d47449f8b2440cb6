"""A big case's data is exempted from the cyclic garbage collector once read (app.ui.heap)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from app.ui.heap import BIG_CASE, settle


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_small_case_leaves_the_collector_alone() -> None:
    settle(BIG_CASE - 1)
    assert gc.get_freeze_count() == 0


def test_a_big_case_collects_once_then_freezes_what_is_alive() -> None:
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    kept = [Node() for _ in range(10)]
    settle(BIG_CASE)
    assert gone() is None  # collected before the freeze, not kept for ever
    assert gc.get_freeze_count() > 0
    assert not any(o is kept[0] for o in gc.get_objects())  # frozen: no longer walked
    del kept
    settle(BIG_CASE)  # the next big case: thawed, collected, frozen again
    assert gc.get_freeze_count() > 0
