"""The parts of a date claim and the interval it stands for.

A source gives a date to some *precision* and may hedge it with a *qualifier*; the claim
stands for a half-open interval of instants ``[earliest, latest)`` (:class:`Instant`: whole
seconds since 1970-01-01 00:00 UTC, astronomical years). This module holds those words
(:class:`Precision`, :class:`Qualifier`), the error every date function raises
(:class:`DateError`), one date as given (:class:`DatePoint`) and the interval arithmetic.
:class:`~app.domain.dates.FuzzyDate` is built on it.

Precisions (coarsest first)
    ``CENTURY`` ("19th century": 1801-1900, "5th century BC": 500-401 BC), ``DECADE``
    ("1990s"), ``YEAR`` ("2004", "500 BC", "-499"), ``THIRD`` ("early / mid / late 2016":
    January-April, May-August, September-December), ``QUARTER`` ("Q3 2015"), ``SEASON``
    ("Spring 2015": meteorological seasons of three months, northern or southern
    hemisphere; winter Y runs from December Y), ``MONTH``, ``DAY``, ``MINUTE``, ``SECOND``.

Qualifiers and their intervals
    ``EXACT``   the whole unit the date names.
    ``CIRCA``   the inner date widened by one unit of its own precision on each side.
    ``BEFORE``  [MIN_INSTANT, inner.earliest).
    ``AFTER``   [inner.latest, MAX_INSTANT).
    ``BETWEEN`` [A.earliest, B.latest); the precision is the coarser of the two ends.

Bounds and zones
    Year precision and coarser reach from ``MIN_YEAR`` (290 billion BC) to ``MAX_YEAR``
    (290 billion AD), as far as 64-bit seconds go on both sides of the common era; finer
    precisions need a year within -9999..9999 (proleptic Gregorian). Intervals are clamped
    to [MIN_INSTANT, MAX_INSTANT) = [start of MIN_YEAR, end of MAX_YEAR). Spans across the
    whole range (about 1.8e19 seconds) exceed int64: whoever subtracts instants in numpy
    uses :func:`app.timeline.durations.durations` or Python integers. A point's ``start`` is
    the wall-clock reading in its ``zone`` (None: UTC); only times (minute, second) carry a
    zone, and the interval is converted to UTC.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from app.domain.date_zones import ZoneError, is_zone, to_utc
from app.domain.instants import DAY, Instant, days_in_month


class Precision(StrEnum):
    """How much of the date the source gave."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"
    DECADE = "decade"
    CENTURY = "century"
    QUARTER = "quarter"
    SEASON = "season"
    THIRD = "third"


# How each precision is named to a person ("third" is "early", "mid" or "late").
PRECISION_WORDS = {
    Precision.CENTURY: "century",
    Precision.DECADE: "decade",
    Precision.YEAR: "year",
    Precision.THIRD: "early / mid / late",
    Precision.QUARTER: "quarter",
    Precision.SEASON: "season",
    Precision.MONTH: "month",
    Precision.DAY: "day",
    Precision.MINUTE: "minute",
    Precision.SECOND: "second",
}


class Qualifier(StrEnum):
    """How the source hedged the date."""

    EXACT = "exact"
    CIRCA = "circa"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"


