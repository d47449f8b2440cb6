"""Fuzzy dates: a date in a chronology is a *claim*, not a timestamp.

A source may say "2004", "December 2016", "on or about 25 March 2019" or
"between March 2013 and June 2014".  :class:`FuzzyDate` records exactly the
precision the source gave and turns the claim into a half-open interval of
naive instants ``[earliest, latest)`` that can be sorted and compared.  It never
invents parts the source did not give.

The pieces live beside this module: precisions, qualifiers, bounds and the interval
rules in ``app.domain.date_interval``; reading text in ``app.domain.date_parse``; the
display form in ``app.domain.date_format``; the canonical form (``to_iso`` /
``from_iso``, also accepted by ``FuzzyDate.parse``) in ``app.domain.date_iso``.
``Precision``, ``Qualifier``, ``DateError`` and the bounds are imported from here.

Everything that can fail raises :class:`DateError` (a ``ValueError``) with
the offending text and a short human reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.date_format import format_claim
from app.domain.date_interval import (
    MAX_INSTANT,
    MIN_INSTANT,
    PRECISION_WORDS,
    TIMED,
    DateError,
    DatePoint,
    InvalidClaim,
    Precision,
    Qualifier,
    check_point,
    claim_interval,
    claim_precision,
    point_from_parts,
    step,
    truncate,
)
from app.domain.date_iso import iso_point, parse_iso_claim
from app.domain.date_settings import DateSettings
from app.domain.date_zones import ZoneError, to_wall
from app.domain.instants import Instant, parse_instant, to_seconds

__all__ = [
    "MAX_INSTANT",
    "MIN_INSTANT",
    "PRECISION_WORDS",
    "DateError",
    "DateSettings",
    "Instant",
    "FuzzyDate",
    "Precision",
    "Qualifier",
    "parse_optional",
]

MAX_TEXT_LENGTH = 200
# Bounds that older records used for open and clamped ends: years 1 and 9999 (before years
# BC existed), then 100 billion BC and 10000-01-01 (before years after 9999 existed).
_LEGACY_MINS = (Instant.of(1), Instant.of(-99_999_999_999))
_LEGACY_MAXES = (Instant.of(9999, 12, 31, 23, 59), Instant.of(10000))


def _reject(text: str, exc: InvalidClaim) -> DateError:
    return DateError(text, exc.reason)


@dataclass(frozen=True)
class FuzzyDate:
    """A dated claim with the precision its source gave.

    ``earliest`` (inclusive) and ``latest`` (exclusive) are :class:`Instant` s (UTC seconds;
    a naive ``datetime`` given here is read as UTC) with
    ``MIN_INSTANT <= earliest < latest <= MAX_INSTANT``. ``zone`` is the zone the claim's
    clock times were given in (None: UTC, the floating default); ``southern`` that its
    season was named for the southern hemisphere.  ``ambiguous`` records
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
    earliest: Instant
    latest: Instant
    ambiguous: bool = False
    range_precisions: tuple[Precision, Precision] | None = None
    zone: str | None = None
    southern: bool = False

    def __post_init__(self) -> None:
        text = self.text if isinstance(self.text, str) else repr(self.text)
        try:
            self._validate()
        except InvalidClaim as exc:
            raise _reject(text, exc) from None

    def _validate(self) -> None:
        if not isinstance(self.text, str):
            raise InvalidClaim("text must be a string")
        try:
            object.__setattr__(self, "precision", Precision(self.precision))
            object.__setattr__(self, "qualifier", Qualifier(self.qualifier))
        except (ValueError, TypeError):
            raise InvalidClaim("unknown precision or qualifier") from None
        if not isinstance(self.ambiguous, bool):
            raise InvalidClaim("ambiguous must be a bool")
        for name in ("earliest", "latest"):
            instant = getattr(self, name)
            if isinstance(instant, datetime):
                if instant.tzinfo is not None or instant.microsecond:
                    raise InvalidClaim("earliest and latest must be naive, whole seconds")
                instant = to_seconds(instant)
            if isinstance(instant, bool) or not isinstance(instant, int):
                raise InvalidClaim("earliest and latest must be instants")
            if type(instant) is not Instant:
                object.__setattr__(self, name, Instant(instant))
        if not MIN_INSTANT <= self.earliest < self.latest <= MAX_INSTANT:
            raise InvalidClaim("earliest must be before latest, within the supported range")
        if self.zone is not None and not isinstance(self.zone, str):
            raise InvalidClaim("zone must be a zone name")
        if not isinstance(self.southern, bool):
            raise InvalidClaim("southern must be a bool")
        if self.qualifier is Qualifier.BETWEEN:
            rp = self.range_precisions
            if rp is None:
                rp = (self.precision, self.precision)
            try:
                rp = (Precision(rp[0]), Precision(rp[1]))
            except (ValueError, TypeError, IndexError, KeyError):
                raise InvalidClaim("bad range precisions") from None
            object.__setattr__(self, "range_precisions", rp)
        elif self.range_precisions is not None:
            raise InvalidClaim("range precisions are only for 'between'")
        points = self._points()
        for point in points:
            check_point(point)
        if claim_precision(points) is not self.precision:
            raise InvalidClaim("precision does not match the range")
        if claim_interval(self.qualifier, points) != (self.earliest, self.latest):
            raise InvalidClaim(f"interval does not match a {self.qualifier.value} claim")

    def _point(self, precision: Precision, wall: Instant) -> DatePoint:
        zone = self.zone if precision in TIMED else None
        southern = self.southern and precision is Precision.SEASON
        return DatePoint(precision, wall, zone, southern)

    def _wall(self, instant: Instant, precision: Precision) -> Instant:
        if precision not in TIMED or self.zone is None or instant in (MIN_INSTANT, MAX_INSTANT):
            return instant
        try:
            return to_wall(self.zone, instant)
        except ZoneError as exc:
            raise InvalidClaim(str(exc)) from None

    def _points(self) -> tuple[DatePoint, ...]:
        """The date(s) the claim was made from, recovered from the interval."""
        p, q = self.precision, self.qualifier
        if q is Qualifier.EXACT:
            return (self._point(p, self._wall(self.earliest, p)),)
        if q is Qualifier.BEFORE:
            return (self._point(p, self._wall(self.latest, p)),)
        if q is Qualifier.AFTER:
            start = step(self._wall(self.earliest, p), p, -1)
        elif q is Qualifier.CIRCA:
            if self.latest < MAX_INSTANT:
                start = step(truncate(self._wall(self.latest, p) - 1, p), p, -1)
            else:
                start = step(self._wall(self.earliest, p), p, 1)
        else:
            assert self.range_precisions is not None
            p1, p2 = self.range_precisions
            last = truncate(self._wall(self.latest, p2) - 1, p2)
            return (self._point(p1, self._wall(self.earliest, p1)), self._point(p2, last))
        if start is None:
            raise InvalidClaim("outside the supported range")
        return (self._point(p, start),)

    @classmethod
    def _make(
        cls,
        text: str | None,
        qualifier: Qualifier,
        points: tuple[DatePoint, ...],
        ambiguous: bool = False,
    ) -> FuzzyDate:
        earliest, latest = claim_interval(qualifier, points)
        precision = claim_precision(points)
        range_precisions = None
        if qualifier is Qualifier.BETWEEN:
            range_precisions = (points[0].precision, points[1].precision)
        zones = {p.zone for p in points if p.precision in TIMED}
        if len(zones) > 1:
            raise InvalidClaim("both ends of a range must be in the same time zone")
        return cls(
            text=format_claim(qualifier, points, False) if text is None else text,
            precision=precision,
            qualifier=qualifier,
            earliest=earliest,
            latest=latest,
            ambiguous=ambiguous,
            range_precisions=range_precisions,
            zone=next(iter(zones), None),
            southern=any(p.southern for p in points),
        )

    # -- construction ---------------------------------------------------------

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        day_first: bool = False,
        zone: str | None = None,
        southern: bool = False,
    ) -> FuzzyDate:
        """Read a date as a person wrote it.  Raises only :class:`DateError`.

        ``zone`` is the zone of clock times written without one (the case's time zone;
        None or "UTC": UTC) and ``southern`` the hemisphere of seasons."""
        if not isinstance(text, str):
            raise DateError(repr(text), "not text")
        stripped = text.strip()
        if not stripped:
            raise DateError("", "empty")
        if len(stripped) > MAX_TEXT_LENGTH:
            raise DateError(stripped, "too long")
        # the text reader (dateutil, its patterns) loads at the first date read, not with
        # every module that names a FuzzyDate (the window's first frame reads none)
        from app.domain.date_parse import parse_claim

        try:
            qualifier, points, ambiguous = parse_claim(
                stripped, day_first, None if zone in (None, "UTC") else zone, southern
            )
            return cls._make(stripped, qualifier, points, ambiguous)
        except InvalidClaim as exc:
            raise _reject(stripped, exc) from None

    @classmethod
    def from_parts(
        cls,
        year: int,
        month: int | None = None,
        day: int | None = None,
        hour: int | None = None,
        minute: int | None = None,
        second: int | None = None,
        *,
        qualifier: Qualifier = Qualifier.EXACT,
        text: str | None = None,
        zone: str | None = None,
    ) -> FuzzyDate:
        """Build a claim from separate parts (importers); ``text`` defaults to ``format()``.

        Missing parts are ``None``; a part may only be given if all coarser parts
        are, and hour and minute go together.  ``BETWEEN`` needs two dates: use
        :meth:`between`.
        """
        parts = (year, month, day, hour, minute, second)
        label = text.strip() if isinstance(text, str) else repr(parts)
        try:
            for part in parts:
                if part is not None and (isinstance(part, bool) or not isinstance(part, int)):
                    raise InvalidClaim("date parts must be whole numbers")
            try:
                qualifier = Qualifier(qualifier)
            except (ValueError, TypeError):
                raise InvalidClaim("unknown qualifier") from None
            if qualifier is Qualifier.BETWEEN:
                raise InvalidClaim("a 'between' claim needs two dates; use FuzzyDate.between")
            point = point_from_parts(year, month, day, hour, minute, second, zone=zone)
            return cls._make(None if text is None else label, qualifier, (point,))
        except InvalidClaim as exc:
            raise _reject(label, exc) from None

    @classmethod
    def between(cls, start: FuzzyDate, end: FuzzyDate, *, text: str | None = None) -> FuzzyDate:
        """A ``BETWEEN`` claim from two exact dates (e.g. an importer's start/end columns)."""
        label = text.strip() if text is not None else f"{start.text} - {end.text}"
        try:
            if start.qualifier is not Qualifier.EXACT or end.qualifier is not Qualifier.EXACT:
                raise InvalidClaim("both ends of a range must be exact dates")
            points = (start._points()[0], end._points()[0])
            return cls._make(
                None if text is None else label,
                Qualifier.BETWEEN,
                points,
                start.ambiguous or end.ambiguous,
            )
        except InvalidClaim as exc:
            raise _reject(label, exc) from None

    # -- canonical form ---------------------------------------------------------

    def to_iso(self) -> str:
        """Canonical machine form (grammar in the module docstring)."""
        points = self._points()
        first = iso_point(points[0])
        if self.qualifier is Qualifier.CIRCA:
            return first + "~"
        if self.qualifier is Qualifier.BEFORE:
            return "../" + first
        if self.qualifier is Qualifier.AFTER:
            return first + "/.."
        if self.qualifier is Qualifier.BETWEEN:
            return f"{first}/{iso_point(points[1])}"
        return first

    @classmethod
    def from_iso(cls, s: str) -> FuzzyDate:
        """Inverse of :meth:`to_iso`; ``text`` becomes :meth:`format` (month first)."""
        if not isinstance(s, str):
            raise DateError(repr(s), "not text")
        stripped = s.strip()
        try:
            parsed = parse_iso_claim(stripped)
            if parsed is None:
                raise InvalidClaim("not a canonical date")
            return cls._make(None, parsed[0], parsed[1])
        except InvalidClaim as exc:
            raise _reject(stripped, exc) from None

    def to_record(self) -> dict[str, Any]:
        """JSON-ready dict; instants as ISO-8601 UTC to the minute (second if needed),
        expanded years for years before 0 ("-0499-01-01T00:00")."""
        return {
            "text": self.text,
            "precision": self.precision.value,
            "qualifier": self.qualifier.value,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
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
        earliest, latest = parse_instant(d["earliest"]), parse_instant(d["latest"])
        if earliest is None or latest is None or not MIN_INSTANT <= earliest <= MAX_INSTANT:
            raise DateError(label, "earliest and latest must be ISO-8601 instants")
        # Older records bounded open (and clamped) ends by the range of their day.
        if earliest in _LEGACY_MINS and claim.earliest < earliest:
            earliest = claim.earliest
        if latest in _LEGACY_MAXES and claim.latest > latest:
            latest = claim.latest
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
            zone=claim.zone,
            southern=claim.southern,
        )

    # -- display and ordering ---------------------------------------------------

    def format(self, *, day_first: bool = False) -> str:
        """Human display; parses back (same ``day_first``) to the same claim."""
        return format_claim(self.qualifier, self._points(), day_first)

    @property
    def anchor(self) -> Instant:
        """The instant used for sorting: ``latest`` for BEFORE, ``earliest`` otherwise."""
        return self.latest if self.qualifier is Qualifier.BEFORE else self.earliest

    def sort_key(self) -> tuple[Instant, Instant, Instant]:
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
            and self.zone == other.zone
            and self.southern == other.southern
        )

    @property
    def precision_word(self) -> str:
        """The precision as a person names it ("decade", "early / mid / late", ...)."""
        return PRECISION_WORDS[self.precision]


def parse_optional(
    text: str | None,
    *,
    day_first: bool = False,
    zone: str | None = None,
    southern: bool = False,
) -> FuzzyDate | None:
    """``None`` or blank text means undated (``None``); anything else must parse."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return FuzzyDate.parse(text, day_first=day_first, zone=zone, southern=southern)
