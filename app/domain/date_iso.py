"""The canonical (ISO 8601 / EDTF-inspired) form of a date claim, written and read.

::

    iso     := point                  EXACT
             | point "~"              CIRCA
             | "../" point            BEFORE  (strictly before the point)
             | point "/.."            AFTER   (strictly after the point)
             | point "/" point        BETWEEN
    point   := YYYY | YYYY-MM | YYYY-MM-DD | YYYY-MM-DD "T" hh:mm

Years are always four digits, month/day/hour/minute two digits.
"""

from __future__ import annotations

import re

from app.domain.date_interval import DatePoint, InvalidClaim, Precision, Qualifier, point_from_parts

_ISO_POINT_PATTERN = r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?)?"
_ISO_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?", re.ASCII)
_ISO_CLAIM = re.compile(
    rf"(?P<exact>{_ISO_POINT_PATTERN})(?P<circa>~)?"
    rf"|\.\./(?P<before>{_ISO_POINT_PATTERN})"
    rf"|(?P<after>{_ISO_POINT_PATTERN})/\.\."
    rf"|(?P<start>{_ISO_POINT_PATTERN})/(?P<end>{_ISO_POINT_PATTERN})",
    re.ASCII,
)


def iso_point(point: DatePoint) -> str:
    s = point.start
    out = f"{s.year:04d}"
    if point.precision is not Precision.YEAR:
        out += f"-{s.month:02d}"
    if point.precision in (Precision.DAY, Precision.MINUTE):
        out += f"-{s.day:02d}"
    if point.precision is Precision.MINUTE:
        out += f"T{s.hour:02d}:{s.minute:02d}"
    return out


def _parse_iso_point(s: str) -> DatePoint:
    m = _ISO_POINT.fullmatch(s)
    if m is None:  # pragma: no cover - guarded by _ISO_CLAIM
        raise InvalidClaim("not a canonical date")
    parts = [None if g is None else int(g) for g in m.groups()]
    year = parts[0]
    assert year is not None
    return point_from_parts(year, parts[1], parts[2], parts[3], parts[4])


def parse_iso_claim(s: str) -> tuple[Qualifier, tuple[DatePoint, ...]] | None:
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