class DateError(ValueError):
    """A text (or record) that is not a usable date claim."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text, reason)
        self.text = text
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.text!r}: {self.reason}"


MIN_YEAR = -289_999_999_999  # 290 billion BC (astronomical numbering)
MAX_YEAR = 290_000_000_000  # 290 billion AD; both ends within int64 seconds (+-292 billion)
FIRST_YEAR_WORDS = "290 billion BC"
LAST_YEAR_WORDS = "290 billion AD"
FINE_YEARS = (-9999, 9999)  # precisions finer than a year
MIN_INSTANT = Instant.of(MIN_YEAR)
MAX_INSTANT = Instant.of(MAX_YEAR + 1)

# Coarsest first; used to pick the precision of a BETWEEN range.
_RANK = {
    Precision.CENTURY: 0,
    Precision.DECADE: 1,
    Precision.YEAR: 2,
    Precision.THIRD: 3,
    Precision.QUARTER: 4,
    Precision.SEASON: 5,
    Precision.MONTH: 6,
    Precision.DAY: 7,
    Precision.MINUTE: 8,
    Precision.SECOND: 9,
}
# Precisions counted in months (and how many); years (and how many).
_MONTHS = {Precision.MONTH: 1, Precision.QUARTER: 3, Precision.SEASON: 3, Precision.THIRD: 4}
_YEARS = {Precision.YEAR: 1, Precision.DECADE: 10, Precision.CENTURY: 100}
_SECONDS = {Precision.DAY: DAY, Precision.MINUTE: 60, Precision.SECOND: 1}
TIMED = (Precision.MINUTE, Precision.SECOND)


def is_fine(precision: Precision) -> bool:
    """Finer than a year (needs a year in the proleptic Gregorian range FINE_YEARS)."""
    return _RANK[precision] > _RANK[Precision.YEAR]


class InvalidClaim(Exception):
    """Raised inside the date modules with a short reason; their public entry points turn it
    into a :class:`DateError` naming the offending text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DatePoint(NamedTuple):
    """One date as given: the first wall-clock instant of a unit of ``precision``, the zone
    its clock time was given in (times only) and, for seasons, the hemisphere."""

    precision: Precision
    start: Instant
    zone: str | None = None
    southern: bool = False


