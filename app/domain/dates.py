"""Fuzzy dates: a date in a chronology is a *claim*, not a timestamp.

A source may say "2004", "December 2016", "on or about 25 March 2019" or
"between March 2013 and June 2014".  :class:`FuzzyDate` records exactly the
precision the source gave and turns the claim into a half-open interval of
naive instants ``[earliest, latest)`` that can be sorted and compared.  It never
invents parts the source did not give (python-dateutil would otherwise fill
them in from today's date).

Precisions
    ``YEAR`` ("2004"), ``MONTH`` ("Dec 2016", "2016-12", "12/2016"), ``DAY``
    ("25 March 2019", "March 25, 2019", "2019-03-25") and ``MINUTE``
    ("2019-03-25 14:30", "25 March 2019 2:30 pm").  Seconds are accepted but the
    interval is still the whole minute.  A time needs hours *and* minutes
    ("2 pm" alone is rejected: write "2:00 pm").

Qualifiers (case-insensitive prefixes)
    ``CIRCA``   "circa", "c.", "c", "ca.", "ca", "about", "around",
                "approximately", "approx.", "on or about", "~".
                The interval is the inner date widened by one unit of its own
                precision on each side: "circa 2004" is [2003-01-01, 2006-01-01),
                "c. March 2019" is [2019-02-01, 2019-05-01), a circa day is
                ±1 day and a circa minute ±1 minute.  (See ``_step``; the rule is
                applied in one place, ``_interval``.)
    ``BEFORE``  "before", "prior to": [MIN_INSTANT, inner.earliest).
    ``AFTER``   "after", "later than": [inner.latest, MAX_INSTANT).
    ``BETWEEN`` "between A and B": [A.earliest, B.latest); the precision is the
                coarser of the two ends, and both ends' precisions are kept in
                ``range_precisions`` so the range can be written out again.

Bounds
    ``MIN_INSTANT`` (0001-01-01 00:00) and ``MAX_INSTANT`` (9999-12-31 23:59)
    bound every interval; intervals are clamped to them (so year 9999 is
    [9999-01-01, MAX_INSTANT)).  The very last minute 9999-12-31 23:59 cannot
    be represented and is rejected, as are claims that would be empty
    ("before 0001", "after 9999").

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
    a weekday without a day of the month is rejected.  Time-zone designators
    are ignored: the clock time is kept as written.

Canonical form (``to_iso`` / ``from_iso``), EDTF-inspired::

    iso     := point                  EXACT
             | point "~"              CIRCA
             | "../" point            BEFORE  (strictly before the point)
             | point "/.."            AFTER   (strictly after the point)
             | point "/" point        BETWEEN
    point   := YYYY | YYYY-MM | YYYY-MM-DD | YYYY-MM-DD "T" hh:mm

Years are always four digits, month/day/hour/minute two digits.
``FuzzyDate.parse`` also accepts this form.

Everything that can fail raises :class:`DateError` (a ``ValueError``) with
the offending text and a short human reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from dateutil.parser import ParserError, parser, parserinfo

__all__ = [
    "MAX_INSTANT",
    "MIN_INSTANT",
    "DateError",
    "FuzzyDate",
    "Precision",
    "Qualifier",
    "parse_optional",
]


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

MAX_TEXT_LENGTH = 200

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Coarsest first; used to pick the precision of a BETWEEN range.
_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2, Precision.MINUTE: 3}


class _Invalid(Exception):
    """Internal: carries a reason; public entry points turn it into DateError."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Point(NamedTuple):
    """One date as given: the first instant of a unit of ``precision``."""

    precision: Precision
    start: datetime


# ---------------------------------------------------------------------------
# Interval arithmetic


def _truncate(dt: datetime, precision: Precision) -> datetime:
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


def _step(start: datetime, precision: Precision, n: int) -> datetime | None:
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


def _point_end(point: _Point) -> datetime:
    return _high(_step(point.start, point.precision, 1))


