"""The parts of a date claim and the interval it stands for.

A source gives a date to some *precision* and may hedge it with a *qualifier*; the claim
stands for a half-open interval of naive instants ``[earliest, latest)``. This module holds
those words (:class:`Precision`, :class:`Qualifier`), the error every date function raises
(:class:`DateError`), one date as given (:class:`DatePoint`) and the interval arithmetic.
:class:`~app.domain.dates.FuzzyDate` is built on it.

Precisions
    ``YEAR`` ("2004"), ``MONTH`` ("Dec 2016"), ``DAY`` ("25 March 2019") and ``MINUTE``
    ("2019-03-25 14:30").

Qualifiers and their intervals
    ``EXACT``   the whole unit the date names.
    ``CIRCA``   the inner date widened by one unit of its own precision on each side:
                "circa 2004" is [2003-01-01, 2006-01-01), "c. March 2019" is
                [2019-02-01, 2019-05-01), a circa day is ±1 day and a circa minute ±1 minute.
                (See ``step``; the rule is applied in one place, ``claim_interval``.)
    ``BEFORE``  [MIN_INSTANT, inner.earliest).
    ``AFTER``   [inner.latest, MAX_INSTANT).
    ``BETWEEN`` [A.earliest, B.latest); the precision is the coarser of the two ends.

Bounds
    ``MIN_INSTANT`` (0001-01-01 00:00) and ``MAX_INSTANT`` (9999-12-31 23:59)
    bound every interval; intervals are clamped to them (so year 9999 is
    [9999-01-01, MAX_INSTANT)).  The very last minute 9999-12-31 23:59 cannot
    be represented and is rejected, as are claims that would be empty
    ("before 0001", "after 9999").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import NamedTuple


class Precision(StrEnum):
    """How much of the date the source gave."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"


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


MIN_INSTANT = datetime(1, 1, 1)
MAX_INSTANT = datetime(9999, 12, 31, 23, 59)

# Coarsest first; used to pick the precision of a BETWEEN range.
_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2, Precision.MINUTE: 3}


class InvalidClaim(Exception):
    """Raised inside the date modules with a short reason; their public entry points turn it
    into a :class:`DateError` naming the offending text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DatePoint(NamedTuple):
    """One date as given: the first instant of a unit of ``precision``."""

    precision: Precision
    start: datetime


def truncate(dt: datetime, precision: Precision) -> datetime:
    dt = dt.replace(second=0, microsecond=0)
    if precision is Precision.MINUTE:
        return dt
    dt = dt.replace(hour=0, minute=0)
    if precision is Precision.DAY:
        return dt
    dt = dt.replace(day=1)
    if precision is Precision.MONTH:
        return dt
    return dt.replace(month=1)


def step(start: datetime, precision: Precision, n: int) -> datetime | None:
    """``start`` (aligned to ``precision``) moved by ``n`` units; None if unrepresentable."""
    try:
        if precision is Precision.YEAR:
            return start.replace(year=start.year + n)
        if precision is Precision.MONTH:
            year, month0 = divmod(start.year * 12 + start.month - 1 + n, 12)
            return start.replace(year=year, month=month0 + 1)
        if precision is Precision.DAY:
            return start + timedelta(days=n)
        return start + timedelta(minutes=n)
    except (ValueError, OverflowError):
        return None


def _low(dt: datetime | None) -> datetime:
    return MIN_INSTANT if dt is None else max(dt, MIN_INSTANT)


def _high(dt: datetime | None) -> datetime:
    return MAX_INSTANT if dt is None else min(dt, MAX_INSTANT)


def _point_end(point: DatePoint) -> datetime:
    return _high(step(point.start, point.precision, 1))


def check_point(point: DatePoint) -> None:
    if point.start != truncate(point.start, point.precision):
        raise InvalidClaim(f"not the start of a {point.precision.value}")
    if not MIN_INSTANT <= point.start < MAX_INSTANT:
        raise InvalidClaim("outside the supported range")


def claim_interval(
    qualifier: Qualifier, points: tuple[DatePoint, ...]
) -> tuple[datetime, datetime]:
    """The [earliest, latest) interval a qualified claim stands for."""
    first = points[0]
    if qualifier is Qualifier.EXACT:
        earliest, latest = first.start, _point_end(first)
    elif qualifier is Qualifier.CIRCA:
        earliest = _low(step(first.start, first.precision, -1))
        latest = _high(step(first.start, first.precision, 2))
    elif qualifier is Qualifier.BEFORE:
        earliest, latest = MIN_INSTANT, first.start
        if latest <= earliest:
            raise InvalidClaim("nothing can be dated before 0001-01-01")
    elif qualifier is Qualifier.AFTER:
        earliest, latest = _point_end(first), MAX_INSTANT
        if latest <= earliest:
            raise InvalidClaim("nothing can be dated after 9999-12-31")
    else:
        earliest, latest = first.start, _point_end(points[1])
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
) -> DatePoint:
    if month is None and day is not None:
        raise InvalidClaim("day given without a month")
    if day is None and (hour is not None or minute is not None):
        raise InvalidClaim("a time needs a day")
    if (hour is None) != (minute is None):
        raise InvalidClaim("a time needs hours and minutes")
    if not 1 <= year <= 9999:
        raise InvalidClaim(f"year {year} is out of range")
    try:
        start = datetime(year, month or 1, day or 1, hour or 0, minute or 0)
    except (ValueError, OverflowError) as exc:
        raise InvalidClaim(str(exc)) from None
    if minute is not None:
        precision = Precision.MINUTE
    elif day is not None:
        precision = Precision.DAY
    elif month is not None:
        precision = Precision.MONTH
    else:
        precision = Precision.YEAR
    point = DatePoint(precision, start)
    check_point(point)
    return point
