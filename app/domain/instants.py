"""Instants as whole seconds since 1970-01-01 00:00 UTC (negative before): the one conversion
between calendar dates and the integers that the store keeps and the timeline columns hold.

An :class:`Instant` is an ``int`` (so it sorts, hashes and is stored as one) that can also
say which proleptic Gregorian calendar day and clock time it is, for any year a 64-bit count
of seconds reaches (hundreds of billions of years). Years are *astronomical*: year 0 is
1 BC and year -500 is 501 BC. It compares equal to (and orders with) a naive ``datetime``
of the same wall-clock reading, so code written for ``datetime`` instants keeps working.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
DAY = 86400
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
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
_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the proleptic Gregorian date (any astronomical year)."""
    y = year - (1 if month <= 2 else 0)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """(year, month, day) of the day ``days`` after 1970-01-01."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if month <= 2 else 0), month, day


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def year_text(year: int) -> str:
    """ISO 8601 expanded year: four digits, a sign before the common era or past 9999."""
    if 0 <= year <= 9999:
        return f"{year:04d}"
    return f"-{-year:04d}" if year < 0 else f"+{year}"


class Instant(int):
    """Whole seconds since 1970-01-01 00:00 UTC, with the calendar reading of that second."""

    __slots__ = ()

    @classmethod
    def of(
        cls,
        year: int,
        month: int = 1,
        day: int = 1,
        hour: int = 0,
        minute: int = 0,
        second: int = 0,
    ) -> Instant:
        """The instant of a (valid) proleptic Gregorian date and clock time."""
        return cls(days_from_civil(year, month, day) * DAY + hour * 3600 + minute * 60 + second)

    def parts(self) -> tuple[int, int, int, int, int, int]:
        days, secs = divmod(int(self), DAY)
        y, m, d = civil_from_days(days)
        return y, m, d, secs // 3600, secs // 60 % 60, secs % 60

    year = property(lambda self: self.parts()[0])
    month = property(lambda self: self.parts()[1])
    day = property(lambda self: self.parts()[2])
    hour = property(lambda self: self.parts()[3])
    minute = property(lambda self: self.parts()[4])
    second = property(lambda self: self.parts()[5])
    microsecond = 0
    tzinfo = None

    def weekday(self) -> int:
        """Monday is 0, as for ``datetime``."""
        return (int(self) // DAY + 3) % 7

    def isoformat(self, timespec: str = "auto") -> str:
        y, m, d, hh, mm, ss = self.parts()
        out = f"{year_text(y)}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}"
        if timespec == "seconds" or (timespec == "auto" and ss):
            out += f":{ss:02d}"
        return out

    def strftime(self, fmt: str) -> str:
        """A small ``strftime``: %Y %m %d %H %M %S %b %B %a %y %%."""
        y, m, d, hh, mm, ss = self.parts()
        codes = {
            "Y": str(y),
            "m": f"{m:02d}",
            "d": f"{d:02d}",
            "H": f"{hh:02d}",
            "M": f"{mm:02d}",
            "S": f"{ss:02d}",
            "b": _MONTH_ABBR[m - 1],
            "B": MONTH_NAMES[m - 1],
            "a": _DAY_ABBR[self.weekday()],
            "y": f"{y % 100:02d}",
            "%": "%",
        }
        out, i = [], 0
        while i < len(fmt):
            if fmt[i] == "%" and i + 1 < len(fmt):
                out.append(codes.get(fmt[i + 1], fmt[i : i + 2]))
                i += 2
            else:
                out.append(fmt[i])
                i += 1
        return "".join(out)

    def __format__(self, spec: str) -> str:
        return self.strftime(spec) if "%" in spec else int.__format__(int(self), spec)

    def __repr__(self) -> str:
        return f"Instant({self.isoformat()})"

    def to_datetime(self) -> datetime:
        """The naive ``datetime`` (years 1..9999 only; ValueError otherwise)."""
        y, m, d, hh, mm, ss = self.parts()
        if not 1 <= y <= 9999:
            raise ValueError(f"year {y} is outside 1..9999")
        return datetime(y, m, d, hh, mm, ss)

    # -- arithmetic with timedelta and comparison with datetime, as a datetime would --------

    def __add__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return Instant(int(self) + other // _SECOND)
        return int.__add__(self, other)

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return Instant(int(self) - -(-other // _SECOND))
        if isinstance(other, datetime):
            return timedelta(seconds=int(self) - to_seconds(other))
        return int.__sub__(self, other)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, datetime):
            return int(self) == to_seconds(other) and not other.microsecond
        return int.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = int.__hash__

    def _cmp(self, other: Any) -> Any:
        return to_seconds(other) if isinstance(other, datetime) else other

    def __lt__(self, other: Any) -> bool:
        return int(self) < self._cmp(other)

    def __le__(self, other: Any) -> bool:
        return int(self) <= self._cmp(other)

    def __gt__(self, other: Any) -> bool:
        return int(self) > self._cmp(other)

    def __ge__(self, other: Any) -> bool:
        return int(self) >= self._cmp(other)


def to_seconds(instant: datetime | int) -> int:
    """Whole seconds from the epoch to ``instant`` (rounded down; aware datetimes in UTC)."""
    if isinstance(instant, int):
        return int(instant)
    if instant.tzinfo is not None:
        instant = instant.astimezone(UTC).replace(tzinfo=None)
    return (instant - EPOCH) // _SECOND


def from_seconds(seconds: int) -> Instant:
    """The instant ``seconds`` after the epoch (before it when negative)."""
    return Instant(int(seconds))


_ISO_INSTANT = re.compile(r"([-+]?\d{4,12})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?", re.ASCII)


def parse_instant(s: object) -> Instant | None:
    """An instant written by :meth:`Instant.isoformat` (or ``datetime.isoformat``), or None."""
    m = _ISO_INSTANT.fullmatch(s) if isinstance(s, str) else None
    if m is None:
        return None
    y, mo, d, hh, mm, ss = (int(g) for g in m.groups(default="0"))
    if not (1 <= mo <= 12 and 1 <= d <= days_in_month(y, mo) and hh < 24 and mm < 60 > ss):
        return None
    return Instant.of(y, mo, d, hh, mm, ss)
