"""Lengths of event intervals in seconds, safe across the whole supported range.

The supported instants run from 290 billion BC to 290 billion AD, about 1.8e19 seconds: more
than an int64 holds. A plain ``ends - starts`` on int64 columns would wrap round for an event
from deep time to the far future ("before 13.8 billion BC" to "after 196 billion AD"), so
interval lengths saturate at the int64 maximum instead.
"""

from __future__ import annotations

import numpy as np

_INT64_MAX = np.iinfo(np.int64).max
_EXACT_LIMIT = 9.0e18  # below this the float estimate says the int64 difference cannot wrap


def durations(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``max(end - start, 1)`` of each interval as int64, saturating at the int64 maximum."""
    starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
    wide = ends.astype(np.float64) - starts.astype(np.float64) >= _EXACT_LIMIT
    exact = np.where(wide, 1, ends) - np.where(wide, 0, starts)
    return np.where(wide, _INT64_MAX, np.maximum(exact, 1))


def duration_class(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The duration class of each interval: floor(log4(max(end - start, 1)))."""
    return np.floor(np.log2(durations(starts, ends).astype(np.float64)) / 2.0).astype(np.int64)
