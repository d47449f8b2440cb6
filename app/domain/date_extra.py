"""Date forms python-dateutil does not read, recognised before it is asked.

* years before the common era: "500 BC", "500 BCE", "44 B.C.", "March 44 BC",
  "15 March 44 BC"; "AD 33", "33 AD", "33 CE";
* years after 9999 (year precision only): "12000 AD", "AD 12,000", "12,000", "12000" and
  any run of 5 to 12 digits except 6, 8 and 12 (dateutil reads those as compact dates:
  YYMMDD, YYYYMMDD, YYYYMMDDhhmm); digits may be grouped by commas ("13,800,000,000 BC");
* astronomical years and expanded ISO dates: "-500" (501 BC: year 0 is 1 BC), "-0043-03-15";
* decades "1990s", "the 1990s" ("the 90s" is refused: write the century);
  centuries "19th century", "the 5th century BC";
* quarters "Q3 2015", "3Q 2015", "2015 Q3", "the third quarter of 2015";
  "early / mid / late 2016", "mid-2016";
  seasons "Spring 2015", "Fall 2015", "Winter 2015" (in the caller's hemisphere unless the
  text says "(southern hemisphere)" or "(northern hemisphere)");
* a time zone written after a time: split off by :func:`split_zone`.

Each reader returns a :class:`DatePoint` or None when the text is not of its form.
"""

from __future__ import annotations

import re

from app.domain.date_interval import (
    DatePoint,
    InvalidClaim,
    Precision,
    point_from_parts,
    unit_point,
)
from app.domain.date_iso import century_start
from app.domain.date_zones import ABBREVIATIONS, ZoneError, canonical_zone

_MONTHS = {
    name: i + 1
    for i, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
    for name in {full, full[:3], "sept" if full == "september" else full[:3]}
}
_BC = r"B\.?\s?C\.?(?:\s?E\.?)?"
_AD = r"A\.?\s?D\.?|C\.?\s?E\.?"
_ERA = rf"(?P<era>{_BC}|{_AD})"
_DIGITS = r"(?:\d{1,3}(?:,\d{3}){1,3}|\d{1,12})"  # grouped by commas, or not
_YEAR = rf"(?:(?P<neg>-)?(?P<y>{_DIGITS})(?:\s*{_ERA})?|(?:A\.?\s?D\.?)\s*(?P<ady>{_DIGITS}))"
# Bare digit runs that dateutil reads as compact dates rather than as years.
_COMPACT_DATE_LENGTHS = (6, 8, 12, 14)
_FLAGS = re.IGNORECASE | re.ASCII

_SIGNED_ISO = re.compile(
    r"([-+]\d{1,12})(?:-(\d{1,2})(?:-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})"
    r"(?::(\d{2})(?:[.,]\d+)?)?)?)?)?",
    re.ASCII,
)
_ERA_DATE = re.compile(
    rf"(?:(?P<d1>\d{{1,2}})\s+)?(?P<month>[a-z]+)\.?\s+(?:(?P<d2>\d{{1,2}}),?\s+)?"
    rf"(?P<y>\d{{1,5}})\s*{_ERA}",
    _FLAGS,
)
_DECADE = re.compile(r"(?:the\s+)?(-?\d{0,11}0)'?s", _FLAGS)
_SHORT_DECADE = re.compile(r"(?:the\s+)?['\u2019]?\d?0['\u2019]?s", _FLAGS)
_CENTURY = re.compile(rf"(?:the\s+)?(\d{{1,10}})(?:st|nd|rd|th)[\s-]+century(?:\s+{_ERA})?", _FLAGS)
_QUARTER = re.compile(rf"(?:Q(?P<q1>[1-4])|(?P<q2>[1-4])Q)\s*(?:of\s+)?{_YEAR}", _FLAGS)
_WORD_QUARTER = re.compile(
    rf"(?:the\s+)?(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?{_YEAR}",
    _FLAGS,
)
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_YEAR_QUARTER = re.compile(r"(?P<y>\d{4})\s*-?\s*Q(?P<q>[1-4])", _FLAGS)
_THIRD = re.compile(rf"(?P<part>early|mid|middle|late)(?:\s+|-|\s+in\s+){_YEAR}", _FLAGS)
_THIRD_MONTH = re.compile(r"(?:early|mid|middle|late)(?:\s+|-)([a-z]+)", _FLAGS)
_SEASON = re.compile(
    rf"(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_YEAR}"
    r"(?:\s*\(?(?P<hemi>northern|southern)(?:\s+hemisphere)?\)?)?",
    _FLAGS,
)
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_THIRD_START = {"early": 1, "mid": 5, "middle": 5, "late": 9}

_TIME = r"\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2}(?:[.,]\d+)?)?(?:\s*[ap]\.?m\.?(?![a-z]))?"
_ZONE_TAIL = re.compile(
    rf"(?P<rest>.*{_TIME})\s*(?P<zone>Z|\[[^\]]+\]|(?:UTC|GMT)?\s*[+\-\u2212]\d{{1,2}}(?::?\d{{2}})?"
    r"|[A-Za-z]{2,5}|[A-Za-z][A-Za-z_]*(?:/[A-Za-z0-9_+\-]+)+)",
    re.IGNORECASE | re.DOTALL,
)
_BARE_ZONE = re.compile(
    rf"\S.*\s(?:{'|'.join(ABBREVIATIONS)}|[A-Za-z]+/[A-Za-z_]+)|.*\dZ", re.DOTALL
)


