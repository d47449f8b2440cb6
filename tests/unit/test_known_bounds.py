"""Known bounds of open-ended dates: the case span, the store's span and the layout never
stretch to the limits of the calendar because of a "before" or "after" date."""

from __future__ import annotations

import random
from datetime import datetime

import numpy as np
import pytest

from app.domain.columns import (
    FLAG_OPEN_END,
    FLAG_OPEN_START,
    FLAG_SPAN,
    EventColumns,
    build_event_columns,
)
from app.domain.dates import FuzzyDate
from app.domain.instants import to_seconds
from app.domain.known_bounds import (
    case_span,
    known_at,
    known_bounds,
    known_extent,
    known_interval,
    open_flags,
    span_of_groups,
)
from app.store.case import Case
from app.timeline.drawn import ARROW_PX, drawn_extent, fit_scale, zoom_range
from app.timeline.layout import build_lanes, layout_frame
from app.timeline.scale import MAX_SPAN, YEAR_SECONDS, TimeScale


def s(year: int, month: int = 1, day: int = 1) -> int:
    return to_seconds(datetime(year, month, day))


def add(case: Case, start: str, end: str | None = None, title: str | None = None) -> None:
    case.create_event(
        title=title or f"{start} - {end}",
        start=FuzzyDate.parse(start),
        end=FuzzyDate.parse(end) if end else None,
        status="alleged",
    )


def text_width(text: str) -> float:
    return 6.0 * len(text)


def test_open_flags_follow_the_qualifiers() -> None:
    assert open_flags("before", None) == FLAG_OPEN_START
    assert open_flags("after", None) == FLAG_OPEN_END
    assert open_flags("exact", None) == 0
    assert open_flags("between", None) == 0
    assert open_flags("circa", None) == 0
    assert open_flags("before", "after") == FLAG_OPEN_START | FLAG_OPEN_END
    assert open_flags("after", "exact") == 0  # a span that starts "after" ends at a known date
    assert open_flags("exact", "after") == FLAG_OPEN_END


def test_the_store_flags_open_sides(new_case: Case) -> None:
    add(new_case, "before 2010")
    add(new_case, "after 2016")
    add(new_case, "2013")
    add(new_case, "before 2011", "2014")
    add(new_case, "2015", "after 2016")
    add(new_case, "between 2012 and 2013")
    cols = new_case.timeline_columns()
    by_title = {t: int(f) for t, f in zip(cols.titles, cols.flags, strict=True)}
    opened = FLAG_OPEN_START | FLAG_OPEN_END
    assert by_title["before 2010 - None"] & opened == FLAG_OPEN_START
    assert by_title["after 2016 - None"] & opened == FLAG_OPEN_END
    assert by_title["2013 - None"] & opened == 0
    assert by_title["between 2012 and 2013 - None"] & opened == 0
    assert by_title["before 2011 - 2014"] & opened == FLAG_OPEN_START
    assert by_title["2015 - after 2016"] & opened == FLAG_OPEN_END


def test_known_bounds_of_each_kind(new_case: Case) -> None:
    add(new_case, "before 2010")
    add(new_case, "after 2016")
    add(new_case, "2013")
    add(new_case, "before 2011", "2014")
    add(new_case, "2015", "after 2016")
    add(new_case, "circa 2004")
    add(new_case, "before 2008", "after 2009")
    cols = new_case.timeline_columns()
    lo, hi = known_bounds(cols)
    got = {t: (int(a), int(b)) for t, a, b in zip(cols.titles, lo, hi, strict=True)}
    assert got["before 2010 - None"] == (s(2010), s(2010))  # only its latest bound is known
    assert got["after 2016 - None"] == (s(2017), s(2017))  # only its earliest bound is known
    assert got["2013 - None"] == (s(2013), s(2014))
    assert got["before 2011 - 2014"] == (s(2011), s(2015))
    assert got["2015 - after 2016"] == (s(2015), s(2017))
    assert got["circa 2004 - None"] == (s(2003), s(2006))
    assert got["before 2008 - after 2009"] == (s(2008), s(2010))
    for i in range(len(cols)):
        assert known_at(cols, i) == got[cols.titles[i]]


