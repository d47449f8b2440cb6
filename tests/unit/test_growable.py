"""Arrays edited in place (app.domain.growable) against plain numpy and list operations."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import growable


def test_insert_into_a_plain_array_leaves_room_and_keeps_the_input() -> None:
    plain = np.array([1, 2, 4], dtype=np.int64)
    grown = growable.insert(plain, 2, 3)
    assert grown.tolist() == [1, 2, 3, 4]
    assert plain.tolist() == [1, 2, 4]  # a new buffer: the input is untouched
    assert grown.base is not None and len(grown.base) > len(grown)


def test_later_inserts_reuse_the_buffer() -> None:
    grown = growable.insert(np.arange(10, dtype=np.int64), 0, -1)
    buffer = grown.base
    for k in range(5):
        grown = growable.insert(grown, 3, 100 + k)
        assert grown.base is buffer
    assert grown.tolist() == [-1, 0, 1, 104, 103, 102, 101, 100, *range(2, 10)]


def test_delete_is_in_place_and_keeps_the_room() -> None:
    grown = growable.insert(np.arange(5, dtype=np.int32), 5, 5)
    buffer = grown.base
    shorter = growable.delete(grown, 0)
    assert shorter.tolist() == [1, 2, 3, 4, 5]
    assert shorter.base is buffer and shorter.dtype == np.int32
    again = growable.insert(shorter, 5, 6)
    assert again.base is buffer and again.tolist() == [1, 2, 3, 4, 5, 6]


def test_a_slice_of_a_bigger_array_is_not_taken_for_room() -> None:
    whole = np.arange(10, dtype=np.int64)
    middle = whole[2:5]  # shares memory with whole, but not from its start
    grown = growable.insert(middle, 1, 99)
    assert grown.tolist() == [2, 99, 3, 4]
    assert whole.tolist() == list(range(10))
    strided = whole[::2]
    assert growable.insert(strided, 0, 7).tolist() == [7, 0, 2, 4, 6, 8]
    assert whole.tolist() == list(range(10))


def test_bad_positions_raise() -> None:
    a = np.arange(3, dtype=np.int64)
    with pytest.raises(IndexError):
        growable.insert(a, 4, 0)
    with pytest.raises(IndexError):
        growable.delete(a, 3)
    with pytest.raises(IndexError):
        growable.delete(np.zeros(0, dtype=np.int64), 0)


def test_find() -> None:
    a = np.array([5, 3, 9, 3], dtype=np.int64)
    assert growable.find(a, 3) == 1
    assert growable.find(a, 5) == 0
    assert growable.find(a, 4) == -1
    assert growable.find(np.zeros(0, dtype=np.int64), 4) == -1


@pytest.mark.parametrize(("old", "new"), [(0, 4), (4, 0), (2, 2), (1, 3), (3, 1)])
def test_move_matches_take_out_and_put_back(old: int, new: int) -> None:
    a = np.arange(5, dtype=np.int64) * 10
    expected = a.tolist()
    expected.pop(old)
    expected.insert(new, 99)
    growable.move(a, old, new, 99)
    assert a.tolist() == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("idm"), st.integers(0, 10**6)), max_size=80))
def test_random_edits_match_a_list(steps: list[tuple[str, int]]) -> None:
    rng = random.Random(len(steps))
    model: list[int] = list(range(rng.randrange(0, 40)))
    array = np.array(model, dtype=np.int64)
    for kind, value in steps:
        if kind == "i":
            at = value % (len(model) + 1)
            model.insert(at, value)
            array = growable.insert(array, at, value)
        elif kind == "d" and model:
            at = value % len(model)
            model.pop(at)
            array = growable.delete(array, at)
        elif kind == "m" and model:
            old, new = value % len(model), (value // 7) % len(model)
            model.pop(old)
            model.insert(new, value)
            growable.move(array, old, new, value)
        assert array.tolist() == model
        if model:
            assert growable.find(array, model[-1]) == model.index(model[-1])


def test_find_checks_the_hint_first() -> None:
    a = np.array([5, 3, 9, 4], dtype=np.int64)
    assert growable.find(a, 9, hint=2) == 2
    assert growable.find(a, 9, hint=0) == 2  # a wrong hint: searched
    assert growable.find(a, 9, hint=17) == 2
    assert growable.find(a, 7, hint=1) == -1


def test_strided_arrays_move_and_delete_like_contiguous_ones() -> None:
    whole = np.arange(20, dtype=np.int64)
    strided = whole[::2]  # not contiguous: the slow path, same results
    expected = strided.tolist()
    expected.pop(1)
    expected.insert(6, -5)
    growable.move(strided, 1, 6, -5)
    assert strided.tolist() == expected
    plain = np.arange(0, 20, 2, dtype=np.int64)
    growable.move(plain, 1, 6, -5)
    assert plain.tolist() == expected
    assert growable.delete(np.arange(20, dtype=np.int64)[::3], 2).tolist() == [0, 3, 9, 12, 15, 18]