def truncate(t: int, precision: Precision) -> Instant:
    """The start of the unit of ``precision`` holding the wall-clock reading ``t``."""
    if precision in _SECONDS:
        unit = _SECONDS[precision]
        return Instant(t - t % unit)
    y, m, _, _, _, _ = Instant(t).parts()
    if precision in _MONTHS:
        if precision is Precision.SEASON:
            months = y * 12 + m - 1 - m % 3  # seasons start in March, June, September, December
            return Instant.of(months // 12, months % 12 + 1)
        n = _MONTHS[precision]
        return Instant.of(y, m - (m - 1) % n)
    if precision is Precision.CENTURY:
        return Instant.of(y - (y - 1) % 100)
    return Instant.of(y - y % _YEARS[precision])


def step(start: int, precision: Precision, n: int) -> Instant | None:
    """``start`` (aligned to ``precision``) moved by ``n`` units; None if out of range."""
    if precision in _SECONDS:
        out = Instant(start + n * _SECONDS[precision])
    else:
        y, m, _, _, _, _ = Instant(start).parts()
        if precision in _MONTHS:
            months = y * 12 + m - 1 + n * _MONTHS[precision]
            y, m = months // 12, months % 12 + 1
        else:
            y += n * _YEARS[precision]
        if not MIN_YEAR <= y <= MAX_YEAR + 1:
            return None
        out = Instant.of(y, m)
    if not MIN_INSTANT <= out <= MAX_INSTANT:
        return None
    return out


def _low(t: int | None) -> Instant:
    return MIN_INSTANT if t is None else Instant(max(t, MIN_INSTANT))


def _high(t: int | None) -> Instant:
    return MAX_INSTANT if t is None else Instant(min(t, MAX_INSTANT))


def _utc(point: DatePoint, wall: Instant) -> Instant:
    if point.zone is None or wall in (MIN_INSTANT, MAX_INSTANT):
        return wall
    try:
        return to_utc(point.zone, wall)
    except ZoneError as exc:
        raise InvalidClaim(str(exc)) from None


def _point_end(point: DatePoint) -> Instant:
    return _high(step(point.start, point.precision, 1))


def check_point(point: DatePoint) -> None:
    if point.start != truncate(point.start, point.precision):
        raise InvalidClaim(f"not the start of a {PRECISION_WORDS[point.precision]}")
    if not MIN_INSTANT <= point.start < MAX_INSTANT:
        raise InvalidClaim("outside the supported range")
    if is_fine(point.precision) and not FINE_YEARS[0] <= point.start.year <= FINE_YEARS[1]:
        raise InvalidClaim(
            "months, quarters, seasons, days and times are only supported for years 9999 BC (-9999)"
            " to 9999 AD"
        )
    if point.zone is not None and (point.precision not in TIMED or not is_zone(point.zone)):
        raise InvalidClaim("a time zone needs a time of day")
    if point.southern and point.precision is not Precision.SEASON:
        raise InvalidClaim("only seasons have a hemisphere")


def claim_interval(qualifier: Qualifier, points: tuple[DatePoint, ...]) -> tuple[Instant, Instant]:
    """The [earliest, latest) interval (UTC instants) a qualified claim stands for."""
    first = points[0]
    if qualifier is Qualifier.EXACT:
        earliest, latest = _utc(first, first.start), _utc(first, _point_end(first))
    elif qualifier is Qualifier.CIRCA:
        earliest = _utc(first, _low(step(first.start, first.precision, -1)))
        latest = _utc(first, _high(step(first.start, first.precision, 2)))
    elif qualifier is Qualifier.BEFORE:
        earliest, latest = MIN_INSTANT, _utc(first, first.start)
        if latest <= earliest:
            raise InvalidClaim(f"nothing can be dated before {FIRST_YEAR_WORDS}")
    elif qualifier is Qualifier.AFTER:
        earliest, latest = _utc(first, _point_end(first)), MAX_INSTANT
        if latest <= earliest:
            raise InvalidClaim(f"nothing can be dated after {LAST_YEAR_WORDS}")
    else:
        last = points[1]
        earliest, latest = _utc(first, first.start), _utc(last, _point_end(last))
        if latest <= earliest:
            raise InvalidClaim("end before start")
    return earliest, latest


def claim_precision(points: tuple[DatePoint, ...]) -> Precision:
    """The coarsest precision among the points (BETWEEN takes the coarser end)."""
    return min((p.precision for p in points), key=_RANK.__getitem__)


def point_from_parts(
    year: int,
    month: int | None = None,
    day: int | None = None,
    hour: int | None = None,
    minute: int | None = None,
    second: int | None = None,
    *,
    zone: str | None = None,
) -> DatePoint:
    if month is None and day is not None:
        raise InvalidClaim("day given without a month")
    if day is None and (hour is not None or minute is not None):
        raise InvalidClaim("a time needs a day")
    if (hour is None) != (minute is None):
        raise InvalidClaim("a time needs hours and minutes")
    if second is not None and minute is None:
        raise InvalidClaim("seconds need hours and minutes")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidClaim(year_out_of_range(year))
    if month is not None and not FINE_YEARS[0] <= year <= FINE_YEARS[1]:
        raise InvalidClaim(
            "months, quarters, seasons, days and times are only supported for years 9999 BC (-9999)"
            " to 9999 AD"
        )
    month_, day_ = month or 1, day or 1
    if not 1 <= month_ <= 12:
        raise InvalidClaim("month must be in 1..12")
    if not 1 <= day_ <= days_in_month(year, month_):
        raise InvalidClaim("day is out of range for month")
    if not (0 <= (hour or 0) <= 23 and 0 <= (minute or 0) <= 59 and 0 <= (second or 0) <= 59):
        raise InvalidClaim("time of day out of range")
    start = Instant.of(year, month_, day_, hour or 0, minute or 0, second or 0)
    if second is not None:
        precision = Precision.SECOND
    elif minute is not None:
        precision = Precision.MINUTE
    elif day is not None:
        precision = Precision.DAY
    elif month is not None:
        precision = Precision.MONTH
    else:
        precision = Precision.YEAR
    point = DatePoint(precision, start, zone if precision in TIMED else None)
    if zone is not None and precision not in TIMED:
        raise InvalidClaim("a time zone needs a time of day")
    check_point(point)
    return point


def unit_point(
    precision: Precision, year: int, month: int = 1, *, southern: bool = False
) -> DatePoint:
    """A decade, century, quarter, season or early/mid/late part starting in ``year``/``month``."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidClaim(year_out_of_range(year))
    point = DatePoint(precision, Instant.of(year, month), None, southern)
    check_point(point)
    return point


def year_out_of_range(year: int) -> str:
    if year > MAX_YEAR:
        return f"year {year} is after {LAST_YEAR_WORDS} ({MAX_YEAR}), the last year supported"
    return f"year {year} is before {FIRST_YEAR_WORDS} ({MIN_YEAR}), the first year supported"
