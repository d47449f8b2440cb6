"""Lanes and frame layout: imprecise extents, labels that never collide, clusters and strips."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.columns import (
    FLAG_KEY,
    FLAG_SPAN,
    PRECISION_CODES,
    QUALIFIER_CODES,
    EventColumns,
    build_event_columns,
)
from app.domain.dates import FuzzyDate
from app.domain.instants import to_seconds
from app.timeline.layout import (
    ALL_EVENTS,
    NO_GROUP,
    Frame,
    Item,
    Lanes,
    build_lanes,
    layout_frame,
)
from app.timeline.scale import TimeScale

DAY = 86400
YEAR = 365.25 * DAY


def text_width(label: str) -> float:
    return 7.0 * len(label)


def row_of(event_id: int, start: FuzzyDate, end: FuzzyDate | None, title: str) -> tuple:
    lo, hi = to_seconds(start.earliest), to_seconds(start.latest)
    end_lo, end_hi = (to_seconds(end.earliest), to_seconds(end.latest)) if end else (hi, hi)
    flags = FLAG_SPAN if end else 0
    return (
        event_id,
        lo,
        hi,
        end_lo,
        end_hi,
        PRECISION_CODES[start.precision],
        QUALIFIER_CODES[start.qualifier],
        0,
        flags,
        title,
    )


def columns(rows: list[tuple], undated: list[tuple] = ()) -> EventColumns:  # type: ignore[assignment]
    return build_event_columns(sorted(rows, key=lambda r: (r[1], r[0])), list(undated))


def synthetic(n: int, seed: int = 7, days: int = 3650, span_share: float = 0.2) -> EventColumns:
    """n day-precision events from 2008 on, some of them spans of 1 day to 2 years."""
    rng = np.random.default_rng(seed)
    base = to_seconds(datetime(2008, 1, 1))
    lo = np.sort(base + rng.integers(0, days, n) * DAY)
    hi = lo + DAY
    spans = rng.random(n) < span_share
    length = np.exp(rng.uniform(np.log(DAY), np.log(730 * DAY), n)).astype(np.int64) // DAY * DAY
    end_lo = np.where(spans, hi + length, hi)
    end_hi = np.where(spans, end_lo + DAY, hi)
    flags = np.where(spans, FLAG_SPAN, 0)
    numbers = np.column_stack(
        [
            np.arange(1, n + 1),
            lo,
            hi,
            end_lo,
            end_hi,
            np.full(n, 2),
            np.zeros(n),
            np.zeros(n),
            flags,
        ]
    ).astype(np.int64)
    # The columns straight from the arrays (what build_event_columns makes of these rows, see
    # test_synthetic_columns_are_built_columns, without a Python tuple per event).
    return EventColumns(
        ids=numbers[:, 0].copy(),
        start_lo=numbers[:, 1].copy(),
        start_hi=numbers[:, 2].copy(),
        end_lo=numbers[:, 3].copy(),
        end_hi=numbers[:, 4].copy(),
        precision=numbers[:, 5].astype(np.uint8),
        qualifier=numbers[:, 6].astype(np.uint8),
        status=numbers[:, 7].astype(np.uint8),
        flags=numbers[:, 8].astype(np.uint8),
        titles=[f"event {i}" for i in range(1, n + 1)],
        undated_ids=np.zeros(0, np.int64),
        undated_titles=[],
        undated_status=np.zeros(0, np.uint8),
        undated_flags=np.zeros(0, np.uint8),
    )


def test_synthetic_columns_are_built_columns() -> None:
    made = synthetic(3000, seed=3)
    rows = [
        (int(i), lo, hi, elo, ehi, 2, 0, 0, int(f), title)
        for i, lo, hi, elo, ehi, f, title in zip(
            made.ids.tolist(),
            made.start_lo.tolist(),
            made.start_hi.tolist(),
            made.end_lo.tolist(),
            made.end_hi.tolist(),
            made.flags.tolist(),
            made.titles,
            strict=True,
        )
    ]
    built = build_event_columns(rows, [])
    for name, value in vars(built).items():
        mine = getattr(made, name)
        if isinstance(value, np.ndarray):
            assert mine.dtype == value.dtype and np.array_equal(mine, value), name
        else:
            assert mine == value, name


def brute_visible(cols: EventColumns, members: np.ndarray, t0: float, t1: float) -> set[int]:
    keep = (cols.start_lo[members] < t1) & (cols.end_hi[members] > t0)
    return set(members[keep].tolist())


def assert_labels_disjoint(frame: Frame) -> None:
    by_row: dict[tuple[int, int], list[Item]] = {}
    for item in frame.items:
        if item.label:
            assert item.label_w == text_width(item.label)
            by_row.setdefault((item.lane, item.row), []).append(item)
    for row_items in by_row.values():
        row_items.sort(key=lambda it: it.label_x)
        for a, b in zip(row_items, row_items[1:], strict=False):
            assert a.label_x + a.label_w < b.label_x, (a, b)


def represented(frame: Frame, lane: int) -> int:
    items = sum(it.count for it in frame.items if it.lane == lane)
    return items + sum(int(s.counts.sum()) for s in frame.strips if s.lane == lane)


# --- extents ---------------------------------------------------------------------------------


def test_a_year_precision_event_spans_the_whole_year() -> None:
    cols = columns([row_of(1, FuzzyDate.parse("2013"), None, "Something in 2013")])
    lanes = build_lanes(cols, None)
    scale = TimeScale.fit(to_seconds(datetime(2012, 1, 1)), to_seconds(datetime(2015, 1, 1)), 900)
    frame = layout_frame(cols, lanes, scale, text_width)
    (item,) = frame.items
    assert item.kind == "event" and item.event_id == 1 and item.count == 1
    assert item.x0 == scale.x_of(to_seconds(datetime(2013, 1, 1)))
    assert item.x1 == scale.x_of(to_seconds(datetime(2014, 1, 1)))
    assert item.core1 <= item.core0  # nothing in "2013" is a certain instant
    assert item.label == "Something in 2013"
    assert item.label_x >= item.x0


def test_span_core_and_precise_point() -> None:
    rows = [
        row_of(1, FuzzyDate.parse("March 2013"), FuzzyDate.parse("June 2013"), "span"),
        row_of(2, FuzzyDate.parse("25 March 2013"), None, "day"),
    ]
    cols = columns(rows)
    scale = TimeScale.fit(to_seconds(datetime(2013, 1, 1)), to_seconds(datetime(2014, 1, 1)), 900)
    items = {
        it.event_id: it
        for it in layout_frame(cols, build_lanes(cols, None), scale, text_width).items
    }
    span, day = items[1], items[2]
    assert span.x0 == scale.x_of(to_seconds(datetime(2013, 3, 1)))
    assert span.x1 == scale.x_of(to_seconds(datetime(2013, 7, 1)))
    assert span.core0 == scale.x_of(to_seconds(datetime(2013, 4, 1)))
    assert span.core1 == scale.x_of(to_seconds(datetime(2013, 6, 1)))
    assert (day.core0, day.core1) == (day.x0, day.x1)


# --- lanes -----------------------------------------------------------------------------------


def test_lanes_group_sort_and_keep_undated() -> None:
    rows = [
        row_of(1, FuzzyDate.parse("2013"), None, "a"),
        row_of(2, FuzzyDate.parse("2012"), None, "b"),
        row_of(3, FuzzyDate.parse("2014"), None, "c"),
    ]
    undated = [
        (10, None, None, None, None, 0, 0, 0, 0, "loose"),
        (11, None, None, None, None, 0, 0, 0, 0, "loose too"),
    ]
    cols = columns(rows, undated)
    groups = {1: ("fraud", "Banking"), 2: ("fraud",), 10: ("banking",), 99: ("ghost",)}
    lanes = build_lanes(cols, groups)
    assert lanes.titles == ["Banking", "banking", "fraud", NO_GROUP]
    ids = [cols.ids[m].tolist() for m in lanes.members]
    assert ids == [[1], [], [2, 1], [3]]  # sorted by start; event 1 in two lanes
    assert [cols.undated_ids[u].tolist() for u in lanes.undated] == [[], [10], [], [11]]
    whole = build_lanes(cols, None)
    assert whole.titles == [ALL_EVENTS]
    assert cols.ids[whole.members[0]].tolist() == [2, 1, 3]
    assert whole.undated[0].tolist() == [0, 1]


def test_multi_group_events_appear_in_each_lane() -> None:
    cols = columns([row_of(1, FuzzyDate.parse("25 March 2013"), None, "shared")])
    lanes = build_lanes(cols, {1: ["x", "y"]})
    scale = TimeScale.fit(to_seconds(datetime(2013, 1, 1)), to_seconds(datetime(2014, 1, 1)), 900)
    frame = layout_frame(cols, lanes, scale, text_width)
    assert sorted((it.lane, it.event_id) for it in frame.items) == [(0, 1), (1, 1)]
    assert frame.rows == [1, 1]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 400), st.floats(-1e8, 4e8), st.floats(3600, 2e9))
def test_visible_query_matches_brute_force(seed: int, offset: float, span: float) -> None:
    cols = synthetic(300, seed=seed, span_share=0.4)
    lanes = build_lanes(cols, {int(i): (f"g{int(i) % 3}",) for i in cols.ids})
    t0 = to_seconds(datetime(2008, 1, 1)) + offset
    for lane, members in enumerate(lanes.members):
        got = lanes.visible(cols, lane, t0, t0 + span)
        assert got.tolist() == sorted(got.tolist())
        assert set(got.tolist()) == brute_visible(cols, members, t0, t0 + span)
        assert len(got) == len(set(got.tolist()))


# --- packing, clusters, strips ---------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 1000),
    st.floats(0.0, 1.0),
    st.floats(7 * DAY, 15 * YEAR),
    st.integers(1, 6),
    st.sampled_from([300.0, 900.0, 2000.0]),
)
def test_labels_never_intersect_and_counts_add_up(
    seed: int, where: float, span: float, max_rows: int, width: float
) -> None:
    cols = synthetic(1500, seed=seed)
    lanes = build_lanes(cols, {int(i): (f"lane {int(i) % 3}",) for i in cols.ids})
    center = to_seconds(datetime(2008, 1, 1)) + where * 10 * YEAR
    scale = TimeScale(center - span / 2, center + span / 2, width)
    frame = layout_frame(cols, lanes, scale, text_width, max_rows=max_rows, item_budget=1200)
    assert_labels_disjoint(frame)
    t0 = scale.t_of(-10.0)
    for lane, members in enumerate(lanes.members):
        assert represented(frame, lane) == len(brute_visible(cols, members, t0, scale.end))
        assert 1 <= frame.rows[lane] <= max_rows
    events = [it.event_id for it in frame.items if it.kind == "event"]
    assert len(events) == len(
        set(zip(events, [it.lane for it in frame.items if it.kind == "event"], strict=True))
    )
    for item in frame.items:
        assert item.row < max_rows
        assert item.kind == "event" or (item.label == f"+{item.count}" and item.count >= 2)


def test_clusters_appear_zoomed_out_and_dissolve_zoomed_in() -> None:
    first = datetime(2008, 1, 1)
    cols = columns(
        [
            row_of(i, FuzzyDate.parse(f"{first + timedelta(days=i):%Y-%m-%d}"), None, f"day {i}")
            for i in range(366)
        ]
    )
    lanes = build_lanes(cols, None)
    center = to_seconds(datetime(2008, 7, 1))
    wide = TimeScale(center - YEAR / 2, center + YEAR / 2, 1200.0)
    frame = layout_frame(cols, lanes, wide, text_width, max_rows=4)
    clusters = [it for it in frame.items if it.kind == "cluster"]
    assert clusters and not frame.strips
    assert all(it.row == 3 for it in clusters)
    visible = brute_visible(cols, lanes.members[0], wide.t_of(-10.0), wide.end)
    assert represented(frame, 0) == len(visible) > 300
    close = TimeScale(center - 2 * DAY, center + 2 * DAY, 1200.0)
    frame = layout_frame(cols, lanes, close, text_width, max_rows=4)
    assert frame.items and all(it.kind == "event" for it in frame.items)
    assert_labels_disjoint(frame)


def test_crowded_lane_becomes_a_strip_then_items() -> None:
    cols = synthetic(5000, seed=5)
    lanes = build_lanes(cols, None)
    full = TimeScale.fit(float(cols.start_lo[0]), float(cols.end_hi.max()), 1000.0)
    frame = layout_frame(cols, lanes, full, text_width, item_budget=1000)
    assert frame.items == [] and len(frame.strips) == 1
    strip = frame.strips[0]
    assert int(strip.counts.sum()) == 5000
    assert strip.x0 + strip.bin_px * len(strip.counts) >= 1000.0
    close = full.zoomed(300.0, 500.0)
    frame = layout_frame(cols, lanes, close, text_width, item_budget=1000)
    assert frame.strips == [] and frame.items


def test_collapsed_lanes_give_strips() -> None:
    cols = synthetic(200, seed=1)
    lanes = build_lanes(cols, {int(i): ("odd" if i % 2 else "even",) for i in cols.ids})
    scale = TimeScale.fit(float(cols.start_lo[0]), float(cols.end_hi.max()), 800.0)
    frame = layout_frame(cols, lanes, scale, text_width, collapsed=frozenset({1}))
    assert [s.lane for s in frame.strips] == [1]
    assert frame.rows[1] == 1
    assert int(frame.strips[0].counts.sum()) == len(lanes.members[1])
    assert all(it.lane == 0 for it in frame.items)


def test_hand_made_lanes_without_an_index_still_work() -> None:
    cols = synthetic(100, seed=2)
    lanes = Lanes(["all"], [np.arange(100, dtype=np.int64)], [np.zeros(0, dtype=np.int64)])
    scale = TimeScale.fit(float(cols.start_lo[0]), float(cols.end_hi.max()), 800.0)
    assert represented(layout_frame(cols, lanes, scale, text_width), 0) == 100


def test_empty_case() -> None:
    cols = build_event_columns([], [])
    for groups in (None, {}):
        lanes = build_lanes(cols, groups)
        frame = layout_frame(cols, lanes, TimeScale(0.0, YEAR, 500.0), text_width)
        assert frame.items == [] and frame.strips == []
        assert frame.rows == [1] * len(lanes.titles)


@pytest.mark.slow
def test_a_million_events_at_full_view_are_bounded() -> None:
    cols = synthetic(1_000_000, seed=11)
    lanes = build_lanes(cols, {i: (f"lane {i % 12}",) for i in cols.ids.tolist()})
    scale = TimeScale.fit(float(cols.start_lo[0]), float(cols.end_hi.max()), 1600.0)
    frame = layout_frame(cols, lanes, scale, text_width)
    assert len(frame.items) <= 4000 + 12 * 6
    assert (
        sum(int(s.counts.sum()) for s in frame.strips) + sum(it.count for it in frame.items)
        == 1_000_000
    )
    zoomed = layout_frame(cols, lanes, scale.zoomed(2000.0, 800.0), text_width)
    assert len(zoomed.items) <= 4000 + 12 * 6
    assert_labels_disjoint(zoomed)


def test_a_key_fact_keeps_its_label_when_another_row_can_make_room() -> None:
    """An event added where only a dropped label makes room takes a plain event's label, not
    a key fact's (before, the first row's label went, key fact or not)."""
    day = FuzzyDate.parse
    rows = [
        row_of(1, day("2015-01-01"), None, "Key fact with a long title"),
        row_of(2, day("2015-01-03"), None, "Plain event with a long title"),
        row_of(3, day("2015-01-12"), None, "Newly added"),
    ]
    scale = TimeScale.fit(to_seconds(datetime(2014, 12, 25)), to_seconds(datetime(2015, 3, 1)), 900)

    def labels(key: int | None) -> dict[int, str]:
        marked = [r[:8] + ((r[8] | FLAG_KEY) if r[0] == key else r[8],) + r[9:] for r in rows]
        cols = columns(marked)
        frame = layout_frame(cols, build_lanes(cols, None), scale, text_width, max_rows=2)
        return {it.event_id: it.label for it in frame.items}

    assert labels(None)[1] == ""  # without the mark, the first row's label makes room
    shown = labels(1)
    assert shown[1] == "Key fact with a long title" and shown[2] == "" and shown[3]
