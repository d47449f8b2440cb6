"""A date claim written for people: "circa March 2019", "between 2013 and June 2014",
"500 BC", "the 1990s", "19th century", "Q3 2015", "early 2016", "Spring 2015",
"March 25, 2019, 14:05:33 EST".

What is written here reads back (with the same ``day_first``) to the same claim.
"""

from __future__ import annotations

from app.domain.date_interval import DatePoint, Precision, Qualifier
from app.domain.date_iso import century_of, iso_point
from app.domain.instants import MONTH_NAMES

SEASON_NAMES = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}
SOUTHERN_SEASONS = {9: "Spring", 12: "Summer", 3: "Autumn", 6: "Winter"}
THIRD_NAMES = {1: "early", 5: "mid", 9: "late"}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def year_words(year: int) -> str:
    """A year for people: "2016", "500 BC" (astronomical -499), "12000 AD" (past 9999 the
    era is written, so that the year never reads as a compact date such as 20190325)."""
    if year > 9999:
        return f"{year} AD"
    return str(year) if year >= 1 else f"{1 - year} BC"


def format_point(point: DatePoint, day_first: bool) -> str:
    p = point.precision
    y, m, d, hh, mm, ss = point.start.parts()
    if p is Precision.CENTURY:
        n = century_of(y)
        return f"{ordinal(n)} century" if n > 0 else f"{ordinal(-n)} century BC"
    if p is Precision.DECADE:
        return iso_point(point) if 0 <= y < 100 else f"{y}s"  # "the 50s" would mean the 1950s
    if 1 <= y < 100 and p not in (Precision.QUARTER, Precision.SEASON, Precision.THIRD):
        # dateutil cannot read two-significant-digit years in prose; ISO is exact.
        return iso_point(point).replace("T", " ")
    year = year_words(y)
    if p is Precision.YEAR:
        return year
    if p is Precision.QUARTER:
        return f"Q{(m - 1) // 3 + 1} {year}"
    if p is Precision.THIRD:
        return f"{THIRD_NAMES[m]} {year}"
    if p is Precision.SEASON:
        if point.southern:
            return f"{SOUTHERN_SEASONS[m]} {year} (southern hemisphere)"
        return f"{SEASON_NAMES[m]} {year}"
    month = MONTH_NAMES[m - 1]
    if p is Precision.MONTH:
        return f"{month} {year}"
    date = f"{d} {month} {year}" if day_first else f"{month} {d}, {year}"
    if p is Precision.DAY:
        return date
    clock = f"{hh:02d}:{mm:02d}" + (f":{ss:02d}" if p is Precision.SECOND else "")
    return f"{date}, {clock}" + (f" {point.zone}" if point.zone else "")


def format_claim(qualifier: Qualifier, points: tuple[DatePoint, ...], day_first: bool) -> str:
    first = format_point(points[0], day_first)
    if qualifier is Qualifier.CIRCA:
        return f"circa {first}"
    if qualifier is Qualifier.BEFORE:
        return f"before {first}"
    if qualifier is Qualifier.AFTER:
        return f"after {first}"
    if qualifier is Qualifier.BETWEEN:
        return f"between {first} and {format_point(points[1], day_first)}"
    return first