def _check_point(point: _Point) -> None:
    if point.start != _truncate(point.start, point.precision):
        raise _Invalid(f"not the start of a {point.precision.value}")
    if not MIN_INSTANT <= point.start < MAX_INSTANT:
        raise _Invalid("outside the supported range")


def _interval(qualifier: Qualifier, points: tuple[_Point, ...]) -> tuple[datetime, datetime]:
    """The [earliest, latest) interval a qualified claim stands for."""
    first = points[0]
    if qualifier is Qualifier.EXACT:
        earliest, latest = first.start, _point_end(first)
    elif qualifier is Qualifier.CIRCA:
        earliest = _low(_step(first.start, first.precision, -1))
        latest = _high(_step(first.start, first.precision, 2))
    elif qualifier is Qualifier.BEFORE:
        earliest, latest = MIN_INSTANT, first.start
        if latest <= earliest:
            raise _Invalid("nothing can be dated before 0001-01-01")
    elif qualifier is Qualifier.AFTER:
        earliest, latest = _point_end(first), MAX_INSTANT
        if latest <= earliest:
            raise _Invalid("nothing can be dated after 9999-12-31")
    else:
        earliest, latest = first.start, _point_end(points[1])
        if latest <= earliest:
            raise _Invalid("end before start")
    return earliest, latest


def _claim_precision(points: tuple[_Point, ...]) -> Precision:
    """The coarsest precision among the points (BETWEEN takes the coarser end)."""
    return min((p.precision for p in points), key=_RANK.__getitem__)


def _point_from_parts(
    year: int,
    month: int | None = None,
    day: int | None = None,
    hour: int | None = None,
    minute: int | None = None,
) -> _Point:
    if month is None and day is not None:
        raise _Invalid("day given without a month")
    if day is None and (hour is not None or minute is not None):
        raise _Invalid("a time needs a day")
    if (hour is None) != (minute is None):
        raise _Invalid("a time needs hours and minutes")
    if not 1 <= year <= 9999:
        raise _Invalid(f"year {year} is out of range")
    try:
        start = datetime(year, month or 1, day or 1, hour or 0, minute or 0)
    except (ValueError, OverflowError) as exc:
        raise _Invalid(str(exc)) from None
    if minute is not None:
        precision = Precision.MINUTE
    elif day is not None:
        precision = Precision.DAY
    elif month is not None:
        precision = Precision.MONTH
    else:
        precision = Precision.YEAR
    point = _Point(precision, start)
    _check_point(point)
    return point


# ---------------------------------------------------------------------------
# Canonical (ISO / EDTF-like) form

_ISO_POINT_PATTERN = r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?)?"
_ISO_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?", re.ASCII)
_ISO_CLAIM = re.compile(
    rf"(?P<exact>{_ISO_POINT_PATTERN})(?P<circa>~)?"
    rf"|\.\./(?P<before>{_ISO_POINT_PATTERN})"
    rf"|(?P<after>{_ISO_POINT_PATTERN})/\.\."
    rf"|(?P<start>{_ISO_POINT_PATTERN})/(?P<end>{_ISO_POINT_PATTERN})",
    re.ASCII,
)


def _iso_point(point: _Point) -> str:
    s = point.start
    out = f"{s.year:04d}"
    if point.precision is not Precision.YEAR:
        out += f"-{s.month:02d}"
    if point.precision in (Precision.DAY, Precision.MINUTE):
        out += f"-{s.day:02d}"
    if point.precision is Precision.MINUTE:
        out += f"T{s.hour:02d}:{s.minute:02d}"
    return out


def _parse_iso_point(s: str) -> _Point:
    m = _ISO_POINT.fullmatch(s)
    if m is None:  # pragma: no cover - guarded by _ISO_CLAIM
        raise _Invalid("not a canonical date")
    parts = [None if g is None else int(g) for g in m.groups()]
    year = parts[0]
    assert year is not None
    return _point_from_parts(year, parts[1], parts[2], parts[3], parts[4])


