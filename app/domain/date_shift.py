"""Moving a dated claim by whole units of its own precision (for dragging on the timeline).

"2013" moved by 2 is "2015"; "December 2016" moved by 1 is "January 2017"; "Q3 2015" by 1 is
"Q4 2015"; a time keeps its zone and a season its hemisphere; a circa, before,
after or between claim keeps its qualifier and moves every date it names. The result's text
is the canonical display form, since the old text no longer describes it.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.date_interval import (
    MAX_INSTANT,
    MAX_YEAR,
    MIN_INSTANT,
    MIN_YEAR,
    InvalidClaim,
    Qualifier,
    check_point,
)
from app.domain.date_iso import iso_point, parse_iso_claim
from app.domain.dates import DateError, FuzzyDate, Precision
from app.domain.instants import Instant, days_in_month

_YEAR = 365.2425 * 86400
_MONTH = _YEAR / 12
UNIT_SECONDS = {
    Precision.CENTURY: 100 * _YEAR,
    Precision.DECADE: 10 * _YEAR,
    Precision.YEAR: _YEAR,
    Precision.THIRD: 4 * _MONTH,
    Precision.QUARTER: 3 * _MONTH,
    Precision.SEASON: 3 * _MONTH,
    Precision.MONTH: _MONTH,
    Precision.DAY: 86400.0,
    Precision.MINUTE: 60.0,
    Precision.SECOND: 1.0,
}


_MONTHS = {
    Precision.CENTURY: 1200,
    Precision.DECADE: 120,
    Precision.YEAR: 12,
    Precision.THIRD: 4,
    Precision.QUARTER: 3,
    Precision.SEASON: 3,
    Precision.MONTH: 1,
}


def _move(start: Instant, unit: Precision, steps: int) -> Instant | None:
    """``start`` moved by whole units (calendar units keep the day, clamped to the month)."""
    if unit not in _MONTHS:
        moved = Instant(start + steps * int(UNIT_SECONDS[unit]))
        return moved if MIN_INSTANT <= moved < MAX_INSTANT else None
    y, m, d, hh, mm, ss = start.parts()
    total = y * 12 + m - 1 + steps * _MONTHS[unit]
    y, m = total // 12, total % 12 + 1
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    return Instant.of(y, m, min(d, days_in_month(y, m)), hh, mm, ss)


def shift(date: FuzzyDate, steps: int, *, day_first: bool = False) -> FuzzyDate:
    """``date`` moved by ``steps`` units of its precision (raises DateError if impossible)."""
    if steps == 0:
        return date
    parsed = parse_iso_claim(date.to_iso())
    assert parsed is not None
    qualifier, points = parsed
    moved = []
    for point in points:
        start = _move(point.start, date.precision, steps)
        try:
            if start is None:
                raise InvalidClaim("out of range")
            check_point(point._replace(start=start))
        except InvalidClaim:
            raise DateError(date.text, "moving it would leave the supported years") from None
        moved.append(iso_point(point._replace(start=start)))
    if qualifier is Qualifier.CIRCA:
        iso = moved[0] + "~"
    elif qualifier is Qualifier.BEFORE:
        iso = "../" + moved[0]
    elif qualifier is Qualifier.AFTER:
        iso = moved[0] + "/.."
    else:
        iso = "/".join(moved)
    try:
        claim = FuzzyDate.from_iso(iso)
    except DateError:
        raise DateError(date.text, "moving it would leave the supported years") from None
    return replace(claim, text=claim.format(day_first=day_first))


def steps_for(seconds: float, precision: Precision) -> int:
    """How many whole units of ``precision`` a drag of ``seconds`` snaps to."""
    return round(seconds / UNIT_SECONDS[precision])
