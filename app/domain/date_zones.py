"""Time zones written with a date, and the case's zone for dates written without one.

A zone is kept by name, exactly as it is canonically written:

* ``UTC`` (also read from "Z" and "GMT" is kept as "GMT"),
* one of a small table of abbreviations whose meaning is not in doubt in a chronology
  (``EST EDT CST CDT MST MDT PST PDT GMT UTC BST CET CEST``; abbreviations such as "IST"
  mean different places in different countries and are refused),
* a fixed offset ``+01:00`` / ``-05:00`` (read from "+0100", "+01", "UTC+1", "GMT-5"),
* an IANA name such as ``Europe/London`` (its offset follows the zone's rules for the day).

Wall-clock readings are seconds since 1970 as if the clock were UTC; :func:`to_utc` and
:func:`to_wall` convert between a reading in a zone and the instant.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from app.domain.instants import EPOCH, Instant

# zoneinfo and the patterns below load when a zone is first read, not with every module
# that shows a date (the window's first frame reads none)
if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

ABBREVIATIONS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "EST": -5 * 3600,
    "EDT": -4 * 3600,
    "CST": -6 * 3600,
    "CDT": -5 * 3600,
    "MST": -7 * 3600,
    "MDT": -6 * 3600,
    "PST": -8 * 3600,
    "PDT": -7 * 3600,
    "BST": 3600,
    "CET": 3600,
    "CEST": 2 * 3600,
}

_OFFSET = r"(?:(?:UTC|GMT)\s*)?([+-\u2212])(\d{1,2})(?::?(\d{2}))?"
_IANA = r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)+"
MAX_OFFSET = 14 * 3600


class ZoneError(ValueError):
    """Text that is not a time zone this program knows."""


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The offset and IANA name patterns, compiled at the first zone read."""
    return re.compile(_OFFSET, re.IGNORECASE), re.compile(_IANA)


@lru_cache(maxsize=256)
def _iana(name: str) -> ZoneInfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def canonical_zone(text: str) -> str:
    """The canonical name of a written zone; ZoneError with a reason otherwise."""
    s = text.strip()
    if s.upper() == "Z":
        return "UTC"
    if s.upper() in ABBREVIATIONS:
        return s.upper()
    offset, iana = _patterns()
    m = offset.fullmatch(s)
    if m is not None:
        sign = -1 if m[1] in "-\u2212" else 1
        hours, minutes = int(m[2]), int(m[3] or 0)
        if minutes >= 60 or hours * 3600 + minutes * 60 > MAX_OFFSET:
            raise ZoneError(f"{s} is not a valid offset from UTC")
        return offset_name(sign * (hours * 3600 + minutes * 60))
    if iana.fullmatch(s) and _iana(s) is not None:
        return s
    if s.isalpha() and s.isupper() and 2 <= len(s) <= 5:
        raise ZoneError(
            f"the zone abbreviation {s} is ambiguous or unknown; write an offset "
            "(+05:30) or a zone name (Asia/Kolkata)"
        )
    raise ZoneError(f"{s!r} is not a known time zone")


def offset_name(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def is_zone(name: str) -> bool:
    try:
        return canonical_zone(name) == name
    except ZoneError:
        return False


def _fixed(zone: str) -> int | None:
    if zone in ABBREVIATIONS:
        return ABBREVIATIONS[zone]
    if zone[:1] in "+-" and len(zone) == 6:
        sign = -1 if zone[0] == "-" else 1
        return sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return None


def _datetime(seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


def to_utc(zone: str | None, wall: int) -> Instant:
    """The instant at which clocks in ``zone`` read ``wall`` (the earlier one in a fold).

    ZoneError for a reading the zone skips (clocks going forward) or a zone name used
    outside years 1..9999."""
    if zone is None:
        return Instant(wall)
    fixed = _fixed(zone)
    if fixed is not None:
        return Instant(wall - fixed)
    info = _iana(zone)
    if info is None:
        raise ZoneError(f"{zone!r} is not a known time zone")
    try:
        local = _datetime(wall).replace(tzinfo=info)
    except OverflowError:
        raise ZoneError(f"{zone} can only be used for years 1 to 9999") from None
    offset = local.utcoffset() or timedelta(0)
    utc = wall - int(offset.total_seconds())
    if to_wall(zone, utc) != wall:
        raise ZoneError(f"{_datetime(wall):%Y-%m-%d %H:%M} does not exist in {zone}")
    return Instant(utc)


def to_wall(zone: str | None, utc: int) -> Instant:
    """What clocks in ``zone`` read at the instant ``utc``."""
    if zone is None:
        return Instant(utc)
    fixed = _fixed(zone)
    if fixed is not None:
        return Instant(utc + fixed)
    info = _iana(zone)
    if info is None:
        raise ZoneError(f"{zone!r} is not a known time zone")
    try:
        offset = _datetime(utc).replace(tzinfo=UTC).astimezone(info).utcoffset()
    except (OverflowError, ValueError):
        raise ZoneError(f"{zone} can only be used for years 1 to 9999") from None
    return Instant(utc + int((offset or timedelta(0)).total_seconds()))


def zone_label(zone: str | None, utc: int) -> str:
    """How the zone is shown beside a clock time: its name, or the offset in force."""
    return "UTC" if zone is None else zone


def known_zone_names() -> list[str]:
    """Names offered for the case time zone: UTC, the fixed table, then IANA names."""
    from zoneinfo import available_timezones

    names = sorted(n for n in available_timezones() if "/" in n and not n.startswith("Etc/"))
    return ["UTC", *names]
