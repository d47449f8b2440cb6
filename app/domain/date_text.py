"""Plain-language explanations of what a typed date means, for live feedback in forms."""

from __future__ import annotations

from datetime import timedelta

from app.domain.dates import DateError, FuzzyDate, Precision, Qualifier


def _day(d: object) -> str:
    return f"{d:%d %b %Y}".lstrip("0")  # type: ignore[str-format]


def _range_text(date: FuzzyDate) -> str:
    last = date.latest - timedelta(minutes=1)
    if date.qualifier is Qualifier.BEFORE:
        return f"any time before {_day(date.latest)}"
    if date.qualifier is Qualifier.AFTER:
        return f"any time from {_day(date.earliest)}"
    if date.precision is Precision.MINUTE and date.qualifier is Qualifier.EXACT:
        return f"{date.earliest:%d %b %Y %H:%M}".lstrip("0")
    if date.precision is Precision.DAY and date.qualifier is Qualifier.EXACT:
        return _day(date.earliest)
    if date.earliest.year == last.year and date.earliest.month == last.month:
        return f"{date.earliest.day}\u2013{last.day} {date.earliest:%b %Y}"
    return f"{_day(date.earliest)} \u2013 {_day(last)}"


def explain(date: FuzzyDate, *, day_first: bool = False) -> str:
    """'December 2016 → month, 1–31 Dec 2016'; ambiguity spelled out."""
    kind = date.precision.value
    if date.qualifier is not Qualifier.EXACT:
        kind = f"{date.qualifier.value}, {kind}"
    text = f"{date.text} \u2192 {kind}, {_range_text(date)}"
    if date.ambiguous:
        order = "day first" if day_first else "month first"
        text += f" (ambiguous: read {order}; write the month as a word to be sure)"
    return text


def interpret(
    text: str, *, day_first: bool = False, allow_empty: bool = True
) -> tuple[FuzzyDate | None, str, bool]:
    """(date or None, message, valid) for what a person typed in a date field."""
    if not text.strip():
        return None, ("undated" if allow_empty else "a date is required"), allow_empty
    try:
        date = FuzzyDate.parse(text, day_first=day_first)
    except DateError as error:
        return None, error.reason, False
    return date, explain(date, day_first=day_first), True
