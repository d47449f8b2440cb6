r"""The checked form of a TimelineJS file (``TimelinePlan``) and the checks its JSON and
spreadsheet readers share: date parts, display dates, text cells, media, events and eras.

Each check reports a problem through a ``Bad(column, reason)`` callback and returns what it
could read (or None); the readers collect the problems as :class:`RowError`\ s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from app.domain.date_interval import TIMED
from app.domain.date_iso import zone_suffix
from app.domain.date_zones import to_wall
from app.domain.dates import DateError, DateSettings, FuzzyDate, Instant, Precision, Qualifier
from app.interchange.import_outcome import RowError
from app.interchange.plaintext import html_to_text
from app.interchange.planned_events import PlannedEvent
from app.interchange.table import MAX_CELL

PART_PRECISIONS = (
    Precision.YEAR,
    Precision.MONTH,
    Precision.DAY,
    Precision.MINUTE,
    Precision.SECOND,
)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?")


@dataclass(frozen=True)
class Media:
    url: str
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class PlannedEra:
    row: int
    name: str
    start: FuzzyDate
    end: FuzzyDate
    colour: str = ""


@dataclass
class TimelinePlan:
    """A checked TimelineJS file: what would be written, every error, and warnings."""

    title: str | None = None
    events: list[PlannedEvent] = field(default_factory=list)
    media: dict[int, Media] = field(default_factory=dict)  # index in events -> media
    eras: list[PlannedEra] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


Bad = Callable[[str, str], None]


def whole_number(value: Any, column: str, bad: Bad) -> int | None:
    """A date part: a whole number or digit text; blank/None is missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        bad(column, "must be a whole number")
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    digits = text.removeprefix("-")
    if digits.isascii() and digits.isdigit() and len(digits) <= 12:
        return int(text)
    shown = text if len(text) <= 20 else text[:20] + "..."
    bad(column, f"{shown!r} is not a whole number")
    return None


def date_from_parts(
    parts: dict[str, Any], columns: dict[str, str], bad: Bad, *, time: Any = None
) -> FuzzyDate | None:
    """A date from year/month/day/hour/minute parts; None when no part is given."""
    nums = {k: whole_number(parts.get(k), columns[k], bad) for k in columns if k != "time"}
    if time is not None and str(time).strip():
        m = _TIME.fullmatch(str(time).strip())
        if m is None:
            bad(columns["time"], f"{str(time)[:20]!r} is not a time (HH:MM)")
            return None
        hour, minute = int(m[1]), int(m[2])
        if m[4]:
            if not 1 <= hour <= 12:
                bad(columns["time"], f"{time!r} is not a 12-hour time")
                return None
            hour = hour % 12 + (12 if m[4][0] in "pP" else 0)
        nums["hour"], nums["minute"] = hour, minute
        if m[3]:
            nums["second"] = int(m[3])
    if nums.get("hour") is not None and nums.get("minute") is None:
        nums["minute"] = 0
    if all(v is None for v in nums.values()):
        return None
    if nums.get("year") is None:
        bad(columns["year"], "a date needs a year")
        return None
    try:
        return FuzzyDate.from_parts(
            nums["year"],  # type: ignore[arg-type]
            nums.get("month"),
            nums.get("day"),
            nums.get("hour"),
            nums.get("minute"),
            nums.get("second"),
        )
    except DateError as error:
        given = "-".join(str(nums[k]) for k in ("year", "month", "day") if nums.get(k) is not None)
        bad(columns["year"], f"{given} is not a possible date: {error.reason}")
        return None


def inner_points(claim: FuzzyDate) -> list[FuzzyDate]:
    """The exact date(s) a claim was made from ("circa 2004" -> [2004])."""
    iso = claim.to_iso()
    if iso.endswith("~"):
        iso = iso[:-1]
    elif iso.startswith("../"):
        iso = iso[3:]
    elif iso.endswith("/.."):
        iso = iso[:-3]
    return [FuzzyDate.from_iso(p) for p in re.split(r"/(?![^\[]*\])", iso)]


def wall_start(point: FuzzyDate) -> Instant:
    """Where an exact date starts on its own clock (a zoned time as written, not in UTC)."""
    if point.zone is None or point.precision not in TIMED:
        return point.earliest
    return to_wall(point.zone, point.earliest)


def _agrees(point: FuzzyDate, parts: FuzzyDate) -> bool:
    """A display date's point agrees with a date given in parts: the same claim, or a
    finer-grained part (a quarter, a zoned time) starting within the date the parts give."""
    if point.same_claim(parts):
        return True
    return parts.qualifier is Qualifier.EXACT and parts.earliest <= wall_start(point) < parts.latest


def in_case_zone(date: FuzzyDate | None, settings: DateSettings) -> FuzzyDate | None:
    """A clock time given without a zone (in parts) read in the case's zone instead of UTC."""
    if date is None or date.zone is not None or date.precision not in TIMED:
        return date
    if settings.time_zone == "UTC":
        return date
    suffix = zone_suffix(settings.time_zone)
    iso = re.sub(r"(T\d{2}:\d{2}(?::\d{2})?)", lambda m: m[1] + suffix, date.to_iso())
    try:
        zoned = FuzzyDate.from_iso(iso)
    except DateError:
        return date
    return replace(zoned, text=date.text, ambiguous=date.ambiguous)


