"""Time <-> pixel mapping for one viewport of the timeline, with the zoom and pan maths.

Instants are seconds since 1970-01-01 UTC (negative before), as in
:mod:`app.domain.columns`. A :class:`TimeScale` is immutable: every gesture returns a new one,
so the canvas can keep the old one for undo-free comparisons and tests can reason about it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

import numpy as np

MIN_SPAN = 3600.0  # seconds shown across the width at the deepest zoom (1 hour)
# Seconds shown across the width at the widest zoom: the whole supported range of years
# (290 billion BC to 290 billion AD), so that deep time and the far future can be fitted
MAX_SPAN = 1e12 * 365.25 * 86400  # with room for margins and the labels of the last events
YEAR_SECONDS = 365.25 * 86400
# Far from 1970 a float64 second count is coarse (steps of 1024 s at 196 billion AD), so
# the narrowest span is also at least this fraction of the instants shown: 2**16 float
# steps across the view, a few years wide at 196 billion AD, an hour anywhere near today.
RESOLUTION = 2.0**-36

_LOG_MIN = math.log(MIN_SPAN)
_LOG_MAX = math.log(MAX_SPAN)


def narrowest_span(at: float = 0.0) -> float:
    """The narrowest span that float64 seconds draw smoothly around the instant ``at``."""
    return max(MIN_SPAN, abs(at) * RESOLUTION)


def clamp_span(span: float, at: float = 0.0) -> float:
    """``span`` limited to [narrowest_span(at), MAX_SPAN] (a NaN or non-positive span becomes
    the narrowest)."""
    if not span > 0.0:
        return narrowest_span(at)
    return min(max(span, narrowest_span(at)), MAX_SPAN)


@dataclass(frozen=True)
class TimeScale:
    """A viewport: ``start`` seconds at x = 0, ``end`` seconds at x = ``width`` pixels."""

    start: float
    end: float
    width: float

    def __post_init__(self) -> None:
        if not self.width > 0.0:
            raise ValueError(f"width must be positive, got {self.width!r}")
        if not self.end > self.start:
            raise ValueError(f"end must be after start, got {self.start!r}..{self.end!r}")

    @property
    def span(self) -> float:
        """Seconds shown across the whole width."""
        return self.end - self.start

    @property
    def seconds_per_px(self) -> float:
        """Seconds covered by one pixel."""
        return self.span / self.width

    @overload
    def x_of(self, t: float) -> float: ...
    @overload
    def x_of(self, t: np.ndarray) -> np.ndarray: ...

    def x_of(self, t: float | np.ndarray) -> float | np.ndarray:
        """Pixel position of instant(s) ``t`` (float64)."""
        if isinstance(t, np.ndarray):
            return (t.astype(np.float64) - self.start) * (self.width / self.span)
        return (float(t) - self.start) * (self.width / self.span)

    @overload
    def t_of(self, x: float) -> float: ...
    @overload
    def t_of(self, x: np.ndarray) -> np.ndarray: ...

    def t_of(self, x: float | np.ndarray) -> float | np.ndarray:
        """Instant (seconds, float64) under pixel position(s) ``x``."""
        if isinstance(x, np.ndarray):
            return self.start + x.astype(np.float64) * self.seconds_per_px
        return self.start + float(x) * self.seconds_per_px

    def with_span(self, span: float, anchor_x: float) -> TimeScale:
        """This viewport showing ``span`` seconds (clamped), keeping the time under anchor_x."""
        anchor_t = self.t_of(anchor_x)
        span = clamp_span(span, anchor_t)
        start = anchor_t - anchor_x / self.width * span
        return TimeScale(start, start + span, self.width)

    def zoomed(self, factor: float, anchor_x: float) -> TimeScale:
        """Zoom in by ``factor`` (> 1 zooms in, < 1 out) around the pixel ``anchor_x``."""
        if not factor > 0.0:
            raise ValueError(f"zoom factor must be positive, got {factor!r}")
        return self.with_span(self.span / factor, anchor_x)

    def panned(self, dx_px: float) -> TimeScale:
        """Drag the content right by ``dx_px`` pixels (the start moves earlier)."""
        dt = dx_px * self.seconds_per_px
        moved = TimeScale(self.start - dt, self.end - dt, self.width)
        if moved.span >= narrowest_span(max(abs(moved.start), abs(moved.end))):
            return moved
        return moved.with_span(moved.span, moved.width / 2.0)  # too fine to draw out here

    def resized(self, width: float) -> TimeScale:
        """A new width, keeping the start and the seconds per pixel."""
        return TimeScale(self.start, self.start + self.seconds_per_px * width, width)

    def centered_on(self, t: float) -> TimeScale:
        """The same span, with instant ``t`` in the middle."""
        half = max(self.span, narrowest_span(t)) / 2.0
        return TimeScale(t - half, t + half, self.width)

    @classmethod
    def fit(cls, lo: float, hi: float, width: float, margin: float = 0.04) -> TimeScale:
        """A viewport where lo..hi fills the width less ``margin`` (a fraction) on each side.

        When lo == hi a one-year span is shown centred on it; the span is clamped to
        [MIN_SPAN, MAX_SPAN] and stays centred on the middle of lo..hi.
        """
        lo, hi = min(lo, hi), max(lo, hi)
        data = hi - lo if hi > lo else YEAR_SECONDS
        margin = min(max(margin, 0.0), 0.45)
        middle = lo + (hi - lo) / 2.0
        span = clamp_span(data / (1.0 - 2.0 * margin), max(abs(lo), abs(hi)))
        return cls(middle - span / 2.0, middle + span / 2.0, width)

    def zoom_level(self) -> float:
        """Slider position in 0..1: 0 at MAX_SPAN, 1 at MIN_SPAN, logarithmic in between."""
        level = (_LOG_MAX - math.log(clamp_span(self.span))) / (_LOG_MAX - _LOG_MIN)
        return min(max(level, 0.0), 1.0)

    @classmethod
    def from_zoom_level(cls, level: float, center_t: float, width: float) -> TimeScale:
        """The viewport at slider position ``level`` (0..1), centred on ``center_t``."""
        level = min(max(level, 0.0), 1.0)
        span = clamp_span(math.exp(_LOG_MAX - level * (_LOG_MAX - _LOG_MIN)), center_t)
        return cls(center_t - span / 2.0, center_t + span / 2.0, width)
