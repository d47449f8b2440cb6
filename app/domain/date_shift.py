"""Moving a dated claim by whole units of its own precision (for dragging on the timeline).

"2013" moved by 2 is "2015"; "December 2016" moved by 1 is "January 2017"; a circa, before,
after or between claim keeps its qualifier and moves every date it names. The result's text
is the canonical display form, since the old text no longer describes it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from app.domain.dates import DateError, FuzzyDate, Precision

_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?")
UNIT_SECONDS = {
    Precision.YEAR: 365.2425 * 86400,
    Precision.MONTH: 30.436875 * 86400,
    Precision.DAY: 86400.0,
    Precision.MINUTE: 60.0,
}


def _shift_point(match: re.Match[str], steps: int, unit: Precision) -> str:
    year, month, day, hour, minute = (None if g is None else int(g) for g in match.groups())
    assert year is not None
    if unit is Precision.YEAR:
        year += steps
    elif unit is Precision.MONTH:
        total = year * 12 + ((month or 1) - 1) + steps
        year, month_index = divmod(total, 12)
        month = month_index + 1 if month is not None else None
    else:
        base = datetime(year, month or 1, day or 1, hour or 0, minute or 0)
        delta = timedelta(days=steps) if unit is Precision.DAY else timedelta(minutes=steps)
        moved = base + delta
        year, month = moved.year, moved.month if month is not None else None
        day = moved.day if day is not None else None
        if hour is not None:
            hour, minute = moved.hour, moved.minute
    if not 1 <= year <= 9999:
        raise DateError(match.group(0), "moving it would leave the supported years")
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
        if day is not None:
            # keep a valid day when a month move lands on a shorter month
            import calendar

            day = min(day, calendar.monthrange(year, month)[1])
            text += f"-{day:02d}"
            if hour is not None:
                text += f"T{hour:02d}:{minute:02d}"
    return text


def shift(date: FuzzyDate, steps: int, *, day_first: bool = False) -> FuzzyDate:
    """``date`` moved by ``steps`` units of its precision (raises DateError if impossible)."""
    if steps == 0:
        return date
    unit = date.precision
    iso = _POINT.sub(lambda m: _shift_point(m, steps, unit), date.to_iso())
    moved = FuzzyDate.from_iso(iso)
    return FuzzyDate.parse(moved.format(day_first=day_first), day_first=day_first)


def steps_for(seconds: float, precision: Precision) -> int:
    """How many whole units of ``precision`` a drag of ``seconds`` snaps to."""
    return round(seconds / UNIT_SECONDS[precision])
