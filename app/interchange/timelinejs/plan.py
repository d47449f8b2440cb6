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

_WHOLE = re.compile(r"[+-]?\d{1,18}(?:\.0*)?", re.ASCII)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
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
    """A date part: a whole number or its digits (a year may be negative, "-13800000000");
    blank/None is missing."""
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
    if _WHOLE.fullmatch(text):
        return int(text.split(".")[0])
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
    return claim_from_parts(nums, columns, bad)


def from_timelinejs_year(year: int) -> int:
    """TimelineJS's year as the date model's (astronomical) year. TimelineJS shows a year
    -300 as "300 BCE", so its negative years count back from 1 BCE with no year 0:
    -300 is astronomical -299. (A year 0, which TimelineJS shows as "0", is taken as 1 BCE.)"""
    return year + 1 if year < 0 else year


def to_timelinejs_year(year: int) -> int:
    """The date model's (astronomical) year as TimelineJS shows it: 300 BC (astronomical
    -299) is written -300, which TimelineJS shows as "300 BCE"."""
    return year - 1 if year <= 0 else year


def claim_from_parts(
    nums: dict[str, int | None], columns: dict[str, str], bad: Bad
) -> FuzzyDate | None:
    """TimelineJS's date parts as a claim, through the date model (which decides the range of
    years and precisions it holds); a refusal names the first part that cannot be used."""
    keys = ("year", "month", "day", "hour", "minute")
    given = [nums.get(k) for k in keys]
    given[0] = from_timelinejs_year(given[0])  # type: ignore[arg-type]
    if nums.get("second") is not None:  # a date model with seconds
        given.append(nums["second"])
    try:
        return FuzzyDate.from_parts(*given)  # type: ignore[arg-type]
    except DateError as error:
        reason = error.reason
    shown = "-".join(str(nums[k]) for k in ("year", "month", "day") if nums.get(k) is not None)
    for key, parts in (("year", 1), ("month", 2), ("day", 3), ("hour", 5)):
        try:
            FuzzyDate.from_parts(*given[:parts])  # type: ignore[arg-type]
        except DateError:
            column = columns.get("time") or columns.get("hour") if key == "hour" else columns[key]
            bad(column or columns["year"], f"{shown} is not a possible date: {reason}")
            return None
    bad(columns["year"], f"{shown} is not a possible date: {reason}")
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


def quoted_source(url: str, caption: str, credit: str) -> bool:
    """Whether media is Casetrail's own quotation of a cited source (see
    :mod:`app.interchange.timelinejs.media`): a ``<blockquote>`` captioned with the source's
    title and credited "Source: <title>"; its ``link`` is then the source's web address."""
    own = f"Source: {caption}"
    return (
        url.lstrip().startswith("<blockquote>")
        and bool(caption)
        and (credit == own or (credit.startswith(own + " (") and credit.endswith(")")))
    )


def media_from(
    url: str, caption: str, credit: str, column: str, bad: Bad, warn: Callable[[str], None]
) -> tuple[Media | None, str]:
    """An item's media: ``(media to cite, "")`` for a web address (``//host/x`` read as
    https), or ``(None, note)`` for what is kept only as text on the event: an HTML embed
    (never loaded or run) or a path on the site the timeline was published from. Another
    scheme (``javascript:``, ``data:`` ...) is refused."""
    url = url.strip()
    if not url:
        return None, ""
    shown = url if len(url) <= 40 else url[:40] + "..."
    if url.startswith("//") and not any(c.isspace() for c in url):
        url = "https:" + url
    if re.match(r"https?://[^\s/]+", url, re.IGNORECASE) and not any(c.isspace() for c in url):
        return Media(url, caption, credit), ""
    about = "".join(
        f"\n{name}: {value}" for name, value in (("Caption", caption), ("Credit", credit)) if value
    )
    if url.startswith("<"):
        warn("the media is an HTML embed; it is kept as text in the description, not loaded")
        return None, f"[Media embed, kept as text and never loaded]\n{url}{about}"
    if _SCHEME.match(url):
        bad(column, f"{shown!r} is not an http(s) address; only web media can become a source")
        return None, ""
    warn(f"the media {shown!r} is a path on the site the timeline came from; kept as a note")
    return None, f"[Media on the publishing site, kept as text: {url}]{about}"


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
    note: str = "",
    caption: str = "",
    credit: str = "",
) -> None:
    """Add an event to ``plan``; one without a headline takes its title from its text, the
    media caption or credit, or is "Untitled" (with a warning). ``note`` (media kept as
    text) is added to the description."""
    if not title:
        first_line = text.strip().split("\n", 1)[0]
        candidates = ((first_line, "text"), (caption, "media caption"), (credit, "media credit"))
        found, what = next(
            ((" ".join(f.split()), w) for f, w in candidates if f.strip()), ("Untitled", "")
        )
        title = found if len(found) <= 80 else found[:77].rstrip() + "..."
        if not row_failed:
            took = f"from its {what}" if what else '"Untitled"'
            plan.warnings.append(f"row {row}: no headline; the event is titled {took}")
    if start is None and not row_failed:
        bad(title_column, "an event needs a start date (Year)")
    if start is not None and end is not None and end.latest <= start.earliest:
        bad(title_column, f"the end ({end.text}) is before the start ({start.text})")
    tag = " ".join(group.split())
    plan.events.append(
        PlannedEvent(
            row=row,
            title=title,
            description=f"{text}\n\n{note}".strip("\n") if note else text,
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
