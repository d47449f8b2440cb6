"""Pinpoint parsing and display (pure; no Qt)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.citations import Pinpoint, format_pinpoint, parse_pinpoint


@pytest.mark.parametrize(
    ("text", "page", "last"),
    [
        ("p. 4", 4, None),
        ("p.4", 4, None),
        ("P. 4", 4, None),
        ("page 4", 4, None),
        ("pp. 4-6", 4, 6),
        ("pp. 4–6", 4, 6),
        ("pp. 104-06", 104, 106),
        ("at 12", 12, None),
        ("  p.   9 ", 9, None),
    ],
)
def test_pages(text: str, page: int, last: int | None) -> None:
    p = parse_pinpoint(text)
    assert (p.kind, p.page, p.last_page, p.text) == ("page", page, last, text)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("para. 7", 7, None),
        ("¶ 7", 7, None),
        ("¶7", 7, None),
        ("paras. 1-2", 1, 2),
        ("¶¶ 3–5", 3, 5),
        ("paragraph 12", 12, None),
    ],
)
def test_paragraphs(text: str, first: int, last: int | None) -> None:
    p = parse_pinpoint(text)
    assert (p.kind, p.paragraph, p.last_paragraph, p.page) == ("paragraph", first, last, None)


def test_bates() -> None:
    one = parse_pinpoint("ABC0001234")
    assert (one.kind, one.bates, one.last_bates) == ("bates", "ABC0001234", None)
    span = parse_pinpoint("ABC 0001234-0001240")
    assert (span.kind, span.bates, span.last_bates) == ("bates", "ABC0001234", "ABC0001240")
    assert parse_pinpoint("DEF_000123-DEF_000125").last_bates == "DEF000125"
    assert parse_pinpoint("ABC0001240-0001234").kind == "other"  # backwards
    assert parse_pinpoint("ABC0001234-XYZ0001240").kind == "other"  # two prefixes


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("00:12:30", 750.0), ("12:30", 750.0), ("1:02:03.5", 3723.5), ("0:07", 7.0)],
)
def test_timecodes(text: str, seconds: float) -> None:
    p = parse_pinpoint(text)
    assert p.kind == "timecode"
    assert p.seconds == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["hello", "p. 0", "pp. 6-4", "12:75", "1:75:00", "n. 3", "p4"])
def test_other(text: str) -> None:
    p = parse_pinpoint(text)
    assert p == Pinpoint("other", text=text)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_none(text: str | None) -> None:
    assert parse_pinpoint(text).kind == "none"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("p.4", "p. 4"),
        ("pp. 4-6", "pp. 4–6"),
        ("pp. 4-4", "p. 4"),
        ("para. 7", "¶ 7"),
        ("paras. 3-5", "¶¶ 3–5"),
        ("ABC 0001234-0001240", "ABC0001234–ABC0001240"),
        ("00:12:30", "12:30"),
        ("1:02:03.5", "1:02:03.5"),
        ("", ""),
        ("  see   note ", "see note"),
    ],
)
def test_format(text: str, shown: str) -> None:
    assert format_pinpoint(parse_pinpoint(text)) == shown


def test_huge_numbers_do_not_raise() -> None:
    assert parse_pinpoint("p. " + "9" * 5000).kind == "other"
    assert parse_pinpoint("1" * 5000 + ":00").kind == "other"


@given(st.text())
def test_any_text_gives_a_pinpoint(text: str) -> None:
    p = parse_pinpoint(text)
    assert isinstance(p, Pinpoint)
    assert p.text == text
    assert isinstance(format_pinpoint(p), str)


@given(st.integers(1, 10_000), st.integers(0, 500))
def test_page_ranges_round_trip(first: int, extra: int) -> None:
    p = parse_pinpoint(format_pinpoint(Pinpoint("page", page=first, last_page=first + extra)))
    assert (p.page, p.last_page) == (first, first + extra if extra else None)