def _parse_iso_claim(s: str) -> tuple[Qualifier, tuple[_Point, ...]] | None:
    m = _ISO_CLAIM.fullmatch(s)
    if m is None:
        return None
    g = m.groupdict()
    if g["exact"] is not None:
        qualifier = Qualifier.CIRCA if g["circa"] else Qualifier.EXACT
        return qualifier, (_parse_iso_point(g["exact"]),)
    if g["before"] is not None:
        return Qualifier.BEFORE, (_parse_iso_point(g["before"]),)
    if g["after"] is not None:
        return Qualifier.AFTER, (_parse_iso_point(g["after"]),)
    return Qualifier.BETWEEN, (_parse_iso_point(g["start"]), _parse_iso_point(g["end"]))


# ---------------------------------------------------------------------------
# Free-text parsing


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
_PREFIXES = (
    (Qualifier.CIRCA, _CIRCA_PREFIX),
    (Qualifier.BEFORE, _BEFORE_PREFIX),
    (Qualifier.AFTER, _AFTER_PREFIX),
)

# ISO-like dates are read without dateutil: with dayfirst=True it reads "2003-02-01"
# as 2 January, and it reads "0005-03" as 5 March of no year.
_ISO_LOOSE = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::\d{2}(?:[.,]\d+)?)?)?)?)?",
    re.ASCII,
)
_TIME_LIKE = re.compile(r"\d{1,2}\s*:\s*\d{1,2}(?:\s*:\s*\d{1,2}(?:[.,]\d+)?)?")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")


def _split_qualifier(text: str) -> tuple[Qualifier, list[str]]:
    for qualifier, prefix in _PREFIXES:
        m = prefix.match(text)
        if m is not None:
            return qualifier, [text[m.end() :]]
    if _BETWEEN_WORD.match(text):
        m = _BETWEEN.fullmatch(text)
        if m is None:
            raise _Invalid("'between' needs two dates joined by 'and'")
        return Qualifier.BETWEEN, [m["a"], m["b"]]
    return Qualifier.EXACT, [text]


def _has_qualifier(text: str) -> bool:
    return any(p.match(text) for _, p in _PREFIXES) or bool(_BETWEEN_WORD.match(text))


def _dateutil_point(body: str, day_first: bool, weekday: int | None) -> _Point:
    try:
        a = _PARSER.parse(body, default=_DEFAULT_A, dayfirst=day_first, ignoretz=True)
        b = _PARSER.parse(body, default=_DEFAULT_B, dayfirst=day_first, ignoretz=True)
    except ParserError as exc:
        message = str(exc.args[0]) if exc.args else ""
        if not message or message.startswith(("Unknown string format", "String does not")):
            raise _Invalid("not a date") from None
        raise _Invalid(message.removesuffix(": %s")) from None
    except Exception:  # dateutil leaks OverflowError, IndexError, ... on odd input
        raise _Invalid("not a date") from None
    if not isinstance(a, datetime) or not isinstance(b, datetime):  # pragma: no cover
        raise _Invalid("not a date")
    given = {f: getattr(a, f) == getattr(b, f) for f in ("year", "month", "day", "hour", "minute")}
    seconds_given = a.second == b.second
    timed = given["hour"] or given["minute"] or seconds_given
    if timed and not (given["year"] or given["month"] or given["day"]):
        raise _Invalid("a time needs a date")
    if not given["year"]:
        raise _Invalid("no year given")
    if given["day"] and not given["month"]:
        raise _Invalid("no month given")
    if timed and not given["day"]:
        raise _Invalid("a time needs a day")
    if timed and not (given["hour"] and given["minute"]):
        raise _Invalid("a time needs hours and minutes (e.g. 2:00 pm)")
    if weekday is not None:
        if not given["day"]:
            raise _Invalid("a weekday needs a day of the month")
        if a.weekday() != weekday:
            raise _Invalid(
                f"{a.day} {MONTH_NAMES[a.month - 1]} {a.year} was a "
                f"{_WEEKDAY_NAMES[a.weekday()]}, not a {_WEEKDAY_NAMES[weekday]}"
            )
    return _point_from_parts(
        a.year,
        a.month if given["month"] else None,
        a.day if given["day"] else None,
        a.hour if timed else None,
        a.minute if timed else None,
    )


