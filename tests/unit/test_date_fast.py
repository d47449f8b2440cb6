"""The ISO-day fast path (app.domain.date_fast) agrees with the full parser on every text:
the same claim, text and ambiguity where it answers, and the same stored columns."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.date_fast import day_columns, iso_day
from app.domain.dates import DateError, FuzzyDate
from app.store.values import date_columns


def _full(text: str, day_first: bool) -> FuzzyDate | None:
    try:
        return FuzzyDate.parse(text, day_first=day_first, zone="Europe/Berlin", southern=True)
    except DateError:
        return None


def _agrees(text: str) -> None:
    fast = iso_day(text)
    if fast is None:
        return
    for day_first in (False, True):
        full = _full(text, day_first)
        assert full is not None, text
        assert fast == full and fast.text == full.text and not fast.ambiguous, text
        assert hash(fast) == hash(full)
    assert day_columns(fast) == tuple(date_columns("d", full).values())


def _iso_like(rng: random.Random) -> str:
    year = rng.choice([rng.randint(0, 9999), rng.randint(1900, 2030), 0, 1, 9999])
    month = rng.choice([rng.randint(0, 13), rng.randint(1, 12)])
    day = rng.choice([rng.randint(0, 32), rng.randint(28, 31), 1])
    text = f"{year:04d}-{month:02d}-{day:02d}"
    mangle = rng.random()
    if mangle < 0.1:
        text = f" {text}"
    elif mangle < 0.2:
        text = text.replace("-", "/")
    elif mangle < 0.3:
        text = text[: rng.randint(0, len(text))]
    elif mangle < 0.35:
        text = text + rng.choice(["~", "T10:00", "/..", "Z", "\n"])
    elif mangle < 0.4:
        text = "\u0661" + text[1:]  # a non-ASCII digit
    return text


def test_iso_days_agree_with_the_full_parser() -> None:
    rng = random.Random(15)
    answered = 0
    for _ in range(4000):
        text = _iso_like(rng)
        _agrees(text)
        answered += iso_day(text) is not None
    assert answered > 1500  # most of the texts took the fast path


def test_the_fast_path_declines_what_it_does_not_read() -> None:
    for text in ["2021-02-30", "1900-02-29", "0000-01-01", " 2020-01-01", "2020-01-01 ",
                 "2020-1-01", "20200101", "2020-01", "c. 2020-01-01", "2020-01-01~",
                 "\uff12020-01-01", "25/03/2010", ""]:  # fmt: skip
        assert iso_day(text) is None, text
    assert iso_day("2000-02-29") == FuzzyDate.parse("2000-02-29")


def test_day_columns_only_for_exact_days() -> None:
    for text in ["2020", "June 2020", "circa 2020-01-01", "2020-01-01 10:00", "before 2020-01-01"]:
        assert day_columns(FuzzyDate.parse(text)) is None, text
    assert day_columns(FuzzyDate.parse("25 March 2010")) == (
        "25 March 2010", "2010-03-25", "day", "exact", 1269475200, 1269561600, False
    )  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="0123456789-/ .~T:Z", max_size=14))
def test_any_text_of_date_characters(text: str) -> None:
    _agrees(text)
