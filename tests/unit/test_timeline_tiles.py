"""Printed pages of a long timeline: equal consecutive slices, each no longer than a view."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.timeline.tiles import MAX_PAGES, tiles


@given(
    st.floats(-1e12, 1e12),
    st.floats(1.0, 1e12),
    st.floats(1.0, 1e12),
)
def test_tiles_cover_the_range_in_equal_slices_no_longer_than_a_view(
    lo: float, length: float, view: float
) -> None:
    parts = tiles(lo, lo + length, view)
    assert parts[0][0] == lo and parts[-1][1] == lo + length
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    assert 1 <= len(parts) <= MAX_PAGES
    if len(parts) < MAX_PAGES:
        assert all(t1 - t0 <= view * (1 + 1e-9) for t0, t1 in parts)


def test_a_range_that_fits_one_view_is_one_page_and_a_longer_one_is_split() -> None:
    assert tiles(0.0, 100.0, 100.0) == [(0.0, 100.0)]
    assert tiles(0.0, 100.0, 40.0) == [(0.0, 100 / 3), (100 / 3, 200 / 3), (200 / 3, 100.0)]
    assert len(tiles(0.0, 1e6, 1.0)) == MAX_PAGES
    assert tiles(5.0, 5.0, 1.0) == [(5.0, 5.0)]