@pytest.mark.parametrize(
    ("dates", "span"),
    [
        (["before 2010"], (s(2010), s(2010))),
        (["after 2016"], (s(2017), s(2017))),
        (["before 2010", "2013", "after 2016"], (s(2010), s(2017))),
        (["2013", "March 2014"], (s(2013), s(2014, 4))),
    ],
)
def test_case_span_counts_only_known_bounds(
    new_case: Case, dates: list[str], span: tuple[int, int]
) -> None:
    for text in dates:
        add(new_case, text)
    assert case_span(new_case.timeline_columns()) == span
    stats = new_case.stats()  # what info reports
    assert stats.first is not None and stats.last is not None
    assert to_seconds(datetime.fromisoformat(stats.first)) == span[0]
    assert to_seconds(datetime.fromisoformat(stats.last)) == span[1]


def test_no_dated_events_no_span(new_case: Case) -> None:
    new_case.create_event(title="undated", start=None, status="alleged")
    assert case_span(new_case.timeline_columns()) is None
    assert new_case.stats().first is None and new_case.stats().last is None
    assert span_of_groups([]) is None


FORMS = ("2013", "March 2014", "circa 2004", "before 2010", "after 2016", "25 March 2019",
         "between March 2013 and June 2014", "before June 2001", "after 12 May 2020")  # fmt: skip
ENDS = (None, None, "2021", "after 2022", "before 2023", "circa 2024", "June 2025")


def test_the_store_span_equals_the_pure_span(new_case: Case) -> None:
    """The store aggregates by groups; it must agree with the rule applied event by event."""
    rng = random.Random(5)
    for _round in range(6):
        for _ in range(rng.randrange(1, 5)):
            start = rng.choice(FORMS)
            end = rng.choice(ENDS)
            try:
                add(new_case, start, end)
            except Exception:  # an end before its start is refused; that is fine here
                add(new_case, start)
        cols = new_case.timeline_columns()
        lo, hi = case_span(cols) or (0, 0)
        stats = new_case.stats()
        assert stats.first is not None and stats.last is not None
        assert to_seconds(datetime.fromisoformat(stats.first)) == lo
        assert to_seconds(datetime.fromisoformat(stats.last)) == hi
        assert s(1900) < lo <= hi < s(2100)


def test_known_interval_of_a_single_date() -> None:
    assert known_interval("before", 0, 100) == (100, 100)
    assert known_interval("after", 50, 10**12) == (50, 50)
    assert known_interval("exact", 5, 9) == (5, 9)


def test_known_extent_takes_scalars_and_arrays() -> None:
    assert known_extent(0, 10, 10, 10, FLAG_OPEN_START) == (10, 10)
    lo, hi = known_extent(
        np.array([0, 5]), np.array([10, 6]), np.array([10, 20]), np.array([10, 99]),
        np.array([FLAG_OPEN_START, FLAG_SPAN | FLAG_OPEN_END], dtype=np.uint8),
    )  # fmt: skip
    assert lo.tolist() == [10, 5] and hi.tolist() == [10, 20]


# ---- the layout


def columns(case: Case) -> EventColumns:
    return case.timeline_columns()


def test_fit_shows_the_real_events_not_the_calendar_limits(new_case: Case) -> None:
    add(new_case, "2013")
    add(new_case, "2015")
    add(new_case, "after 2016")
    scale = fit_scale(columns(new_case), 1000, text_width, (0.0, 1.0))
    assert s(2011) < scale.start < s(2013)
    assert s(2017) < scale.end < s(2022)
    x = scale.x_of(float(s(2017)))
    assert 0 < x + ARROW_PX < scale.width  # the arrow shows


def test_fit_of_only_before_or_only_after_is_a_window_around_the_bound(
    new_case: Case,
) -> None:
    add(new_case, "before 2010")
    scale = fit_scale(columns(new_case), 1000, text_width, (0.0, 1.0))
    assert scale.start < s(2010) < scale.end
    assert scale.span <= 2 * YEAR_SECONDS
    assert scale.x_of(float(s(2010))) >= ARROW_PX  # room for the arrow on the left


def test_fit_of_only_after(new_case: Case) -> None:
    add(new_case, "after 2016")
    scale = fit_scale(columns(new_case), 1000, text_width, (0.0, 1.0))
    assert scale.start < s(2017) < scale.end
    assert scale.span < MAX_SPAN and scale.span <= 2 * YEAR_SECONDS


def test_an_open_event_is_drawn_as_its_arrow_only(new_case: Case) -> None:
    add(new_case, "before 2010", title="B")
    add(new_case, "after 2016", title="A")
    add(new_case, "2012", "after 2016", title="S")
    cols = columns(new_case)
    scale = TimeScale(float(s(2005)), float(s(2025)), 1000)
    x0, x1 = drawn_extent(cols, np.arange(len(cols)), scale)
    got = {t: (a, b) for t, a, b in zip(cols.titles, x0.tolist(), x1.tolist(), strict=True)}
    xb, xa = scale.x_of(float(s(2010))), scale.x_of(float(s(2017)))
    assert got["B"] == pytest.approx((xb - ARROW_PX, xb))
    assert got["A"] == pytest.approx((xa, xa + ARROW_PX))
    assert got["S"] == pytest.approx((scale.x_of(float(s(2012))), xa + ARROW_PX))


