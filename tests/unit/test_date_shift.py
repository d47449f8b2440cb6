"""Moving dates by whole units of their precision."""

from __future__ import annotations

import pytest

from app.domain.date_shift import shift, steps_for
from app.domain.dates import DateError, FuzzyDate, Precision


@pytest.mark.parametrize(
    ("text", "steps", "expected"),
    [
        ("2013", 2, "2015"),
        ("December 2016", 1, "January 2017"),
        ("March 2019", -3, "December 2018"),
        ("March 31, 2019", 1, "April 1, 2019"),
        ("circa 2004", -1, "circa 2003"),
        ("before 2013", 1, "before 2014"),
        ("between March 2013 and June 2014", 2, "between May 2013 and August 2014"),
        ("2019-03-25 14:30", 45, "March 25, 2019, 15:15"),
    ],
)
def test_shift(text: str, steps: int, expected: str) -> None:
    moved = shift(FuzzyDate.parse(text), steps)
    assert moved.same_claim(FuzzyDate.parse(expected))
    assert moved.precision == FuzzyDate.parse(text).precision
    assert moved.qualifier == FuzzyDate.parse(text).qualifier


def test_shift_zero_keeps_the_text() -> None:
    date = FuzzyDate.parse("Dec 2016")
    assert shift(date, 0) is date


def test_out_of_range() -> None:
    with pytest.raises(DateError):
        shift(FuzzyDate.parse("+290000000000"), 1)
    with pytest.raises(DateError):
        shift(FuzzyDate.parse("December 9999"), 1)  # months stop at 9999


def test_steps_snap_to_precision() -> None:
    assert steps_for(400 * 86400, Precision.YEAR) == 1
    assert steps_for(100 * 86400, Precision.YEAR) == 0
    assert steps_for(-45 * 86400, Precision.MONTH) == -1
    assert steps_for(36 * 3600, Precision.DAY) == 2
