"""The canonical (ISO 8601 / EDTF-inspired) form of a date claim, written and read.

::

    iso     := point                  EXACT
             | point "~"              CIRCA
             | "../" point            BEFORE  (strictly before the point)
             | point "/.."            AFTER   (strictly after the point)
             | point "/" point        BETWEEN
    point   := year | year "-" MM | year "-" MM "-" DD [ "T" hh ":" mm [ ":" ss ] [ zone ] ]
             | year "-" SS            season, quarter or part of a year (EDTF codes)
             | decade "X"             a decade: "199X" is the 1990s
             | "C" n                  a century: "C19" is 1801-1900, "C-5" the 5th century BC
    year    := four digits, or "-" and four or more digits (astronomical: -0499 is 500 BC),
               or "+" and five or more digits (a year after 9999: +12000)
    zone    := "Z" (UTC) | "+hh:mm" | "-hh:mm" | "[" name "]" (EST, Europe/London, ...)

EDTF codes ``SS``: 25-28 spring, summer, autumn, winter (northern hemisphere), 29-32 the same
in the southern hemisphere, 33-36 quarters 1-4, 37-39 early, mid and late (thirds).
"""

from __future__ import annotations

import re
from functools import cache

from app.domain.date_interval import (
    DatePoint,
    InvalidClaim,
    Precision,
    Qualifier,
    point_from_parts,
    unit_point,
)
from app.domain.instants import year_text

_YEAR = r"(?:\d{4}|-\d{4,12}|\+\d{5,12})"
_ZONE = r"(?:Z|[+-]\d{2}:\d{2}|\[[A-Za-z][A-Za-z0-9_+\-/]*\])"
_ISO_POINT_PATTERN = (
    rf"(?:C-?\d{{1,10}}|[-+]?\d{{3,11}}X|{_YEAR}(?:-\d{{2}}(?:-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}})?"
    rf"{_ZONE}?)?)?)?)"
)
_ISO_POINT = (
    rf"({_YEAR})(?:-(\d{{2}})(?:-(\d{{2}})(?:T(\d{{2}}):(\d{{2}})(?::(\d{{2}}))?({_ZONE})?)?)?)?"
)
_ISO_CLAIM = (
    rf"(?P<exact>{_ISO_POINT_PATTERN})(?P<circa>~)?"
    rf"|\.\./(?P<before>{_ISO_POINT_PATTERN})"
    rf"|(?P<after>{_ISO_POINT_PATTERN})/\.\."
    rf"|(?P<start>{_ISO_POINT_PATTERN})/(?P<end>{_ISO_POINT_PATTERN})"
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The point and claim patterns, compiled at the first canonical date read (not with
    every module that shows a date: the window's first frame reads none)."""
    return re.compile(_ISO_POINT, re.ASCII), re.compile(_ISO_CLAIM, re.ASCII)


# EDTF sub-year codes: code -> (precision, first month, southern hemisphere).
SUBYEAR_CODES: dict[int, tuple[Precision, int, bool]] = {
    25: (Precision.SEASON, 3, False),
    26: (Precision.SEASON, 6, False),
    27: (Precision.SEASON, 9, False),
    28: (Precision.SEASON, 12, False),
    29: (Precision.SEASON, 9, True),
    30: (Precision.SEASON, 12, True),
    31: (Precision.SEASON, 3, True),
    32: (Precision.SEASON, 6, True),
    33: (Precision.QUARTER, 1, False),
    34: (Precision.QUARTER, 4, False),
    35: (Precision.QUARTER, 7, False),
    36: (Precision.QUARTER, 10, False),
    37: (Precision.THIRD, 1, False),
    38: (Precision.THIRD, 5, False),
    39: (Precision.THIRD, 9, False),
}
_CODE_OF = {value: code for code, value in SUBYEAR_CODES.items()}


def zone_suffix(zone: str | None) -> str:
    if zone is None:
        return ""
    if zone == "UTC":
        return "Z"
    if zone[:1] in "+-":
        return zone
    return f"[{zone}]"


def century_of(start_year: int) -> int:
    """The signed ordinal of the century starting in ``start_year`` (-5: 5th century BC)."""
    return (start_year - 1) // 100 + 1 if start_year >= 1 else -((1 - start_year) // 100)


def century_start(n: int) -> int:
    return 100 * (n - 1) + 1 if n > 0 else 1 - 100 * (-n)


def iso_point(point: DatePoint) -> str:
    s = point.start
    p = point.precision
    y, m, d, hh, mm, ss = s.parts()
    if p is Precision.CENTURY:
        return f"C{century_of(y)}"
    if p is Precision.DECADE:
        return year_text(y)[:-1] + "X"
    out = year_text(y)
    if p in (Precision.SEASON, Precision.QUARTER, Precision.THIRD):
        return f"{out}-{_CODE_OF[(p, m, point.southern)]}"
    if p is Precision.YEAR:
        return out
    out += f"-{m:02d}"
    if p is Precision.MONTH:
        return out
    out += f"-{d:02d}"
    if p is Precision.DAY:
        return out
    out += f"T{hh:02d}:{mm:02d}"
    if p is Precision.SECOND:
        out += f":{ss:02d}"
    return out + zone_suffix(point.zone)


def _zone_of(suffix: str | None) -> str | None:
    if suffix is None:
        return None
    if suffix == "Z":
        return "UTC"
    return suffix.strip("[]")


def _parse_iso_point(s: str) -> DatePoint:
    if s.startswith("C"):
        n = int(s[1:])
        if n == 0:
            raise InvalidClaim("there is no century 0")
        return unit_point(Precision.CENTURY, century_start(n))
    if s.endswith("X"):
        return unit_point(Precision.DECADE, int(s[:-1]) * 10)
    m = _patterns()[0].fullmatch(s)
    if m is None:  # pragma: no cover - guarded by _ISO_CLAIM
        raise InvalidClaim("not a canonical date")
    year = int(m[1])
    if m[2] is not None and m[3] is None and int(m[2]) > 12:
        code = SUBYEAR_CODES.get(int(m[2]))
        if code is None:
            raise InvalidClaim(f"{m[2]} is not a month or a season, quarter or part code")
        precision, month, southern = code
        return unit_point(precision, year, month, southern=southern)
    parts = [None if g is None else int(g) for g in m.groups()[1:6]]
    return point_from_parts(year, *parts, zone=_zone_of(m[7]))


def parse_iso_claim(s: str) -> tuple[Qualifier, tuple[DatePoint, ...]] | None:
    m = _patterns()[1].fullmatch(s)
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