def _parse_point(body: str, day_first: bool) -> tuple[_Point, bool]:
    """One date without qualifier -> (point, ambiguous)."""
    body = body.strip()
    if not body:
        raise _Invalid("empty")
    if _has_qualifier(body):
        raise _Invalid("only one qualifier is allowed")
    m = _ISO_LOOSE.fullmatch(body)
    if m is not None:
        parts = [None if g is None else int(g) for g in m.groups()]
        year = parts[0]
        assert year is not None
        return _point_from_parts(year, parts[1], parts[2], parts[3], parts[4]), False

    without_times = _TIME_LIKE.sub(" ", body)
    runs = _DIGITS.findall(without_times)
    if any(len(r) in (3, 4) and int(r) < 100 for r in runs):
        raise _Invalid("years before 100 must be written as YYYY-MM-DD")

    weekdays: set[int] = set()

    def drop_weekday(m: re.Match[str]) -> str:
        wd = _INFO.weekday(m.group())
        if wd is None:
            return m.group()
        weekdays.add(wd)
        return " "

    cleaned = _WORD.sub(drop_weekday, body)
    if len(weekdays) > 1:
        raise _Invalid("more than one weekday")
    weekday = next(iter(weekdays), None)

    # Year-first numeric dates ("2003/02/01", "20030201") are always Y-M-D and never
    # ambiguous; dateutil would read them as Y-D-M when dayfirst=True.
    if runs and len(runs[0]) >= 3:
        return _dateutil_point(cleaned, False, weekday), False
    point = _dateutil_point(cleaned, day_first, weekday)
    try:
        other = _dateutil_point(cleaned, not day_first, weekday)
    except _Invalid:
        return point, False
    return point, other != point


# ---------------------------------------------------------------------------
# Display


def _format_point(point: _Point, day_first: bool) -> str:
    s = point.start
    if s.year < 100:
        # dateutil cannot read two-significant-digit years in prose; ISO is exact.
        return _iso_point(point).replace("T", " ")
    if point.precision is Precision.YEAR:
        return str(s.year)
    month = MONTH_NAMES[s.month - 1]
    if point.precision is Precision.MONTH:
        return f"{month} {s.year}"
    date = f"{s.day} {month} {s.year}" if day_first else f"{month} {s.day}, {s.year}"
    if point.precision is Precision.DAY:
        return date
    return f"{date}, {s.hour:02d}:{s.minute:02d}"


def _format_claim(qualifier: Qualifier, points: tuple[_Point, ...], day_first: bool) -> str:
    first = _format_point(points[0], day_first)
    if qualifier is Qualifier.CIRCA:
        return f"circa {first}"
    if qualifier is Qualifier.BEFORE:
        return f"before {first}"
    if qualifier is Qualifier.AFTER:
        return f"after {first}"
    if qualifier is Qualifier.BETWEEN:
        return f"between {first} and {_format_point(points[1], day_first)}"
    return first


def _reject(text: str, exc: _Invalid) -> DateError:
    return DateError(text, exc.reason)


# ---------------------------------------------------------------------------
# The value object


