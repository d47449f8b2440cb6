"""TimeScale: time <-> pixel mapping, zoom, pan, fit and the zoom slider."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.timeline.scale import MAX_SPAN, MIN_SPAN, TimeScale

YEAR = 365.25 * 86400
T2013 = 1356998400.0  # 2013-01-01

starts = st.floats(-6e10, 2.5e11)
spans = st.floats(MIN_SPAN, MAX_SPAN)
widths = st.floats(50.0, 5000.0)


@given(starts, spans, widths, st.floats(-2000.0, 7000.0))
def test_x_of_and_t_of_are_inverse(start: float, span: float, width: float, x: float) -> None:
    scale = TimeScale(start, start + span, width)
    assert scale.x_of(scale.t_of(x)) == pytest.approx(x, abs=1e-3)
    assert scale.x_of(start) == 0.0
    assert scale.x_of(start + span) == pytest.approx(width)


def test_array_and_scalar_agree_exactly() -> None:
    scale = TimeScale(T2013 - 3 * YEAR, T2013 + 2 * YEAR, 1234.0)
    ts = np.array([T2013, T2013 + 86400, T2013 - 17], dtype=np.int64)
    xs = scale.x_of(ts)
    assert xs.dtype == np.float64
    assert xs.tolist() == [scale.x_of(float(t)) for t in ts]
    assert scale.t_of(xs) == pytest.approx(ts.astype(float))


@given(starts, st.floats(1e5, 1e9), widths, st.floats(0.1, 10.0), st.floats(0.0, 1.0))
def test_zoom_keeps_the_anchor_time(
    start: float, span: float, width: float, factor: float, where: float
) -> None:
    scale = TimeScale(start, start + span, width)
    anchor = where * width
    zoomed = scale.zoomed(factor, anchor)
    assert zoomed.t_of(anchor) == pytest.approx(scale.t_of(anchor), abs=1e-6 * span + 1e-3)
    expected = min(max(span / factor, MIN_SPAN), MAX_SPAN)
    assert zoomed.span == pytest.approx(expected)
    assert zoomed.width == width


def test_zoom_in_and_out_clamp() -> None:
    scale = TimeScale(T2013, T2013 + YEAR, 800.0)
    assert scale.zoomed(1e12, 400.0).span == pytest.approx(MIN_SPAN)
    assert scale.zoomed(1e-12, 400.0).span == pytest.approx(MAX_SPAN)
    assert scale.zoomed(2.0, 400.0).span == pytest.approx(YEAR / 2)
    with pytest.raises(ValueError):
        scale.zoomed(0.0, 10.0)


def test_pan_moves_content_right() -> None:
    scale = TimeScale(T2013, T2013 + 1000.0 * 86400, 1000.0)
    panned = scale.panned(100.0)
    assert panned.start == pytest.approx(T2013 - 100 * 86400)
    assert panned.span == pytest.approx(scale.span)
    assert panned.x_of(T2013) == pytest.approx(100.0)


def test_resized_keeps_start_and_resolution() -> None:
    scale = TimeScale(T2013, T2013 + YEAR, 800.0)
    wider = scale.resized(1600.0)
    assert wider.start == scale.start
    assert wider.seconds_per_px == pytest.approx(scale.seconds_per_px)
    assert wider.span == pytest.approx(2 * YEAR)


def test_centered_on() -> None:
    scale = TimeScale(T2013, T2013 + YEAR, 800.0).centered_on(0.0)
    assert scale.x_of(0.0) == pytest.approx(400.0)
    assert scale.span == pytest.approx(YEAR)


def test_fit_fills_width_minus_margins() -> None:
    lo, hi = T2013, T2013 + 3 * YEAR
    scale = TimeScale.fit(lo, hi, 1000.0, margin=0.05)
    assert scale.x_of(lo) == pytest.approx(50.0)
    assert scale.x_of(hi) == pytest.approx(950.0)


def test_fit_of_a_single_instant_and_clamps() -> None:
    one = TimeScale.fit(T2013, T2013, 500.0)
    assert one.x_of(T2013) == pytest.approx(250.0)
    assert one.span >= YEAR
    tiny = TimeScale.fit(T2013, T2013 + 60.0, 500.0)
    assert tiny.span == pytest.approx(MIN_SPAN)
    assert tiny.x_of(T2013 + 30.0) == pytest.approx(250.0)
    huge = TimeScale.fit(-2e19, 2e19, 500.0)
    assert huge.span == pytest.approx(MAX_SPAN)


def test_invalid_scales_are_refused() -> None:
    with pytest.raises(ValueError):
        TimeScale(0.0, 10.0, 0.0)
    with pytest.raises(ValueError):
        TimeScale(10.0, 10.0, 100.0)


@given(st.floats(0.0, 1.0), starts, widths)
def test_zoom_level_round_trip(level: float, center: float, width: float) -> None:
    scale = TimeScale.from_zoom_level(level, center, width)
    assert scale.zoom_level() == pytest.approx(level, abs=1e-9)
    assert scale.t_of(width / 2) == pytest.approx(center, abs=1e-6 * scale.span + 1e-3)


def test_zoom_level_ends() -> None:
    assert TimeScale(0.0, MAX_SPAN, 100.0).zoom_level() == 0.0
    assert TimeScale(0.0, MIN_SPAN, 100.0).zoom_level() == 1.0
    middle = TimeScale.from_zoom_level(0.5, 0.0, 100.0).span
    assert middle == pytest.approx(math.sqrt(MIN_SPAN * MAX_SPAN))


def test_far_from_today_the_narrowest_span_stays_drawable() -> None:
    """At 196 billion AD float64 seconds come in steps of 1024: a view is never zoomed, panned
    or fitted narrower than 2**16 of those steps, so positions stay smooth and exact enough."""
    far = 196_002_152_034 * YEAR
    fitted = TimeScale.fit(far, far, 800.0)
    assert fitted.span >= far * 2.0**-36 > 1e7
    assert fitted.x_of(far) == pytest.approx(400.0)
    zoomed = fitted.zoomed(1e9, 400.0)
    assert zoomed.span == pytest.approx(far * 2.0**-36, rel=1e-4)
    assert zoomed.x_of(zoomed.t_of(123.0)) == pytest.approx(123.0, abs=0.01)
    near = TimeScale(T2013, T2013 + MIN_SPAN, 800.0)
    moved = near.centered_on(far)
    assert moved.span >= far * 2.0**-36
    panned = TimeScale(far, far + far * 2.0**-36, 800.0).panned(-5e6)
    assert panned.span >= panned.end * 2.0**-36 * 0.999
    deepest = TimeScale.from_zoom_level(1.0, far, 800.0)
    assert deepest.span == pytest.approx(far * 2.0**-36, rel=1e-4)
    whole = TimeScale.fit(-9.15e18, 9.15e18, 800.0)
    assert whole.span <= MAX_SPAN and whole.x_of(0.0) == pytest.approx(400.0)
