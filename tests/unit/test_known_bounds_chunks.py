"""Whole-case measures made a slice at a time (no temporaries as big as the case) give what
the whole-array forms give: the known bounds, the case span, the events that end last."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.columns import (
    FLAG_OPEN_END,
    FLAG_OPEN_START,
    FLAG_SPAN,
    EventColumns,
    build_event_columns,
)
from app.domain.known_bounds import (
    case_span,
    known_bounds,
    known_bounds_chunks,
    known_extent,
    latest_known,
)
from app.timeline.index import TimelineIndex

DAY = 86_400
FLAGS = (0, FLAG_SPAN, FLAG_OPEN_START, FLAG_OPEN_END, FLAG_SPAN | FLAG_OPEN_END,
         FLAG_SPAN | FLAG_OPEN_START | FLAG_OPEN_END)  # fmt: skip


def columns(starts: list[int], lengths: list[int], flags: list[int]) -> EventColumns:
    rows = sorted(
        (
            (i + 1, s * DAY, s * DAY + DAY, s * DAY + DAY, s * DAY + DAY + n * DAY, 2, 0, 0, f,
             f"event {i + 1}")
            for i, (s, n, f) in enumerate(zip(starts, lengths, flags, strict=False))
        ),
        key=lambda r: (r[1], r[0]),
    )  # fmt: skip
    return build_event_columns(rows, [])


events = st.integers(0, 120).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-50, 50), min_size=n, max_size=n),  # few values: many ties
        st.lists(st.integers(0, 30), min_size=n, max_size=n),
        st.lists(st.sampled_from(FLAGS), min_size=n, max_size=n),
    )
)


def whole(cols: EventColumns) -> tuple[np.ndarray, np.ndarray]:
    return known_extent(cols.start_lo, cols.start_hi, cols.end_lo, cols.end_hi, cols.flags)


@settings(max_examples=150, deadline=None)
@given(events, st.integers(1, 9), st.integers(1, 12))
def test_slices_give_the_whole_arrays_answers(data, size: int, k: int) -> None:
    cols = columns(*data)
    lo, hi = whole(cols) if len(cols) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    got_lo, got_hi = known_bounds(cols)
    np.testing.assert_array_equal(got_lo, lo)
    np.testing.assert_array_equal(got_hi, hi)
    parts = list(known_bounds_chunks(cols, size))
    assert [at for at, _, _ in parts] == list(range(0, len(cols), size))
    if len(cols):
        np.testing.assert_array_equal(np.concatenate([p[1] for p in parts]), lo)
        assert case_span(cols) == (int(lo.min()), int(hi.max()))
    else:
        assert case_span(cols) is None
    expected = np.argsort(hi, kind="stable")[-k:]
    np.testing.assert_array_equal(latest_known(cols, k, size), expected)


def test_latest_known_breaks_ties_by_position_across_slices() -> None:
    cols = columns([0] * 10, [5] * 10, [0] * 10)  # ten events ending together
    assert latest_known(cols, 3, size=4).tolist() == [7, 8, 9]
    assert latest_known(cols, 20, size=4).tolist() == list(range(10))


def test_showing_the_same_events_again_keeps_the_lanes_built() -> None:
    cols = columns([1, 2, 3], [0, 4, 0], [0, FLAG_SPAN, 0])
    index = TimelineIndex(cols)
    lanes = index.lanes
    index.set_visible(None)  # the filter panel's "no filter" when none was on
    assert index.lanes is lanes and index.cols is cols
    index.set_visible([1, 3])
    assert index.cols.ids.tolist() == [1, 3] and index.lanes is not lanes
    shown = index.lanes
    index.set_visible({3, 1})  # the same events
    assert index.lanes is shown
    index.set_visible(None)
    assert index.cols is cols and len(index.lanes.members[0]) == 3
