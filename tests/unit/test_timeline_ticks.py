"""Axis ticks: calendar-correct boundaries, labels that never overlap, finer as you zoom."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.date_interval import MAX_YEAR, MIN_YEAR
from app.domain.instants import Instant, to_seconds
from app.timeline.scale import TimeScale
from app.timeline.ticks import UNITS, Tick, axis_ticks, to_datetime, year_label

DAY = 86400.0
YEAR = 365.25 * DAY
MIN_GAP = 10.0


def text_width(label: str) -> float:
    return 7.0 * len(label)


def assert_no_overlap(ticks: list[Tick], min_gap: float = MIN_GAP) -> None:
    for a, b in zip(ticks, ticks[1:], strict=False):
        assert b.x >= a.x + text_width(a.label) + min_gap, (a, b)


def scale_around(when: datetime, span: float, width: float) -> TimeScale:
    return TimeScale(to_seconds(when) - span / 2, to_seconds(when) + span / 2, width)


SPANS = [
    100 * YEAR,
    30 * YEAR,
    10 * YEAR,
    3 * YEAR,
    YEAR,
    90 * DAY,
    30 * DAY,
    7 * DAY,
    DAY,
    6 * 3600.0,
    2 * 3600.0,
]
WIDTHS = [300.0, 800.0, 1600.0, 3000.0]


@pytest.mark.parametrize("span", SPANS)
@pytest.mark.parametrize("width", WIDTHS)
def test_labels_never_overlap(span: float, width: float) -> None:
    fine, context, unit = axis_ticks(
        scale_around(datetime(2013, 3, 25, 13, 7), span, width), text_width
    )
    assert unit in UNITS
    assert fine
    assert_no_overlap(fine)
    assert_no_overlap(context)
    assert len(fine) <= width / MIN_GAP + 2


@settings(max_examples=150, deadline=None)
@given(
    st.floats(-5e10, 2.4e11),
    st.floats(3600.0, 500 * YEAR),
    st.floats(200.0, 3000.0),
)
def test_labels_never_overlap_anywhere(start: float, span: float, width: float) -> None:
    fine, context, _ = axis_ticks(TimeScale(start, start + span, width), text_width)
    assert_no_overlap(fine)
    assert_no_overlap(context)
    for tick in fine:
        assert tick.x == pytest.approx(TimeScale(start, start + span, width).x_of(tick.t))


def test_fine_row_starts_at_or_before_the_left_edge() -> None:
    scale = scale_around(datetime(2013, 3, 17), 40 * DAY, 800.0)
    fine, _, _ = axis_ticks(scale, text_width)
    assert fine[0].x <= 0.0
    assert all(t.x <= scale.width for t in fine)


def test_month_ticks_are_on_the_first_at_midnight_with_year_context() -> None:
    scale = scale_around(datetime(2013, 6, 1), YEAR, 1000.0)
    fine, context, unit = axis_ticks(scale, text_width)
    assert unit == "month"
    for tick in fine:
        d = to_datetime(tick.t)
        assert (d.day, d.hour, d.minute, d.second) == (1, 0, 0, 0)
        assert tick.label == d.strftime("%b")
    # calendar-correct: February is shorter than March
    gaps = {to_datetime(a.t).month: b.t - a.t for a, b in zip(fine, fine[1:], strict=False)}
    assert gaps[2] == 28 * DAY and gaps[3] == 31 * DAY
    assert [t.label for t in context] == ["2012", "2013"]
    assert context[0].x == 0.0 and context[1].x == pytest.approx(scale.x_of(context[1].t))
    for tick in context:
        assert to_datetime(tick.t) == datetime(to_datetime(tick.t).year, 1, 1)


def test_day_context_names_the_month_even_without_a_boundary_in_view() -> None:
    scale = scale_around(datetime(2013, 3, 15), 10 * DAY, 1200.0)
    fine, context, unit = axis_ticks(scale, text_width)
    assert unit == "day"
    assert [t.label for t in context] == ["March 2013"]
    assert context[0].x == 0.0  # pinned to the left edge
    assert all(to_datetime(t.t).hour == 0 for t in fine)


def test_hour_context_is_the_full_day() -> None:
    scale = scale_around(datetime(2013, 3, 25, 12), 12 * 3600.0, 1200.0)
    fine, context, unit = axis_ticks(scale, text_width)
    assert unit == "hour"
    assert fine[1].label.endswith(":00")
    assert context[0].label == "25 Mar 2013"


def test_year_and_decade_views_have_no_context() -> None:
    for span in (100 * YEAR, 20 * YEAR):
        _, context, unit = axis_ticks(scale_around(datetime(2000, 1, 1), span, 800.0), text_width)
        assert unit in ("century", "half-century", "decade", "5-year", "2-year", "year")
        assert context == []


def test_weeks_start_on_monday() -> None:
    scale = scale_around(datetime(2013, 3, 1), 120 * DAY, 1600.0)
    fine, _, unit = axis_ticks(scale, text_width)
    assert unit == "week"
    assert all(to_datetime(t.t).weekday() == 0 for t in fine)


def test_units_get_finer_as_you_zoom_in() -> None:
    scale = scale_around(datetime(2013, 3, 25), 400 * YEAR, 1200.0)
    seen = []
    while scale.span > 3 * 3600:
        _, _, unit = axis_ticks(scale, text_width)
        seen.append(UNITS.index(unit))
        scale = scale.zoomed(1.5, 600.0)
    assert seen == sorted(seen)
    assert UNITS[seen[0]] in ("century", "half-century")
    assert UNITS[seen[-1]] == "hour"
    assert {"year", "month", "day"} <= {UNITS[i] for i in seen}


def test_edges_of_the_calendar() -> None:
    for when in (datetime(1, 1, 1), datetime(9999, 12, 31)):
        for span in (500 * YEAR, YEAR, DAY):
            fine, context, _ = axis_ticks(scale_around(when, span, 800.0), text_width)
            assert_no_overlap(fine)
            assert_no_overlap(context)


def test_two_and_five_year_steps_fill_the_gap_between_years_and_decades() -> None:
    units = {
        axis_ticks(scale_around(datetime(2010, 1, 1), span * YEAR, 700.0), text_width)[2]
        for span in (15, 25, 40, 60)
    }
    assert units & {"2-year", "5-year"}
    fine, _, unit = axis_ticks(scale_around(datetime(2010, 1, 1), 25 * YEAR, 700.0), text_width)
    if unit in ("2-year", "5-year"):
        step = 2 if unit == "2-year" else 5
        years = [int(t.label) for t in fine]
        assert all(y % step == 0 for y in years)


def test_years_before_the_common_era_and_deep_time_are_labelled() -> None:
    bc = Instant.of(-499)  # 500 BC
    fine, _, unit = axis_ticks(TimeScale(bc - 300 * YEAR, bc + 300 * YEAR, 800.0), text_width)
    assert_no_overlap(fine)
    assert unit in UNITS and any(t.label.endswith(" BC") for t in fine)
    assert "500 BC" in {t.label for t in fine} or "400 BC" in {t.label for t in fine}
    big_bang = float(Instant.of(-13_800_000_000))
    fine, _, _ = axis_ticks(TimeScale(big_bang, float(Instant.of(2020)), 1000.0), text_width)
    assert_no_overlap(fine)
    assert any(t.label.endswith("bn BC") for t in fine)
    assert [t.t for t in fine] == sorted(t.t for t in fine)


def test_year_labels() -> None:
    assert [year_label(y) for y in (2013, 1, 0, -499, -11_999, -13_799_999_999)] == [
        "2013",
        "1",
        "1 BC",
        "500 BC",
        "12,000 BC",
        "13.8 bn BC",
    ]
    assert [year_label(y) for y in (9999, 12_000, 65_000_000, 196_002_152_034)] == [
        "9999",
        "12,000",
        "65 m AD",
        "196 bn AD",
    ]


def test_the_far_future_and_the_whole_range_are_labelled() -> None:
    far = float(Instant.of(196_002_152_034))
    fine, _, _ = axis_ticks(TimeScale(float(Instant.of(1932)), far, 1000.0), text_width)
    assert_no_overlap(fine)
    assert any(t.label.endswith("bn AD") for t in fine)
    for span in (1e9 * YEAR, 1000 * YEAR, 10 * YEAR):  # zoomed in out there: years, no overflow
        fine, _, unit = axis_ticks(TimeScale(far - span / 2, far + span / 2, 800.0), text_width)
        assert_no_overlap(fine)
        assert fine and [t.t for t in fine] == sorted(t.t for t in fine)
    whole = TimeScale(float(Instant.of(MIN_YEAR)), float(Instant.of(MAX_YEAR + 1)), 1200.0)
    fine, _, unit = axis_ticks(whole, text_width)
    assert_no_overlap(fine)
    labels = {t.label for t in fine}
    assert any(lb.endswith("bn BC") for lb in labels) and any(lb.endswith("bn AD") for lb in labels)


@settings(max_examples=150, deadline=None)
@given(
    st.floats(float(Instant.of(MIN_YEAR)), float(Instant.of(MAX_YEAR - 1_000_000))),
    st.floats(3600.0, 5.8e11 * YEAR),
    st.floats(200.0, 3000.0),
)
def test_labels_never_overlap_in_deep_time(start: float, span: float, width: float) -> None:
    scale = TimeScale(start, start + span, width)
    fine, context, unit = axis_ticks(scale, text_width)
    assert unit in UNITS
    assert_no_overlap(fine)
    assert_no_overlap(context)
    assert [t.t for t in fine] == sorted(t.t for t in fine)