@dataclass(frozen=True)
class FuzzyDate:
    """A dated claim with the precision its source gave.

    ``earliest`` (inclusive) and ``latest`` (exclusive) are naive datetimes with
    ``MIN_INSTANT <= earliest < latest <= MAX_INSTANT``.  ``ambiguous`` records
    that the text was a numeric date whose day/month order could be read both
    ways; it describes the writing, not the claim.  ``range_precisions`` is
    ``(start precision, end precision)`` for ``BETWEEN`` claims and ``None``
    otherwise; the inner dates of a range are recovered from ``earliest``,
    ``latest`` and these precisions.

    Constructing a FuzzyDate directly validates it: the interval must be exactly
    the one its precision and qualifier imply (DateError otherwise).
    """

    text: str
    precision: Precision
    qualifier: Qualifier
    earliest: datetime
    latest: datetime
    ambiguous: bool = False
    range_precisions: tuple[Precision, Precision] | None = None

    def __post_init__(self) -> None:
        text = self.text if isinstance(self.text, str) else repr(self.text)
        try:
            self._validate()
        except _Invalid as exc:
            raise _reject(text, exc) from None

    def _validate(self) -> None:
        if not isinstance(self.text, str):
            raise _Invalid("text must be a string")
        try:
            object.__setattr__(self, "precision", Precision(self.precision))
            object.__setattr__(self, "qualifier", Qualifier(self.qualifier))
        except (ValueError, TypeError):
            raise _Invalid("unknown precision or qualifier") from None
        if not isinstance(self.ambiguous, bool):
            raise _Invalid("ambiguous must be a bool")
        for instant in (self.earliest, self.latest):
            if not isinstance(instant, datetime) or instant.tzinfo is not None:
                raise _Invalid("earliest and latest must be naive datetimes")
        if not MIN_INSTANT <= self.earliest < self.latest <= MAX_INSTANT:
            raise _Invalid("earliest must be before latest, within the supported range")
        if any(t.second or t.microsecond for t in (self.earliest, self.latest)):
            raise _Invalid("earliest and latest must be whole minutes")
        if self.qualifier is Qualifier.BETWEEN:
            rp = self.range_precisions
            if rp is None:
                rp = (self.precision, self.precision)
            try:
                rp = (Precision(rp[0]), Precision(rp[1]))
            except (ValueError, TypeError, IndexError, KeyError):
                raise _Invalid("bad range precisions") from None
            object.__setattr__(self, "range_precisions", rp)
        elif self.range_precisions is not None:
            raise _Invalid("range precisions are only for 'between'")
        points = self._points()
        for point in points:
            _check_point(point)
        if _claim_precision(points) is not self.precision:
            raise _Invalid("precision does not match the range")
        if _interval(self.qualifier, points) != (self.earliest, self.latest):
            raise _Invalid(f"interval does not match a {self.qualifier.value} claim")

    def _points(self) -> tuple[_Point, ...]:
        """The date(s) the claim was made from, recovered from the interval."""
        p, q = self.precision, self.qualifier
        last_minute = self.latest - timedelta(minutes=1)
        if q is Qualifier.EXACT:
            return (_Point(p, self.earliest),)
        if q is Qualifier.BEFORE:
            return (_Point(p, self.latest),)
        if q is Qualifier.AFTER:
            start = _step(self.earliest, p, -1)
        elif q is Qualifier.CIRCA:
            if self.latest < MAX_INSTANT:
                start = _step(_truncate(last_minute, p), p, -1)
            else:
                start = _step(self.earliest, p, 1)
        else:
            assert self.range_precisions is not None
            p1, p2 = self.range_precisions
            return (_Point(p1, self.earliest), _Point(p2, _truncate(last_minute, p2)))
        if start is None:
            raise _Invalid("outside the supported range")
        return (_Point(p, start),)

    @classmethod
    def _make(
        cls,
        text: str | None,
        qualifier: Qualifier,
        points: tuple[_Point, ...],
        ambiguous: bool = False,
    ) -> FuzzyDate:
        earliest, latest = _interval(qualifier, points)
        precision = _claim_precision(points)
        range_precisions = None
        if qualifier is Qualifier.BETWEEN:
            range_precisions = (points[0].precision, points[1].precision)
        return cls(
            text=_format_claim(qualifier, points, False) if text is None else text,
            precision=precision,
            qualifier=qualifier,
            earliest=earliest,
            latest=latest,
            ambiguous=ambiguous,
            range_precisions=range_precisions,
        )

    # -- construction ---------------------------------------------------------

    @classmethod
    def parse(cls, text: str, *, day_first: bool = False) -> FuzzyDate:
        """Read a date as a person wrote it.  Raises only :class:`DateError`."""
        if not isinstance(text, str):
            raise DateError(repr(text), "not text")
        stripped = text.strip()
        if not stripped:
            raise DateError("", "empty")
        if len(stripped) > MAX_TEXT_LENGTH:
            raise DateError(stripped, "too long")
        try:
            iso = _parse_iso_claim(stripped)
            if iso is not None:
                return cls._make(stripped, iso[0], iso[1])
            qualifier, bodies = _split_qualifier(stripped)
            if qualifier is not Qualifier.EXACT and not bodies[-1].strip():
                raise _Invalid(f"no date after '{qualifier.value}'")
            readings = [_parse_point(body, day_first) for body in bodies]
            points = tuple(point for point, _ in readings)
            ambiguous = any(amb for _, amb in readings)
            return cls._make(stripped, qualifier, points, ambiguous)
        except _Invalid as exc:
            raise _reject(stripped, exc) from None

    @classmethod
    def from_parts(
        cls,
        year: int,
        month: int | None = None,
        day: int | None = None,
        hour: int | None = None,
        minute: int | None = None,
        *,
        qualifier: Qualifier = Qualifier.EXACT,
        text: str | None = None,
    ) -> FuzzyDate:
        """Build a claim from separate parts (importers); ``text`` defaults to ``format()``.

        Missing parts are ``None``; a part may only be given if all coarser parts
        are, and hour and minute go together.  ``BETWEEN`` needs two dates: use
        :meth:`between`.
        """
        parts = (year, month, day, hour, minute)
        label = text.strip() if isinstance(text, str) else repr(parts)
        try:
            for part in parts:
                if part is not None and (isinstance(part, bool) or not isinstance(part, int)):
                    raise _Invalid("date parts must be whole numbers")
            try:
                qualifier = Qualifier(qualifier)
            except (ValueError, TypeError):
                raise _Invalid("unknown qualifier") from None
            if qualifier is Qualifier.BETWEEN:
                raise _Invalid("a 'between' claim needs two dates; use FuzzyDate.between")
            point = _point_from_parts(year, month, day, hour, minute)
            return cls._make(None if text is None else label, qualifier, (point,))
        except _Invalid as exc:
            raise _reject(label, exc) from None

    @classmethod
    def between(cls, start: FuzzyDate, end: FuzzyDate, *, text: str | None = None) -> FuzzyDate:
        """A ``BETWEEN`` claim from two exact dates (e.g. an importer's start/end columns)."""
        label = text.strip() if text is not None else f"{start.text} - {end.text}"
        try:
            if start.qualifier is not Qualifier.EXACT or end.qualifier is not Qualifier.EXACT:
                raise _Invalid("both ends of a range must be exact dates")
            points = (start._points()[0], end._points()[0])
            return cls._make(
                None if text is None else label,
                Qualifier.BETWEEN,
                points,
                start.ambiguous or end.ambiguous,
            )
        except _Invalid as exc:
            raise _reject(label, exc) from None

    # -- canonical form ---------------------------------------------------------

    def to_iso(self) -> str:
        """Canonical machine form (grammar in the module docstring)."""
        points = self._points()
        first = _iso_point(points[0])
        if self.qualifier is Qualifier.CIRCA:
            return first + "~"
        if self.qualifier is Qualifier.BEFORE:
            return "../" + first
        if self.qualifier is Qualifier.AFTER:
            return first + "/.."
        if self.qualifier is Qualifier.BETWEEN:
            return f"{first}/{_iso_point(points[1])}"
        return first

    @classmethod
    def from_iso(cls, s: str) -> FuzzyDate:
        """Inverse of :meth:`to_iso`; ``text`` becomes :meth:`format` (month first)."""
        if not isinstance(s, str):
            raise DateError(repr(s), "not text")
        stripped = s.strip()
        try:
            parsed = _parse_iso_claim(stripped)
            if parsed is None:
                raise _Invalid("not a canonical date")
            return cls._make(None, parsed[0], parsed[1])
        except _Invalid as exc:
            raise _reject(stripped, exc) from None

    def to_record(self) -> dict[str, Any]:
        """JSON-ready dict; instants as ISO-8601 to the minute."""
        return {
            "text": self.text,
            "precision": self.precision.value,
            "qualifier": self.qualifier.value,
            "earliest": self.earliest.isoformat(timespec="minutes"),
            "latest": self.latest.isoformat(timespec="minutes"),
            "ambiguous": self.ambiguous,
            "iso": self.to_iso(),
        }

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> FuzzyDate:
        """Inverse of :meth:`to_record`.  Every field is checked against ``iso``."""
        if not isinstance(d, dict):
            raise DateError(repr(d), "not a record")
        text = d.get("text")
        label = text if isinstance(text, str) else repr(d)
        fields = ("text", "precision", "qualifier", "earliest", "latest", "ambiguous", "iso")
        missing = [k for k in fields if k not in d]
        if missing:
            raise DateError(label, f"missing {', '.join(missing)}")
        if not isinstance(text, str) or not isinstance(d["iso"], str):
            raise DateError(label, "text and iso must be strings")
        if not isinstance(d["ambiguous"], bool):
            raise DateError(label, "ambiguous must be true or false")
        claim = cls.from_iso(d["iso"])
        try:
            earliest = datetime.fromisoformat(d["earliest"])
            latest = datetime.fromisoformat(d["latest"])
        except (TypeError, ValueError):
            raise DateError(label, "earliest and latest must be ISO-8601 instants") from None
        if (
            d["precision"] != claim.precision.value
            or d["qualifier"] != claim.qualifier.value
            or earliest != claim.earliest
            or latest != claim.latest
        ):
            raise DateError(label, "record does not match its iso form")
        return cls(
            text=text,
            precision=claim.precision,
            qualifier=claim.qualifier,
            earliest=claim.earliest,
            latest=claim.latest,
            ambiguous=d["ambiguous"],
            range_precisions=claim.range_precisions,
        )

    # -- display and ordering ---------------------------------------------------

    def format(self, *, day_first: bool = False) -> str:
        """Human display; parses back (same ``day_first``) to the same claim."""
        return _format_claim(self.qualifier, self._points(), day_first)

    @property
    def anchor(self) -> datetime:
        """The instant used for sorting: ``latest`` for BEFORE, ``earliest`` otherwise."""
        return self.latest if self.qualifier is Qualifier.BEFORE else self.earliest

    def sort_key(self) -> tuple[datetime, datetime, datetime]:
        """Chronological sort key: (anchor, latest, earliest)."""
        return (self.anchor, self.latest, self.earliest)

    def same_claim(self, other: object) -> bool:
        """Same claim regardless of how it was written (ignores text and ambiguous)."""
        if not isinstance(other, FuzzyDate):
            return False
        return (
            self.precision is other.precision
            and self.qualifier is other.qualifier
            and self.earliest == other.earliest
            and self.latest == other.latest
            and self.range_precisions == other.range_precisions
        )


def parse_optional(text: str | None, *, day_first: bool = False) -> FuzzyDate | None:
    """``None`` or blank text means undated (``None``); anything else must parse."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return FuzzyDate.parse(text, day_first=day_first)
