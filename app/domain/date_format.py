"""A date claim written for people: "circa March 2019", "between 2013 and June 2014".

What is written here reads back (with the same ``day_first``) to the same claim.
"""

from __future__ import annotations

from app.domain.date_interval import DatePoint, Precision, Qualifier
from app.domain.date_iso import iso_point

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


def format_point(point: DatePoint, day_first: bool) -> str:
    s = point.start
    if s.year < 100:
        # dateutil cannot read two-significant-digit years in prose; ISO is exact.
        return iso_point(point).replace("T", " ")
    if point.precision is Precision.YEAR:
        return str(s.year)
    month = MONTH_NAMES[s.month - 1]
    if point.precision is Precision.MONTH:
        return f"{month} {s.year}"
    date = f"{s.day} {month} {s.year}" if day_first else f"{month} {s.day}, {s.year}"
    if point.precision is Precision.DAY:
        return date
    return f"{date}, {s.hour:02d}:{s.minute:02d}"


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
