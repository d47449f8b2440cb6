"""The timeline index patched by change sets equals one built from scratch."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.columns import build_event_columns
from app.timeline.index import TimelineIndex
from app.timeline.layout import layout_frame
from app.timeline.scale import TimeScale

DAY = 86_400
GROUP_NAMES = ("alpha", "Beta", "gamma", "(none)")


def row(event_id: int, start: int | None, length: int, status: int = 0) -> tuple:
    if start is None:
        return (event_id, None, None, None, None, 0, 0, status, 0, f"undated {event_id}")
    return (event_id, start, start + DAY, start + DAY, start + DAY + length, 2, 0, status,
            2 if length else 0, f"event {event_id}")  # fmt: skip


def fresh(rows: dict[int, tuple], groups, visible) -> TimelineIndex:
    dated = sorted((r for r in rows.values() if r[1] is not None), key=lambda r: (r[1], r[0]))
    undated = sorted((r for r in rows.values() if r[1] is None), key=lambda r: r[0])
    return TimelineIndex(build_event_columns(dated, undated), groups, visible)


def assert_same(patched: TimelineIndex, built: TimelineIndex) -> None:
    for which in ("all_cols", "cols"):
        a, b = getattr(patched, which), getattr(built, which)
        for name in ("ids", "start_lo", "start_hi", "end_lo", "end_hi", "precision",
                     "qualifier", "status", "flags", "undated_ids", "undated_status",
                     "undated_flags"):  # fmt: skip
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
            assert getattr(a, name).dtype == getattr(b, name).dtype, name
        assert a.titles == b.titles and a.undated_titles == b.undated_titles
    for event_id in patched.all_cols.ids.tolist()[:5] + patched.all_cols.undated_ids.tolist()[:2]:
        assert patched.position(event_id) == built.all_cols.position(event_id)
    pl, bl = patched.lanes, built.lanes
    assert pl.titles == bl.titles
    for k in range(len(bl.titles)):
        np.testing.assert_array_equal(pl.members[k], bl.members[k])
        np.testing.assert_array_equal(pl.undated[k], bl.undated[k])
        pi, bi = pl.lane_index(patched.cols, k), bl.lane_index(built.cols, k)
        np.testing.assert_array_equal(pi.starts, bi.starts)
        assert len(pi.classes) == len(bi.classes)
        for pc, bc in zip(pi.classes, bi.classes, strict=True):
            for x, y in zip(pc[:3], bc[:3], strict=True):
                np.testing.assert_array_equal(x, y)
            assert pc[3:] == bc[3:]
    # and they lay out the same frame
    if len(built.cols):
        lo = float(built.cols.start_lo.min()) - DAY
        hi = float(built.cols.end_hi.max()) + DAY
        scale = TimeScale.fit(lo, hi, 900)
        a = layout_frame(patched.cols, patched.lanes, scale, lambda t: 6.0 * len(t))
        b = layout_frame(built.cols, built.lanes, scale, lambda t: 6.0 * len(t))
        assert a == b


starts = st.one_of(st.none(), st.integers(0, 40).map(lambda d: d * DAY * 30))
lengths = st.sampled_from([0, 0, DAY, 40 * DAY, 900 * DAY])
group_sets = st.lists(st.sampled_from(GROUP_NAMES), max_size=2).map(tuple)
ops = st.lists(
    st.tuples(
        st.sampled_from(["create", "update", "delete", "filter", "group"]),
        st.integers(0, 10_000),
        starts,
        lengths,
        group_sets,
        st.integers(0, 3),
    ),
    max_size=25,
)


@settings(max_examples=150)
@given(
    initial=st.lists(st.tuples(starts, lengths, group_sets), max_size=30),
    grouped=st.booleans(),
    operations=ops,
)
def test_patched_index_equals_a_fresh_one(initial, grouped, operations) -> None:
    rows = {i + 1: row(i + 1, s, n) for i, (s, n, _g) in enumerate(initial)}
    groups = {i + 1: g for i, (_s, _n, g) in enumerate(initial) if g} if grouped else None
    visible: set[int] | None = None
    index = fresh(rows, groups, visible)
    next_id = len(rows) + 1
    for op, pick, start, length, names, status in operations:
        existing = sorted(rows)
        if op == "create" or (op in ("update", "delete") and not existing):
            event_id, next_id = next_id, next_id + 1
            removed: list[int] = []
        elif op in ("update", "delete"):
            event_id, removed = existing[pick % len(existing)], []
        if op == "filter":
            visible = None if visible is not None else {i for i in rows if i % 2 == 0}
            index.set_visible(visible)
        elif op == "group":
            groups = None if groups is not None else {}
            index.set_groups(groups)
        elif op == "delete" and existing:
            del rows[event_id]
            if groups is not None:
                groups.pop(event_id, None)
            if visible is not None:
                visible.discard(event_id)
            index.patch([], [], [event_id])
        else:
            new = row(event_id, start, length, status)
            rows[event_id] = new
            if groups is not None:
                groups.pop(event_id, None)
                if names:
                    groups[event_id] = names
            shown = event_id % 3 != 0
            if visible is not None:
                visible.discard(event_id)
                if shown:
                    visible.add(event_id)
            dated = [new] if new[1] is not None else []
            undated = [new] if new[1] is None else []
            index.patch(
                dated,
                undated,
                removed,
                groups=None if groups is None else {event_id: names},
                visible=[event_id] if shown else [],
            )
        assert_same(index, fresh(rows, groups, visible))


def test_a_patch_of_several_events_at_once() -> None:
    rows = {i: row(i, i * DAY, 0) for i in range(1, 50)}
    index = fresh(rows, {i: ("a" if i % 2 else "b",) for i in rows}, None)
    changed = [row(3, 70 * DAY, 40 * DAY), row(60, None, 0), row(61, 5 * DAY, 0)]
    for r in changed:
        rows[r[0]] = r
    del rows[10], rows[11]
    groups = {i: ("a" if i % 2 else "b",) for i in rows}
    index.patch(
        [changed[0], changed[2]], [changed[1]], [10, 11], groups={3: ("a",), 60: ("b",), 61: ("a",)}
    )
    assert_same(index, fresh(rows, groups, None))


def test_position_checks_where_an_event_was_put_and_follows_shifts() -> None:
    rows = {i: row(i, i * DAY * 3, DAY if i % 3 else 0) for i in range(1, 40)}
    index = fresh(rows, None, None)
    rows[5] = row(5, 200 * DAY, 0)  # 5 moves to the end
    index.patch([rows[5]], [], [])
    assert index.position(5) == 38 == index.all_cols.position(5)
    index.patch([], [], [2])  # everything after 2 shifts down: the hint for 5 is stale
    assert index.position(5) == 37 == index.all_cols.position(5)
    assert index.position(2) is None
    assert_same(index, fresh({k: v for k, v in rows.items() if k != 2}, None, None))
