"""Instants and intervals of a date claim in words, for panels, tooltips and reports:
"25 Mar 2019", "1 Jan 500 BC", "13800000001 BC", "14:05:33", and a timed claim shown in
another zone (the case's) beside the zone it was written in."""

from __future__ import annotations

from app.domain.date_format import year_words
from app.domain.date_interval import FINE_YEARS, TIMED, Precision, Qualifier
from app.domain.date_zones import ZoneError, to_wall
from app.domain.dates import MAX_INSTANT, MIN_INSTANT, FuzzyDate
from app.domain.instants import Instant

_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(t: int) -> str:
    """ "25 Mar 2019", "15 Mar 44 BC"; only the year outside the proleptic Gregorian range."""
    y, m, d, _, _, _ = Instant(t).parts()
    if not FINE_YEARS[0] <= y <= FINE_YEARS[1]:
        return year_words(y)
    return f"{d} {_ABBR[m - 1]} {year_words(y)}"


def clock_words(t: int, seconds: bool = False) -> str:
    _, _, _, hh, mm, ss = Instant(t).parts()
    return f"{hh:02d}:{mm:02d}" + (f":{ss:02d}" if seconds else "")


def instant_words(t: int, precision: Precision) -> str:
    """The day, with the clock time for minute and second precision."""
    if precision in TIMED:
        return f"{day_words(t)} {clock_words(t, precision is Precision.SECOND)}"
    return day_words(t)


def own_clock(date: FuzzyDate, t: int) -> Instant:
    """What clocks in the zone the date was written in read at ``t`` (UTC if none)."""
    if date.zone is None or date.precision not in TIMED or t in (MIN_INSTANT, MAX_INSTANT):
        return Instant(t)
    try:
        return to_wall(date.zone, t)
    except ZoneError:
        return Instant(t)


def interval_words(date: FuzzyDate) -> str:
    """The whole interval a claim allows, "open" for an open end: "1 Jan 1990 – 31 Dec 1999";
    clock times as written (in the date's own zone)."""
    p = date.precision
    last = Instant(date.latest - (1 if p in TIMED else 86400))
    lo = instant_words(own_clock(date, date.earliest), p)
    hi = instant_words(own_clock(date, last), p)
    lo = "open" if date.earliest == MIN_INSTANT else lo
    hi = "open" if date.latest == MAX_INSTANT else hi
    return lo if lo == hi else f"{lo} \u2013 {hi}"


def in_zone(date: FuzzyDate, zone: str | None) -> str | None:
    """A timed claim's start as clocks in ``zone`` (None: UTC) read it, with the zone named:
    "25 Mar 2019 19:05 UTC"; None for a claim without a clock time or an open start."""
    if date.precision not in TIMED:
        return None
    t = date.latest if date.qualifier is Qualifier.BEFORE else date.earliest
    if t in (MIN_INSTANT, MAX_INSTANT):
        return None
    try:
        wall = to_wall(zone, t)
    except ZoneError:
        return None
    return f"{instant_words(wall, date.precision)} {zone or 'UTC'}"
