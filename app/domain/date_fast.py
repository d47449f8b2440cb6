"""The fast path for the commonest date text, a day in ISO form (``2010-03-25``): the claim
:meth:`FuzzyDate.parse <app.domain.dates.FuzzyDate.parse>` would make of it, without the
general parser and without validating an interval that is right by construction.

:func:`iso_day` answers None for anything else (other forms, an impossible day, surrounding
whitespace), and the caller then uses the full parser, which reads it or says why not. A
property test (tests/unit/test_date_fast.py) holds the two to the same answer.
"""

from __future__ import annotations

import re

from app.domain.date_interval import Precision, Qualifier
from app.domain.dates import FuzzyDate
from app.domain.instants import DAY, Instant, civil_from_days, days_from_civil, days_in_month

_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")

# the fields FuzzyDate.parse gives an exact day (a day has no zone and no hemisphere)
_FIXED = {
    "precision": Precision.DAY,
    "qualifier": Qualifier.EXACT,
    "ambiguous": False,
    "range_precisions": None,
    "zone": None,
    "southern": False,
}


def iso_day(text: str) -> FuzzyDate | None:
    """The exact day ``text`` names when it is exactly ``YYYY-MM-DD`` (years 0001-9999, a day
    that exists), the same claim and text as ``FuzzyDate.parse(text)``; otherwise None."""
    match = _ISO_DAY.fullmatch(text)
    if match is None:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
        return None
    earliest = days_from_civil(year, month, day) * DAY
    value = object.__new__(FuzzyDate)  # every field is set below, as _make would set it
    fields = {"text": text, "earliest": Instant(earliest), "latest": Instant(earliest + DAY)}
    for name, field in (fields | _FIXED).items():
        object.__setattr__(value, name, field)
    return value


def day_columns(value: FuzzyDate) -> tuple[str, str, str, str, int, int, bool] | None:
    """The stored date columns (text, iso, precision, qualifier, earliest, latest,
    ambiguous) of an exact day of years 0001-9999 in one step, or None for other claims
    (:func:`app.store.values.date_columns` makes those)."""
    if value.precision is not Precision.DAY or value.qualifier is not Qualifier.EXACT:
        return None
    if value.zone is not None or value.southern:
        return None
    earliest = int(value.earliest)
    year, month, day = civil_from_days(earliest // DAY)
    if not 1 <= year <= 9999:
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return (value.text, iso, "day", "exact", earliest, earliest + DAY, bool(value.ambiguous))
