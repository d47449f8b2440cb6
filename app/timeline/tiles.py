"""Tiling a long timeline over several printed pages, each showing as much time as the
screen does (so the print is as readable as the view), with its own axis."""

from __future__ import annotations

import math

MAX_PAGES = 60  # beyond this the pages share the whole range evenly (each shows more time)


def tiles(
    lo: float, hi: float, view_span: float, max_pages: int = MAX_PAGES
) -> list[tuple[float, float]]:
    """Consecutive, equal slices of ``[lo, hi)``, each at most ``view_span`` long (unless
    that would take more than ``max_pages``); one slice when the range fits in one view."""
    if not hi > lo or not view_span > 0:
        return [(lo, hi)]
    count = min(max(1, math.ceil((hi - lo) / view_span - 1e-9)), max(1, max_pages))
    step = (hi - lo) / count
    return [(lo + k * step, hi if k == count - 1 else lo + (k + 1) * step) for k in range(count)]