def test_packing_uses_the_drawn_extent(new_case: Case) -> None:
    """An "after 2016" event does not push a 2022 event onto a second row, and "before"
    events whose arrows are out of view are not laid out at all."""
    add(new_case, "after 2016", title="A")
    add(new_case, "2022", title="L")
    add(new_case, "before 2030", title="Far")
    cols = columns(new_case)
    lanes = build_lanes(cols, None)
    scale = TimeScale(float(s(2015)), float(s(2024)), 1200)
    frame = layout_frame(cols, lanes, scale, text_width)
    rows = {cols.titles[i.index]: i.row for i in frame.items if i.event_id >= 0}
    assert rows == {"A": 0, "L": 0}
    assert frame.rows == [1]


def test_strips_count_open_events_at_their_known_bound(new_case: Case) -> None:
    for _ in range(3):
        add(new_case, "before 2020")
    add(new_case, "2012")
    cols = columns(new_case)
    lanes = build_lanes(cols, None)
    scale = TimeScale(float(s(2010)), float(s(2022)), 1200)
    frame = layout_frame(cols, lanes, scale, text_width, collapsed=frozenset({0}))
    (strip,) = frame.strips
    where = np.flatnonzero(strip.counts)
    xs = strip.x0 + where * strip.bin_px
    assert strip.counts.sum() == 4
    bound = scale.x_of(float(s(2020)))
    # three at the left end of their arrow (the drawn extent), one at 2012, none at the edge
    assert strip.counts[0] == 0
    assert any(abs(x - (bound - ARROW_PX)) <= strip.bin_px for x in xs)


def test_zoom_to_an_open_event_shows_its_bound(new_case: Case) -> None:
    add(new_case, "after 2016")
    cols = columns(new_case)
    lo, hi = zoom_range(cols, 0)
    assert lo < s(2017) < hi and hi - lo <= 3 * YEAR_SECONDS


def test_columns_built_from_rows_keep_the_open_flags() -> None:
    row = (1, s(1), s(2010), s(2010), s(2010), 0, 2, 0, FLAG_OPEN_START, "x")
    cols = build_event_columns([row], [])
    assert case_span(cols) == (s(2010), s(2010))


def test_open_events_out_of_view_do_not_turn_a_lane_into_a_strip() -> None:
    """Many "before 2030" events whose arrows are out of view are not counted against the
    lane's share of the item budget: the few events in view are still laid out one by one."""
    rows = [(i, s(1), s(2030), s(2030), s(2030), 0, 2, 0, FLAG_OPEN_START, f"b{i}")
            for i in range(1, 301)]  # fmt: skip
    rows += [(1000 + k, s(2012, 1 + k), s(2012, 2 + k), s(2012, 2 + k), s(2012, 2 + k), 1, 0,
              0, 0, f"m{k}") for k in range(3)]  # fmt: skip
    cols = build_event_columns(sorted(rows, key=lambda r: (r[1], r[0])), [])
    lanes = build_lanes(cols, None)
    scale = TimeScale(float(s(2011)), float(s(2014)), 1200)
    frame = layout_frame(cols, lanes, scale, text_width, item_budget=100)
    assert not frame.strips
    assert sorted(cols.titles[i.index] for i in frame.items) == ["m0", "m1", "m2"]
    wide = TimeScale(float(s(2011)), float(s(2031)), 1200)  # now their arrows are in view
    assert layout_frame(cols, lanes, wide, text_width, item_budget=100).strips


def test_a_span_label_never_sits_on_the_arrow_of_its_open_end(new_case: Case) -> None:
    add(new_case, "2019", "after 2020", title="short")
    add(new_case, "2019", "after 2020", title="a title longer than the bar it labels")
    cols = columns(new_case)
    scale = TimeScale(float(s(2015)), float(s(2030)), 1500)  # the bar is 200 px long
    frame = layout_frame(cols, build_lanes(cols, None), scale, text_width)
    by_title = {cols.titles[i.index]: i for i in frame.items}
    short, long = by_title["short"], by_title["a title longer than the bar it labels"]
    assert short.label_x + short.label_w <= long.x1 - ARROW_PX  # inside the bar
    assert long.label_x >= long.x1  # past the arrow, not on it