def split_zone(body: str) -> tuple[str, str | None]:
    """(the text without a trailing zone, the zone's canonical name or None)."""
    m = _ZONE_TAIL.fullmatch(body)
    if m is None or m["zone"].upper().replace(".", "") in ("AM", "PM", "A", "P"):
        if _BARE_ZONE.fullmatch(body) and not re.search(_TIME, body, re.IGNORECASE):
            raise InvalidClaim("a time zone needs a time of day")
        return body, None
    zone = m["zone"].strip("[]")
    try:
        return m["rest"], canonical_zone(zone)
    except ZoneError as exc:
        raise InvalidClaim(str(exc)) from None


def _year(m: re.Match[str]) -> int:
    """The astronomical year of a matched ``_YEAR`` (1 BC is 0, 2 BC is -1)."""
    g = m.groupdict()
    if g.get("ady") is not None:
        if int(g["ady"].replace(",", "")) == 0:
            raise InvalidClaim("there is no year 0 AD")
        return int(g["ady"].replace(",", ""))
    n = int(g["y"].replace(",", ""))
    era = (g["era"] or "").upper().replace(".", "").replace(" ", "")
    if g.get("neg"):
        if era:
            raise InvalidClaim("write either a minus sign or BC, not both")
        return -n
    if era.startswith("B"):
        if n == 0:
            raise InvalidClaim("there is no year 0 BC (1 BC is followed by AD 1)")
        return 1 - n
    if era and n == 0:
        raise InvalidClaim("there is no year 0 AD")
    return n


def read_signed_iso(body: str, zone: str | None) -> DatePoint | None:
    m = _SIGNED_ISO.fullmatch(body)
    if m is None:
        return None
    parts = [None if g is None else int(g) for g in m.groups()]
    year = parts[0]
    assert year is not None
    return point_from_parts(year, *parts[1:], zone=zone if parts[4] is not None else None)


def read_extra(body: str, southern: bool) -> DatePoint | None:
    """Decades, centuries, quarters, thirds, seasons and era-marked years."""
    if _SHORT_DECADE.fullmatch(body):
        raise InvalidClaim("write a decade with its century (the 1990s, not the 90s)")
    m = _DECADE.fullmatch(body)
    if m is not None and m[1] not in ("", "-", "0"):
        return unit_point(Precision.DECADE, int(m[1]))
    m = _CENTURY.fullmatch(body)
    if m is not None:
        n = int(m[1])
        if n == 0:
            raise InvalidClaim("there is no 0th century")
        bc = (m["era"] or "").upper().startswith("B")
        return unit_point(Precision.CENTURY, century_start(-n if bc else n))
    m = _QUARTER.fullmatch(body)
    if m is not None:
        q = int(m["q1"] or m["q2"])
        return unit_point(Precision.QUARTER, _year(m), 3 * q - 2)
    m = _WORD_QUARTER.fullmatch(body)
    if m is not None:
        return unit_point(Precision.QUARTER, _year(m), 3 * _NTH[m["nth"].lower()] - 2)
    m = _YEAR_QUARTER.fullmatch(body)
    if m is not None:
        return unit_point(Precision.QUARTER, int(m["y"]), 3 * int(m["q"]) - 2)
    m = _THIRD.fullmatch(body)
    if m is not None:
        return unit_point(Precision.THIRD, _year(m), _THIRD_START[m["part"].lower()])
    m = _THIRD_MONTH.match(body)
    if m is not None and m[1].lower() in _MONTHS:
        raise InvalidClaim("early, mid and late apply to a year (early 2016), not a month")
    m = _SEASON.fullmatch(body)
    if m is not None:
        south = southern if m["hemi"] is None else m["hemi"].lower() == "southern"
        start = _SEASON_START[m["season"].lower()]
        if south:
            start = (start + 5) % 12 + 1
        return unit_point(Precision.SEASON, _year(m), start, southern=south)
    return _read_era(body)


def _bare_big_year(m: re.Match[str]) -> bool:
    """A year written as digits alone that nothing else reads: grouped by commas ("12,000"),
    or 5 to 12 digits that are not a compact date ("12000", "1234567")."""
    if m["neg"] or m["y"] is None:
        return False
    if "," in m["y"]:
        return True
    return len(m["y"]) >= 5 and len(m["y"]) not in _COMPACT_DATE_LENGTHS


def _read_era(body: str) -> DatePoint | None:
    m = re.fullmatch(_YEAR, body, _FLAGS)
    if m is not None and (m["era"] or m["ady"] or _bare_big_year(m)):
        return point_from_parts(_year(m))
    m = _ERA_DATE.fullmatch(body)
    if m is None:
        return None
    month = _MONTHS.get(m["month"].lower())
    if month is None:
        raise InvalidClaim(f"{m['month']!r} is not a month")
    if m["d1"] and m["d2"]:
        raise InvalidClaim("two days of the month given")
    day = m["d1"] or m["d2"]
    return point_from_parts(_year(m), month, None if day is None else int(day))
