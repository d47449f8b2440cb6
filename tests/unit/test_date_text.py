"""Live explanations of typed dates."""

from __future__ import annotations

import pytest

from app.domain.date_text import explain, interpret
from app.domain.dates import FuzzyDate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 2016", "December 2016 \u2192 month, 1\u201331 Dec 2016"),
        ("2004", "2004 \u2192 year, 1 Jan 2004 \u2013 31 Dec 2004"),
        ("25 March 2019", "25 March 2019 \u2192 day, 25 Mar 2019"),
        ("circa 2004", "circa 2004 \u2192 circa, year, 1 Jan 2003 \u2013 31 Dec 2005"),
        ("before 2013", "before 2013 \u2192 before, year, any time before 1 Jan 2013"),
    ],
)
def test_explanations(text: str, expected: str) -> None:
    assert explain(FuzzyDate.parse(text)) == expected


def test_ambiguous_is_spelled_out() -> None:
    date, message, ok = interpret("01/02/03", day_first=True)
    assert ok and date is not None and date.ambiguous
    assert "ambiguous" in message and "day first" in message and "Feb 2003" in message
    _d, us, _ok = interpret("01/02/03", day_first=False)
    assert "month first" in us and "2 Jan 2003" in us


def test_errors_and_empty() -> None:
    assert interpret("2021-02-30") == (None, interpret("2021-02-30")[1], False)
    assert "range" in interpret("2021-02-30")[1] or "day" in interpret("2021-02-30")[1]
    assert interpret("soon")[2] is False
    assert interpret("") == (None, "undated", True)
    assert interpret("  ", allow_empty=False) == (None, "a date is required", False)
