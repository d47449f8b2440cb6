"""Reading a date claim as a person wrote it: text -> (qualifier, dates, ambiguous).

Qualifiers (case-insensitive prefixes)
    ``CIRCA``   "circa", "c.", "c", "ca.", "ca", "about", "around",
                "approximately", "approx.", "on or about", "~".
    ``BEFORE``  "before", "prior to".
    ``AFTER``   "after", "later than".
    ``BETWEEN`` "between A and B".

Precisions
    "2004"; "Dec 2016", "2016-12", "12/2016"; "25 March 2019", "March 25, 2019",
    "2019-03-25"; "2019-03-25 14:30", "25 March 2019 2:30 pm"; "14:05:33" keeps its
    seconds.  A time needs hours *and* minutes ("2 pm" alone is rejected: write "2:00 pm").
    Nothing the source did not give is invented (python-dateutil would otherwise fill it in
    from today's date).  Coarser than a year or between a year and a month (see
    ``app.domain.date_extra``): "500 BC", "-499", "the 1990s", "19th century", "Q3 2015",
    "early 2016", "mid-2016", "Spring 2015"; "2013 or 2014" is a between-claim. Years after
    9999 (year precision only): "12000 AD", "AD 12,000", "12,000", "+12000", and bare runs of
    5 to 12 digits except 6, 8 and 12 digits, which stay compact dates ("20190325").

Numeric dates and two-digit years
    "01/02/03", "1/2/2003", "01-02-2003", "01.02.2003" follow ``day_first``
    and are flagged ``ambiguous`` when the day-first and month-first readings
    are both valid and differ.  Year-first dates ("2003-02-01") are never
    ambiguous.  Two-digit years use a fixed pivot that does not depend on
    today's date: 00-68 -> 2000-2068, 69-99 -> 1969-1999 (the POSIX ``%y``
    rule).  Years below 100 must be written with four digits in ISO order
    ("0087-03-25"), because dateutil cannot tell "0087" from "87" elsewhere.

Weekdays
    "Monday, 25 March 2019" is accepted; the weekday must match the date and
    a weekday without a day of the month is rejected.

Time zones
    A zone written after a time ("14:05 EST", "14:05Z", "14:05 +0100", "14:05 Europe/London")
    is kept with the date (``app.domain.date_zones``); a time written without one is read
    in the zone the caller gives (the case's), and a zone without a time is refused.

The canonical form (``app.domain.date_iso``) is accepted too.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from dateutil.parser import ParserError, parser, parserinfo

from app.domain.date_extra import read_extra, read_signed_iso, split_zone
from app.domain.date_format import MONTH_NAMES
from app.domain.date_interval import (
    TIMED,
    DatePoint,
    InvalidClaim,
    Qualifier,
    point_from_parts,
)
from app.domain.date_iso import parse_iso_claim

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class _FixedPivotInfo(parserinfo):  # type: ignore[misc,unused-ignore]
    """dateutil parserinfo whose two-digit years do not depend on today's date."""

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        if year < 100 and not century_specified:
            return year + (2000 if year <= 68 else 1900)
        return year


_INFO = _FixedPivotInfo()
_PARSER = parser(_INFO)
# Two defaults that differ in every component dateutil may fill in: a part of the
# result is "given" iff both parses agree on it.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)

_CIRCA_PREFIX = re.compile(
    r"(?:~|(?:on\s+or\s+about|approximately|around|about|circa)\b|(?:approx|ca|c)(?:\.|\b))\s*",
    re.IGNORECASE,
)
_BEFORE_PREFIX = re.compile(r"(?:before|prior\s+to)\b\s*", re.IGNORECASE)
_AFTER_PREFIX = re.compile(r"(?:after|later\s+than)\b\s*", re.IGNORECASE)
_BETWEEN_WORD = re.compile(r"between\b", re.IGNORECASE)
_BETWEEN = re.compile(r"between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)", re.IGNORECASE | re.DOTALL)
_OR = re.compile(r"(?P<a>.+?)\s+or\s+(?P<b>.+)", re.IGNORECASE | re.DOTALL)
_PREFIXES = (
    (Qualifier.CIRCA, _CIRCA_PREFIX),
    (Qualifier.BEFORE, _BEFORE_PREFIX),
    (Qualifier.AFTER, _AFTER_PREFIX),
)

