"""Plain-language explanations of what a typed date means, for live feedback in forms."""

from __future__ import annotations

from app.domain.date_display import day_words, in_zone, instant_words, own_clock
from app.domain.date_interval import FINE_YEARS, TIMED
from app.domain.dates import DateError, FuzzyDate, Instant, Precision, Qualifier

_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _range_text(date: FuzzyDate) -> str:
    p = date.precision
    last = Instant(date.latest - (1 if p in TIMED else 86400))
    if date.qualifier is Qualifier.BEFORE:
        return f"any time before {instant_words(own_clock(date, date.latest), p)}"
    if date.qualifier is Qualifier.AFTER:
        return f"any time from {instant_words(own_clock(date, date.earliest), p)}"
    if p in TIMED:
        first_words = instant_words(own_clock(date, date.earliest), p)
        if date.qualifier is Qualifier.EXACT:
            return first_words
        return f"{first_words} \u2013 {instant_words(own_clock(date, last), p)}"
    if p is Precision.DAY and date.qualifier is Qualifier.EXACT:
        return day_words(date.earliest)
    first = date.earliest
    fine = FINE_YEARS[0] <= first.year <= FINE_YEARS[1]
    if fine and (first.year, first.month) == (last.year, last.month):
        year = day_words(first).split(" ", 2)[2]
        return f"{first.day}\u2013{last.day} {_ABBR[first.month - 1]} {year}"
    lo, hi = day_words(first), day_words(last)
    return lo if lo == hi else f"{lo} \u2013 {hi}"


def explain(date: FuzzyDate, *, day_first: bool = False, zone: str | None = None) -> str:
    """'December 2016 → month, 1–31 Dec 2016'; ambiguity spelled out; a time written in
    another zone than ``zone`` (the case's) also shown in it."""
    kind = date.precision_word
    if date.qualifier is not Qualifier.EXACT:
        kind = f"{date.qualifier.value}, {kind}"
    text = f"{date.text} \u2192 {kind}, {_range_text(date)}"
    if date.zone is not None and date.zone != (zone or "UTC"):
        shown = in_zone(date, zone)
        if shown:
            text += f" {date.zone} (= {shown})"
    elif date.zone is not None:
        text += f" {date.zone}"
    if date.ambiguous:
        order = "day first" if day_first else "month first"
        text += f" (ambiguous: read {order}; write the month as a word to be sure)"
    return text


def interpret(
    text: str,
    *,
    day_first: bool = False,
    allow_empty: bool = True,
    zone: str | None = None,
    southern: bool = False,
) -> tuple[FuzzyDate | None, str, bool]:
    """(date or None, message, valid) for what a person typed in a date field; ``zone`` and
    ``southern`` are the case's time zone and hemisphere."""
    if not text.strip():
        return None, ("undated" if allow_empty else "a date is required"), allow_empty
    try:
        date = FuzzyDate.parse(text, day_first=day_first, zone=zone, southern=southern)
    except DateError as error:
        return None, error.reason, False
    return date, explain(date, day_first=day_first, zone=zone), True
