"""Bates numbers and ranges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.bates import BatesError, parse_bates, validate_bates_range


def test_parse_keeps_leading_zeros() -> None:
    b = parse_bates(" ABC0001234 ")
    assert (b.prefix, b.digits, b.text, b.value) == ("ABC", "0001234", "ABC0001234", 1234)
    assert parse_bates("SF-000017").prefix == "SF"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("ABC0001", "ABC0009", ("ABC0001", "ABC0009")),
        ("ABC0001", "ABC0001", ("ABC0001", "ABC0001")),
        ("ABC0001", "", ("ABC0001", "")),
        ("", "", ("", "")),
    ],
)
def test_valid_ranges(start: str, end: str, expected: tuple[str, str]) -> None:
    assert validate_bates_range(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        ("ABC0009", "ABC0001", "before the start"),
        ("ABC0001", "XYZ0002", "prefixes differ"),
        ("ABC0001", "ABC02", "different widths"),
        ("", "ABC0002", "needs a start"),
        ("0001", "", "not a Bates number"),
        ("ABC", "", "not a Bates number"),
    ],
)
def test_invalid_ranges(start: str, end: str, reason: str) -> None:
    with pytest.raises(BatesError, match=reason):
        validate_bates_range(start, end)


@given(st.text(max_size=30), st.text(max_size=30))
def test_any_text_gives_a_range_or_a_bates_error(start: str, end: str) -> None:
    try:
        a, b = validate_bates_range(start, end)
    except BatesError:
        return
    assert a == start.strip() and b == end.strip()
