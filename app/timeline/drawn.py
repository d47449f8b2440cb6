"""Where an event is drawn on the timeline, in pixels: the whole interval its dates allow,
except that an open side of a "before" or "after" date is an arrow of a fixed on-screen
length (``ARROW_PX``) from its known bound (see :mod:`app.domain.known_bounds`). Layout,
packing, hit testing and painting all use this one extent, so an open-ended event occupies
only what is drawn of it, never the whole open interval."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from app.domain.columns import FLAG_OPEN_END, FLAG_OPEN_START, FLAG_SPAN, EventColumns
from app.domain.known_bounds import case_span, known_at, known_extent, latest_known
from app.timeline.scale import YEAR_SECONDS, TimeScale, clamp_span

ARROW_PX = 56.0  # on-screen length of the fading arrow drawn on an open side of a date
FIT_MARGIN_PX = 12.0  # Fit: space before the first event and after the last label
FIT_LABEL_PAD_PX = 10.0  # Fit: a marker's gap to its label, and a little air after it
FIT_LABELS = 200  # Fit: the labels of this many events that end last are made to fit
FIT_LABEL_SHARE = 0.4  # Fit: a longer label may be cut rather than squeeze the whole case


def drawn_extent(
    cols: EventColumns, at: np.ndarray, scale: TimeScale
) -> tuple[np.ndarray, np.ndarray]:
    """Pixel extents ``(x0, x1)`` of the events at ``at`` as drawn: the whole interval their
    dates allow, except that an open side ("before", "after") is drawn as an arrow of
    ``ARROW_PX`` from the known bound, never stretched to the limits of the calendar."""
    x0 = scale.x_of(cols.start_lo[at])
    x1 = scale.x_of(cols.end_hi[at])
    flags = cols.flags[at]
    open_start = (flags & FLAG_OPEN_START) != 0
    open_end = (flags & FLAG_OPEN_END) != 0
    if open_start.any() or open_end.any():
        lo, hi = known_extent(
            cols.start_lo[at], cols.start_hi[at], cols.end_lo[at], cols.end_hi[at], flags
        )
        x0 = np.where(open_start, scale.x_of(lo) - ARROW_PX, x0)
        x1 = np.where(open_end, scale.x_of(hi) + ARROW_PX, x1)
    return x0, x1


def text_room(
    cols: EventColumns, at: np.ndarray, x0: np.ndarray, x1: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the events at ``at`` drawn over [x0, x1): where a span's label may start (past the
    arrow of an open start), where it must end to stay inside the bar (before the arrow of an
    open end), and each event's mark (the known bound of an open single date, else the
    middle)."""
    flags = cols.flags[at]
    start_open = (flags & FLAG_OPEN_START) != 0
    end_open = (flags & FLAG_OPEN_END) != 0
    span = (flags & FLAG_SPAN) != 0
    text0 = np.where(start_open & span, x0 + ARROW_PX, x0)
    text1 = np.where(end_open & span, x1 - ARROW_PX, x1)
    mark = np.where(start_open, x1, np.where(end_open, x0, (x0 + x1) / 2.0))
    return text0, text1, mark


def open_ended(cols: EventColumns, at: np.ndarray) -> np.ndarray:
    """Which of the events at ``at`` have an open side (a bool mask)."""
    return (cols.flags[at] & (FLAG_OPEN_START | FLAG_OPEN_END)) != 0


def shown_x0(cols: EventColumns, at: np.ndarray, scale: TimeScale, left_px: float) -> np.ndarray:
    """The left ends (at least ``left_px``) of those events at ``at`` whose drawn extent meets
    [left_px, width): an open event counts in a view only where it is drawn."""
    x0, x1 = drawn_extent(cols, at, scale)
    return np.maximum(x0[(x1 > left_px) & (x0 < scale.width)], left_px)


def fit_scale(
    cols: EventColumns | None,
    width: float,
    text_width: Callable[[str], float],
    default: tuple[float, float],
) -> TimeScale:
    """The viewport showing the whole case (``default`` when nothing is dated) on ``width``
    pixels: the known extent of every event (:func:`~app.domain.known_bounds.case_span`),
    with room on the left for the arrows of "before" dates and on the right for the labels
    (and arrows) of the events that end last. A case whose only dates are open-ended gets a
    window around their known bounds."""
    span = None if cols is None else case_span(cols)
    if cols is None or span is None:
        return TimeScale.fit(default[0], default[1], width)
    lo, hi = span
    left = ARROW_PX if (cols.flags & FLAG_OPEN_START).any() else 0.0
    usable = max(width - left - 2 * FIT_MARGIN_PX, 50.0)
    per_px = max(hi - lo, YEAR_SECONDS if hi <= lo else 0.0) / usable
    # every label of the events that end last fits: x(end) + label <= the right edge
    for i in latest_known(cols, FIT_LABELS).tolist():
        known_hi = known_at(cols, i)[1]
        need = text_width(cols.titles[i]) + FIT_LABEL_PAD_PX
        if int(cols.flags[i]) & FLAG_OPEN_END:
            need += ARROW_PX
        room = usable - min(need, usable * FIT_LABEL_SHARE)
        per_px = max(per_px, (float(known_hi) - lo) / room)
    span = clamp_span(per_px * width, max(abs(lo), abs(hi)))
    per_px = span / width
    start = lo - (left + FIT_MARGIN_PX) * per_px
    return TimeScale(start, start + span, width)


def zoom_range(cols: EventColumns, i: int) -> tuple[float, float]:
    """The instants to show when zooming to the event at position ``i``: its known extent
    with half its length on each side (at least an hour; a year for an open-ended date, so
    that its arrow and some context show)."""
    lo, hi = known_at(cols, i)
    opened = int(cols.flags[i]) & (FLAG_OPEN_START | FLAG_OPEN_END)
    pad = max((hi - lo) * 0.5, YEAR_SECONDS if opened else 3600.0)
    return lo - pad, hi + pad
