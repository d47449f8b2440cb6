"""Known bounds: the part of an event's dates that a source actually fixes.

"before 2010" allows any instant from the beginning of time up to 1 January 2010; only its
*latest* bound is known. "after 2016" allows any instant from 1 January 2017 on; only its
*earliest* bound is known. An exact, circa or between claim knows both bounds, and a span
(start and end dates) is open on a side when the date on that side is: a span that starts
"before 2010" has an open start, one that ends "after 2016" an open end.

Everything that measures a range of events (Fit, the overview strip, the axis, timeline
images, the case span of ``info``, the report's period) uses :func:`known_extent` on the
timeline's integer columns, so an open side never stretches a range to the supported limits
of the calendar. Open sides are read from the date qualifiers (``FLAG_OPEN_START`` and
``FLAG_OPEN_END`` in the columns' flags), never from sentinel instants.

Instants are whole seconds since 1970-01-01, as in :mod:`app.domain.columns`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from app.domain.columns import FLAG_OPEN_END, FLAG_OPEN_START, FLAG_SPAN, EventColumns

# The qualifiers whose claim is open on one side.
OPEN_START_QUALIFIERS = ("before",)  # the earliest bound is open, the latest known
OPEN_END_QUALIFIERS = ("after",)  # the earliest bound is known, the latest open


def open_flags(start_qualifier: str | None, end_qualifier: str | None) -> int:
    """``FLAG_OPEN_START`` / ``FLAG_OPEN_END`` bits of an event with these dates' qualifiers
    (``end_qualifier`` None when the event has no end date)."""
    flags = 0
    if start_qualifier in OPEN_START_QUALIFIERS:
        flags |= FLAG_OPEN_START
    last = start_qualifier if end_qualifier is None else end_qualifier
    if last in OPEN_END_QUALIFIERS:
        flags |= FLAG_OPEN_END
    return flags


def known_extent(start_lo: Any, start_hi: Any, end_lo: Any, end_hi: Any, flags: Any) -> Any:
    """``(lo, hi)``: the known extent of events given by their timeline columns (numpy
    arrays or plain integers alike).

    The earliest known instant is the start's earliest, or its latest when the start is open
    ("before"); the latest known instant is the end's latest (a single date's latest), or,
    when that side is open ("after"), the end date's earliest (a single date's earliest). An
    event open on one side is the point of its known bound. ``lo <= hi`` always.
    """
    flags = np.asarray(flags)
    open_start = (flags & FLAG_OPEN_START) != 0
    open_end = (flags & FLAG_OPEN_END) != 0
    span = (flags & FLAG_SPAN) != 0
    first = np.where(open_start, start_hi, start_lo)
    last = np.where(open_end, np.where(span, end_lo, start_lo), end_hi)
    lo, hi = np.minimum(first, last), np.maximum(first, last)
    if lo.ndim == 0:
        return int(lo), int(hi)
    return lo.astype(np.int64), hi.astype(np.int64)


CHUNK = 1 << 16  # events per slice: the temporaries of a whole-case measure stay this small


def known_bounds_chunks(
    cols: EventColumns, size: int = CHUNK
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """:func:`known_bounds` a slice at a time: ``(first position, lo, hi)`` per slice of at
    most ``size`` dated events, so that measuring a million events never makes a million-row
    temporary (several of them, each as big as a column)."""
    for at in range(0, len(cols), size):
        part = slice(at, at + size)
        lo, hi = known_extent(
            cols.start_lo[part], cols.start_hi[part], cols.end_lo[part], cols.end_hi[part],
            cols.flags[part],
        )  # fmt: skip
        yield at, lo, hi


def known_bounds(cols: EventColumns) -> tuple[np.ndarray, np.ndarray]:
    """Per dated event of ``cols``: its known extent ``(lo, hi)`` (int64 arrays)."""
    lo, hi = np.zeros(len(cols), dtype=np.int64), np.zeros(len(cols), dtype=np.int64)
    for at, part_lo, part_hi in known_bounds_chunks(cols):
        lo[at : at + len(part_lo)] = part_lo
        hi[at : at + len(part_hi)] = part_hi
    return lo, hi


def case_span(cols: EventColumns) -> tuple[int, int] | None:
    """The earliest and latest known instants of the dated events of ``cols`` (None when
    there are none). A case of only "after 2016" events spans the single instant 2017-01-01."""
    if not len(cols):
        return None
    parts = [(int(lo.min()), int(hi.max())) for _, lo, hi in known_bounds_chunks(cols)]
    return min(p[0] for p in parts), max(p[1] for p in parts)


def latest_known(cols: EventColumns, k: int, size: int = CHUNK) -> np.ndarray:
    """The positions of the ``k`` events whose known extent ends last, as
    ``np.argsort(known_bounds(cols)[1], kind="stable")[-k:]`` gives them (the same positions
    in the same order: ties by position), without sorting the whole case."""
    places: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for at, _, hi in known_bounds_chunks(cols, size):
        if len(hi) > k:  # only values at or above the k-th largest can be among the last k
            least = np.partition(hi, len(hi) - k)[len(hi) - k]
            keep = np.flatnonzero(hi >= least)
        else:
            keep = np.arange(len(hi))
        places.append(keep + at)
        values.append(hi[keep])
    if not places:
        return np.zeros(0, dtype=np.int64)
    where, value = np.concatenate(places), np.concatenate(values)
    return where[np.lexsort((where, value))[-k:]].astype(np.int64)


def span_of_groups(
    groups: Iterable[tuple[int, tuple[int, int, int, int], tuple[int, int, int, int]]],
) -> tuple[int, int] | None:
    """The case span from per-group aggregates, for a store that cannot hand over every row.

    Each group is ``(flags, minima, maxima)``: events sharing the open and span bits of
    ``flags``, with the minimum and the maximum of each of their four columns (start_lo,
    start_hi, end_lo, end_hi). Within a group :func:`known_extent` picks the same columns for
    every event, so applied to the minima it gives the group's earliest known instant and to
    the maxima its latest.
    """
    lows, highs = [], []
    for flags, minima, maxima in groups:
        lows.append(known_extent(*minima, flags)[0])
        highs.append(known_extent(*maxima, flags)[1])
    if not lows:
        return None
    return min(lows), max(highs)


def known_interval(qualifier: str, earliest: int, latest: int) -> tuple[int, int]:
    """The known part of a single date claim ``[earliest, latest)`` in seconds: the point of
    its latest bound for "before", of its earliest for "after", else the whole interval."""
    if qualifier in OPEN_START_QUALIFIERS:
        return latest, latest
    if qualifier in OPEN_END_QUALIFIERS:
        return earliest, earliest
    return earliest, latest


def known_at(cols: EventColumns, i: int) -> tuple[int, int]:
    """The known extent of the dated event at position ``i`` of ``cols``."""
    return known_extent(  # type: ignore[no-any-return]
        int(cols.start_lo[i]),
        int(cols.start_hi[i]),
        int(cols.end_lo[i]),
        int(cols.end_hi[i]),
        int(cols.flags[i]),
    )
