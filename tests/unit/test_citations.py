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
    assert (span.kind, span.bates, span.last_bates) == ("bates", "ABC 0001234", "ABC 0001240")
    assert parse_pinpoint("DEF_000123-DEF_000125").last_bates == "DEF_000125"
    assert parse_pinpoint("SF-000123").bates == "SF-000123"  # the separator is kept
    assert format_pinpoint(parse_pinpoint("SF-000123-000125")) == "SF-000123–SF-000125"
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


@pytest.mark.parametrize(
    "text", ["hello", "p. 0", "pp. 6-4", "1:75:00", "13:10-12:34", "Tr. 4:3-2", "n. 3", "p4"]
)
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
        ("ABC 0001234-0001240", "ABC 0001234–ABC 0001240"),
        ("SF-000123", "SF-000123"),
        ("p. 4, para. 3", "p. 4, ¶ 3"),
        ("tr. 45:3-12", "tr. 45:3–12"),
        ("Dep. 12:4-13:2", "Dep. 12:4–13:2"),
        ("45:3", "45:3"),
        ("Ex. 12 at 4", "Ex. 12, p. 4"),
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


@pytest.mark.parametrize(
    ("text", "label", "page", "line", "last_page", "last_line"),
    [
        ("45:3-12", "", 45, 3, None, 12),
        ("Tr. 45:3-12", "Tr.", 45, 3, None, 12),
        ("Tr. at 45:3", "Tr.", 45, 3, None, None),
        ("45:3", "", 45, 3, None, None),
        ("Dep. 12:4-13:2", "Dep.", 12, 4, 13, 2),
        ("Dep. 12:4 – 13:2", "Dep.", 12, 4, 13, 2),
        ("Hr'g Tr. 7:10", "Hr'g Tr.", 7, 10, None, None),
        ("Tr. 12:30", "Tr.", 12, 30, None, None),  # a label makes it a transcript
        ("12:75", "", 12, 75, None, None),  # not a time: 75 seconds
        ("Tr. 45", "Tr.", 45, None, None, None),
    ],
)
def test_transcripts(
    text: str, label: str, page: int, line: int | None, last_page: int | None, last_line: int | None
) -> None:
    p = parse_pinpoint(text)
    assert p.kind == "transcript"
    assert (p.label, p.page, p.line, p.last_page, p.last_line) == (
        label,
        page,
        line,
        last_page,
        last_line,
    )


def test_a_time_stays_a_time() -> None:
    assert parse_pinpoint("12:30").kind == "timecode"
    assert parse_pinpoint("0:07").kind == "timecode"


def test_combined_page_and_paragraph() -> None:
    for text in ("p. 4, para. 3", "p. 4 ¶ 3", "page 4, paragraph 3", "at 4, ¶ 3"):
        p = parse_pinpoint(text)
        assert (p.kind, p.page, p.paragraph) == ("page", 4, 3), text
    span = parse_pinpoint("pp. 4-5, ¶¶ 3-7")
    assert (span.page, span.last_page, span.paragraph, span.last_paragraph) == (4, 5, 3, 7)


def test_exhibits() -> None:
    assert parse_pinpoint("Ex. 12") == Pinpoint("exhibit", exhibit="12", label="Ex.", text="Ex. 12")
    at = parse_pinpoint("PX 3 at 4")
    assert (at.kind, at.exhibit, at.page, at.label) == ("exhibit", "3", 4, "PX")
    assert parse_pinpoint("Exhibit A, p. 2").exhibit == "A"
    assert parse_pinpoint("Ex. Foo").kind == "other"
    assert parse_pinpoint("EX000123").kind == "bates"


_labels = st.sampled_from(["", "Tr.", "Dep.", "Hr'g Tr."])


@given(_labels, st.integers(1, 9999), st.integers(1, 99), st.integers(0, 3), st.integers(0, 40))
def test_transcripts_round_trip(label: str, page: int, line: int, pages: int, lines: int) -> None:
    last_page = page + pages if pages else None
    last_line = (line + lines if not pages else 1 + lines) if (pages or lines) else None
    ends = [line] + ([last_line] if last_line is not None and pages else [])
    shown_label = label
    if label == "" and (pages or last_line is None) and all(10 <= n < 60 for n in ends):
        shown_label = "Tr."  # "12:30" or "1:10-2:10" alone is a time: the label says it is not
    pin = Pinpoint(
        "transcript", page=page, last_page=last_page, line=line, last_line=last_line, label=label
    )
    back = parse_pinpoint(format_pinpoint(pin))
    assert back.kind == "transcript"
    assert (back.label, back.page, back.last_page, back.line, back.last_line) == (
        shown_label,
        page,
        last_page,
        line,
        last_line,
    )


_prefixes = st.from_regex(r"[A-Z]{1,6}", fullmatch=True)


@given(_prefixes, st.sampled_from(["", "-", "_", " "]), st.integers(0, 10**6), st.integers(0, 50))
def test_bates_round_trip_keeps_what_was_written(
    prefix: str, sep: str, number: int, extra: int
) -> None:
    first = f"{prefix}{sep}{number:07d}"
    last = f"{prefix}{sep}{number + extra:07d}" if extra else None
    pin = parse_pinpoint(first + (f"-{last}" if last else ""))
    assert (pin.kind, pin.bates, pin.last_bates) == ("bates", first, last)
    again = parse_pinpoint(format_pinpoint(pin))
    assert (again.bates, again.last_bates) == (first, last)


@given(st.integers(1, 5000), st.integers(0, 20), st.integers(1, 500), st.integers(0, 20))
def test_combined_round_trip(page: int, pages: int, para: int, paras: int) -> None:
    pin = Pinpoint(
        "page",
        page=page,
        last_page=page + pages if pages else None,
        paragraph=para,
        last_paragraph=para + paras if paras else None,
    )
    back = parse_pinpoint(format_pinpoint(pin))
    assert (back.page, back.last_page, back.paragraph, back.last_paragraph) == (
        pin.page,
        pin.last_page,
        pin.paragraph,
        pin.last_paragraph,
    )


@pytest.mark.parametrize(
    "text", ["P 0000001", "PP 0000001-PP 0000003", "PAGE0000001", "DEPO 0000001", "AT 1000000"]
)
def test_a_padded_bates_number_whose_prefix_is_a_page_word_stays_bates(text: str) -> None:
    pin = parse_pinpoint(text)
    assert pin.kind == "bates"
    assert format_pinpoint(pin).startswith(text.split("-")[0])


@pytest.mark.parametrize(("text", "page"), [("P 12", 12), ("p 0000001", 1), ("p. 4", 4)])
def test_a_short_or_lower_case_page_cite_stays_a_page(text: str, page: int) -> None:
    pin = parse_pinpoint(text)
    assert (pin.kind, pin.page) == ("page", page)