# ISO-like dates are read without dateutil: with dayfirst=True it reads "2003-02-01"
# as 2 January, and it reads "0005-03" as 5 March of no year.
_ISO_LOOSE = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?)?)?",
    re.ASCII,
)
_TIME_LIKE = re.compile(r"\d{1,2}\s*:\s*\d{1,2}(?:\s*:\s*\d{1,2}(?:[.,]\d+)?)?")
_DIGITS = re.compile(r"\d+")
# dateutil reads "90s", "5m", "12h" as durations and fails with "second must be in 0..59".
_DURATION = re.compile(
    r"\d+\s*(?:h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b", re.IGNORECASE | re.ASCII
)
_WORD = re.compile(r"[^\W\d_]+")


def _any_zone(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's hook for a zone it found: any zone will do, the caller refuses it."""
    if name is None and offset is None:
        return None
    return timezone(timedelta(seconds=offset or 0))


def _split_qualifier(text: str) -> tuple[Qualifier, list[str]]:
    for qualifier, prefix in _PREFIXES:
        m = prefix.match(text)
        if m is not None:
            return qualifier, [text[m.end() :]]
    if _BETWEEN_WORD.match(text):
        m = _BETWEEN.fullmatch(text)
        if m is None:
            raise InvalidClaim("'between' needs two dates joined by 'and'")
        return Qualifier.BETWEEN, [m["a"], m["b"]]
    m = _OR.fullmatch(text)
    if m is not None:
        return Qualifier.BETWEEN, [m["a"], m["b"]]
    return Qualifier.EXACT, [text]


def _has_qualifier(text: str) -> bool:
    return any(p.match(text) for _, p in _PREFIXES) or bool(_BETWEEN_WORD.match(text))


def _dateutil_point(
    body: str, day_first: bool, weekday: int | None, zone: str | None = None
) -> DatePoint:
    try:
        a = _PARSER.parse(body, default=_DEFAULT_A, dayfirst=day_first, tzinfos=_any_zone)
        b = _PARSER.parse(body, default=_DEFAULT_B, dayfirst=day_first, tzinfos=_any_zone)
    except ParserError as exc:
        message = str(exc.args[0]) if exc.args else ""
        if not message or message.startswith(("Unknown string format", "String does not")):
            raise InvalidClaim("not a date") from None
        raise InvalidClaim(message.removesuffix(": %s")) from None
    except Exception:  # dateutil leaks OverflowError, IndexError, ... on odd input
        raise InvalidClaim("not a date") from None
    if not isinstance(a, datetime) or not isinstance(b, datetime):  # pragma: no cover
        raise InvalidClaim("not a date")
    if a.tzinfo is not None:
        raise InvalidClaim('write the time zone right after the time, at the end ("14:05 EST")')
    given = {f: getattr(a, f) == getattr(b, f) for f in ("year", "month", "day", "hour", "minute")}
    seconds_given = a.second == b.second
    timed = given["hour"] or given["minute"] or seconds_given
    if timed and not (given["year"] or given["month"] or given["day"]):
        raise InvalidClaim("a time needs a date")
    if not given["year"]:
        raise InvalidClaim("no year given")
    if given["day"] and not given["month"]:
        raise InvalidClaim("no month given")
    if timed and not given["day"]:
        raise InvalidClaim("a time needs a day")
    if timed and not (given["hour"] and given["minute"]):
        raise InvalidClaim("a time needs hours and minutes (e.g. 2:00 pm)")
    if weekday is not None:
        if not given["day"]:
            raise InvalidClaim("a weekday needs a day of the month")
        if a.weekday() != weekday:
            raise InvalidClaim(
                f"{a.day} {MONTH_NAMES[a.month - 1]} {a.year} was a "
                f"{_WEEKDAY_NAMES[a.weekday()]}, not a {_WEEKDAY_NAMES[weekday]}"
            )
    return point_from_parts(
        a.year,
        a.month if given["month"] else None,
        a.day if given["day"] else None,
        a.hour if timed else None,
        a.minute if timed else None,
        a.second if seconds_given else None,
        zone=zone if timed else None,
    )


def _parse_point(
    body: str, day_first: bool, zone: str | None = None, southern: bool = False
) -> tuple[DatePoint, bool]:
    """One date without qualifier -> (point, ambiguous). ``zone`` is for a time written
    without one; ``southern`` the hemisphere of a season."""
    body = body.strip()
    if not body:
        raise InvalidClaim("empty")
    if _has_qualifier(body):
        raise InvalidClaim("only one qualifier is allowed")
    body, written = split_zone(body)
    body = body.strip()
    zone = written or zone
    point = read_signed_iso(body, zone)
    if point is None and written is None:
        point = read_extra(body, southern)
    if point is not None:
        return point, False
    m = _ISO_LOOSE.fullmatch(body)
    if m is not None:
        parts = [None if g is None else int(g) for g in m.groups()]
        year = parts[0]
        assert year is not None
        timed = parts[4] is not None
        return point_from_parts(year, *parts[1:], zone=zone if timed else None), False

    duration = _DURATION.search(body)
    if duration:
        raise InvalidClaim(
            f"not a date: {duration.group()!r} reads as a length of time"
            " (a decade is written with its century and a 0: 1990s)"
        )
    without_times = _TIME_LIKE.sub(" ", body)
    runs = _DIGITS.findall(without_times)
    if any(len(r) in (3, 4) and int(r) < 100 for r in runs):
        raise InvalidClaim("years before 100 must be written as YYYY-MM-DD")

    weekdays: set[int] = set()

    def drop_weekday(m: re.Match[str]) -> str:
        wd = _INFO.weekday(m.group())
        if wd is None:
            return m.group()
        weekdays.add(wd)
        return " "

    cleaned = _WORD.sub(drop_weekday, body)
    if len(weekdays) > 1:
        raise InvalidClaim("more than one weekday")
    weekday = next(iter(weekdays), None)

    # Year-first numeric dates ("2003/02/01", "20030201") are always Y-M-D and never
    # ambiguous; dateutil would read them as Y-D-M when dayfirst=True.
    if runs and len(runs[0]) >= 3:
        try:
            return _dateutil_point(cleaned, False, weekday, zone), False
        except InvalidClaim as exc:
            if body.isdigit() and len(body) >= 5:  # "100000": not a compact date
                raise InvalidClaim(
                    f"{exc.reason} (read as a compact date; a year after 9999 is written "
                    f"{int(body)} AD or +{int(body)})"
                ) from None
            raise
    point = _dateutil_point(cleaned, day_first, weekday, zone)
    try:
        other = _dateutil_point(cleaned, not day_first, weekday, zone)
    except InvalidClaim:
        return point, False
    return point, other != point


def parse_claim(
    text: str, day_first: bool, zone: str | None = None, southern: bool = False
) -> tuple[Qualifier, tuple[DatePoint, ...], bool]:
    """``text`` (stripped, not empty) -> (qualifier, the dates it names, ambiguous).

    ``zone`` is the zone of times written without one (None: UTC); ``southern`` says
    seasons are those of the southern hemisphere."""
    iso = parse_iso_claim(text)
    if iso is not None:
        return iso[0], iso[1], False
    qualifier, bodies = _split_qualifier(text)
    if qualifier is not Qualifier.EXACT and not bodies[-1].strip():
        raise InvalidClaim(f"no date after '{qualifier.value}'")
    readings = [_parse_point(body, day_first, None, southern) for body in bodies]
    written = {p.zone for p, _ in readings if p.zone is not None}
    if len(written) > 1:
        raise InvalidClaim("both ends of a range must be in the same time zone")
    claim_zone = next(iter(written), zone)
    points = tuple(p._replace(zone=claim_zone) if p.precision in TIMED else p for p, _ in readings)
    ambiguous = any(amb for _, amb in readings)
    is_or = qualifier is Qualifier.BETWEEN and not _BETWEEN_WORD.match(text)
    if is_or and points[1].start < points[0].start:  # "2014 or 2013"
        points = (points[1], points[0])
    return qualifier, points, ambiguous