def plain_parts(claim: FuzzyDate) -> bool:
    """Whether year/month/day/time parts say all the claim says (no display date needed)."""
    return (
        claim.qualifier is Qualifier.EXACT
        and claim.zone is None
        and claim.precision in PART_PRECISIONS
    )


def apply_display_date(
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    display: str,
    day_first: bool | DateSettings,
    *,
    end_given_alone: bool = True,
) -> tuple[FuzzyDate | None, FuzzyDate | None, bool]:
    """Use a display date that qualifies the given start (and end); report if it was used."""
    if start is None or not display.strip():
        return start, end, not display.strip()
    try:
        reading = day_first.reading() if isinstance(day_first, DateSettings) else {}
        claim = FuzzyDate.parse(display, **(reading or {"day_first": day_first}))
    except DateError:
        return start, end, False
    points = inner_points(claim)
    if not _agrees(points[0], start):
        return start, end, False
    if claim.qualifier is Qualifier.BETWEEN:
        if end is not None and _agrees(points[1], end):
            return claim, None, True
        if end is None or not end_given_alone:
            return claim, end, True
        return start, end, False
    return claim, end, True


def cell_text(value: Any, column: str, bad: Bad, *, is_html: bool = True) -> str:
    """A text cell as plain text (HTML unless ``is_html`` is False); "" when unusable."""
    if value is None:
        return ""
    if not isinstance(value, str):
        bad(column, "must be text")
        return ""
    if "\x00" in value:
        bad(column, "contains a NUL character")
        return ""
    if len(value) > MAX_CELL:
        bad(column, f"longer than {MAX_CELL:,} characters ({len(value):,})")
        return ""
    return html_to_text(value) if is_html else value.strip()


def media_from(url: str, caption: str, credit: str, column: str, bad: Bad) -> Media | None:
    """The media of an item when its URL is http(s); None when blank or unusable."""
    url = url.strip()
    if not url:
        return None
    if not re.match(r"https?://[^\s/]+", url, re.IGNORECASE) or any(c.isspace() for c in url):
        shown = url if len(url) <= 40 else url[:40] + "..."
        bad(column, f"{shown!r} is not an http(s) address; only web media can become a source")
        return None
    return Media(url, caption, credit)


def add_event(
    plan: TimelinePlan,
    row: int,
    *,
    title: str,
    text: str,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    group: str,
    media: Media | None,
    bad: Bad,
    title_column: str,
    row_failed: bool = False,
) -> None:
    """Add an event to ``plan`` (titled by its text when it has no headline), with checks."""
    if not title:
        first_line = text.strip().split("\n", 1)[0]
        title = first_line if len(first_line) <= 80 else first_line[:77].rstrip() + "..."
    if not title and not row_failed:
        bad(title_column, "an event needs a headline (or text)")
    if start is None and not row_failed:
        bad(title_column, "an event needs a start date (Year)")
    if start is not None and end is not None and end.latest <= start.earliest:
        bad(title_column, f"the end ({end.text}) is before the start ({start.text})")
    tag = " ".join(group.split())
    plan.events.append(
        PlannedEvent(
            row=row,
            title=title,
            description=text,
            start=start,
            end=end,
            tags=(tag,) if tag else (),
        )
    )
    if media is not None:
        plan.media[len(plan.events) - 1] = media


def add_era(
    plan: TimelinePlan,
    row: int,
    name: str,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    colour: str,
    bad: Bad,
    column: str,
) -> None:
    """Add an era to ``plan`` if it has a start and an end in order."""
    if not name:
        bad(column, "an era needs a headline (its name)")
    if start is None or end is None:
        bad(column, "an era needs a start and an end date")
        return
    if end.latest <= start.earliest:
        bad(column, f"the era's end ({end.text}) is before its start ({start.text})")
        return
    plan.eras.append(PlannedEra(row, name, start, end, colour))


def own_display_date(
    value: FuzzyDate | None, display: str, day_first: bool | DateSettings
) -> FuzzyDate | None:
    """A date object's own display_date, if it qualifies that same date."""
    if value is None or not display:
        return value
    used, _, ok = apply_display_date(value, None, display, day_first)
    return used if ok else value


def displayed_dates(
    plan: TimelinePlan,
    row: int,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    start_display: str,
    end_display: str,
    display: str,
    day_first: bool | DateSettings,
) -> tuple[FuzzyDate | None, FuzzyDate | None]:
    """Start and end after applying the display dates that qualify them; a display date
    that does not is dropped with a warning."""
    if start_display or end_display:
        new_end = own_display_date(end, end_display, day_first) if end_display else end
        if not start_display:
            return start, new_end
        new_start, consumed, ok = apply_display_date(
            start, None if end_display else end, start_display, day_first, end_given_alone=False
        )
        if not ok:
            plan.warnings.append(f"row {row}: display date {start_display!r} was not kept")
        return new_start, new_end if end_display else consumed
    if display:
        new_start, new_end, ok = apply_display_date(start, end, display, day_first)
        if not ok:
            plan.warnings.append(f"row {row}: display date {display!r} was not kept")
        return new_start, new_end
    return start, end
