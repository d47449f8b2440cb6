"""Adaptive, calendar-correct axis ticks for a :class:`~app.timeline.scale.TimeScale`.

The axis has two rows. The *fine* row holds ticks of the finest unit whose labels fit side by
side ("2013", "Q2", "Mar", "25", "14:00"); the *context* row holds the next coarser unit,
labelled in full ("2013", "March 2013", "25 Mar 2013"), so that a fine label is never
ambiguous. Boundaries are computed on :class:`~app.domain.instants.Instant` s (proleptic
Gregorian; months have their real lengths; weeks start on Monday) over every supported year,
with units up to a hundred billion years for deep time and the far future; years before the
common era are labelled "500 BC", "12,000 BC", "13.8 bn BC", and after 9999 "12,000",
"65 m AD", "196 bn AD".

Labels are measured with a caller-supplied ``text_width`` (the canvas passes its font
metrics), and no two labels of one row ever overlap: label i occupies
[x, x + text_width(label)], and the next one starts at least ``min_gap`` pixels later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.domain.date_format import MONTH_NAMES
from app.domain.date_interval import MAX_INSTANT, MIN_INSTANT, MIN_YEAR
from app.domain.instants import Instant
from app.timeline.scale import TimeScale

MIN_T = int(MIN_INSTANT)
MAX_T = int(MAX_INSTANT)

_DAY = 86400
_YEAR = 365.2425 * _DAY
_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Tick:
    """One tick: its boundary instant ``t``, where its label starts (``x``), and the label.

    In the fine row ``x == scale.x_of(t)``. In the context row the first label may be pinned
    to the left edge (``x > scale.x_of(t)``) so the period in view is always named.
    """

    t: float
    x: float
    label: str


@dataclass(frozen=True)
class _Unit:
    name: str
    min_step: float  # shortest possible step in seconds (for a cheap pre-check)
    sample: str  # a typical label, for the pre-check
    floor: Callable[[Instant], Instant]  # the boundary at or before an instant
    step: Callable[[Instant], Instant]  # the next boundary
    label: Callable[[Instant], str]  # the short label of a boundary


def _year_floor_of(y: int, n: int) -> int:
    """The multiple-of-``n`` year at or before ``y``: n, 2n, ... in the common era and
    n BC, 2n BC, ... before it (astronomical 1 - n, 1 - 2n, ...), so labels stay round."""
    if n == 1:
        return y
    if y >= n:
        return y - y % n
    if y > 1 - n:
        return 1 - n
    return 1 + ((y - 1) // n) * n


def _year_floor(n: int) -> Callable[[Instant], Instant]:
    def floor(d: Instant) -> Instant:
        return Instant.of(max(MIN_YEAR, _year_floor_of(d.year, n)))

    return floor


def _year_step(n: int) -> Callable[[Instant], Instant]:
    def step(d: Instant) -> Instant:
        y = _year_floor_of(d.year, n)
        return Instant.of(n if n > 1 and y == 1 - n else y + n)

    return step


def _month_floor(n: int) -> Callable[[Instant], Instant]:
    def floor(d: Instant) -> Instant:
        return Instant.of(d.year, d.month - (d.month - 1) % n)

    return floor


def _month_step(n: int) -> Callable[[Instant], Instant]:
    def step(d: Instant) -> Instant:
        months = d.year * 12 + d.month - 1 + n
        return Instant.of(months // 12, months % 12 + 1)

    return step


def _fixed_floor(seconds: int) -> Callable[[Instant], Instant]:
    def floor(d: Instant) -> Instant:
        return Instant(d - d % seconds)

    return floor


def _fixed_step(seconds: int) -> Callable[[Instant], Instant]:
    def step(d: Instant) -> Instant:
        return Instant(d + seconds)

    return step


def _week_floor(d: Instant) -> Instant:
    day = d - d % _DAY
    return Instant(max(MIN_T, day - Instant(day).weekday() * _DAY))


def year_label(year: int) -> str:
    """An axis label for a year: "2013", "500 BC", "12,000 BC", "65 m BC", "13.8 bn BC",
    "12,000", "65 m AD", "196 bn AD"."""
    if year >= 1:
        if year >= 1_000_000:
            return _big(year) + " AD"
        return f"{year:,}" if year >= 10_000 else str(year)
    n = 1 - year
    if n >= 1_000_000:
        return _big(n) + " BC"
    if n >= 10_000:
        return f"{n:,} BC"
    return f"{n} BC"


def _big(n: int) -> str:
    if n >= 1_000_000_000:
        return f"{n / 1e9:.4g} bn"
    return f"{n / 1e6:.4g} m"


def _year_label(d: Instant) -> str:
    return year_label(d.year)


def _quarter_label(d: Instant) -> str:
    return f"Q{(d.month - 1) // 3 + 1}"


def _month_label(d: Instant) -> str:
    return _ABBR[d.month - 1]


def _week_label(d: Instant) -> str:
    return f"{d.day} {_ABBR[d.month - 1]}"


def _day_label(d: Instant) -> str:
    return str(d.day)


def _clock_label(d: Instant) -> str:
    return f"{d.hour:02d}:{d.minute:02d}"


def _month_year_label(d: Instant) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {year_label(d.year)}"


def _full_day_label(d: Instant) -> str:
    return f"{d.day} {_ABBR[d.month - 1]} {year_label(d.year)}"


def _years(name: str, n: int, sample: str) -> _Unit:
    return _Unit(name, n * 365 * _DAY, sample, _year_floor(n), _year_step(n), _year_label)


# Deep time: 1, 2 and 5 times each power of ten from a thousand to a hundred billion years.
_DEEP = [
    _years(f"{m * 10**k}-year", m * 10**k, "1,000,000 BC" if k < 6 else "13.8 bn BC")
    for k in range(11, 2, -1)
    for m in (5, 2, 1)
]
_UNIT_LIST = (
    *_DEEP,
    _years("500-year", 500, "1000 BC"),
    _years("200-year", 200, "1000 BC"),
    _years("century", 100, "2000"),
    _years("half-century", 50, "2000"),
    _years("decade", 10, "2000"),
    _years("5-year", 5, "2000"),
    _years("2-year", 2, "2000"),
    _Unit("year", 365 * _DAY, "2000", _year_floor(1), _year_step(1), _year_label),
    _Unit("quarter", 90 * _DAY, "Q4", _month_floor(3), _month_step(3), _quarter_label),
    _Unit("month", 28 * _DAY, "Sep", _month_floor(1), _month_step(1), _month_label),
    _Unit("week", 7 * _DAY, "25 Sep", _week_floor, _fixed_step(7 * _DAY), _week_label),
    _Unit("day", _DAY, "25", _fixed_floor(_DAY), _fixed_step(_DAY), _day_label),
    _Unit("6-hour", 6 * 3600, "18:00", _fixed_floor(6 * 3600), _fixed_step(6 * 3600), _clock_label),
    _Unit("hour", 3600, "18:00", _fixed_floor(3600), _fixed_step(3600), _clock_label),
)
UNITS: tuple[str, ...] = tuple(u.name for u in _UNIT_LIST)  # coarsest first

_YEAR_CONTEXT = _Unit("year", 365 * _DAY, "2000", _year_floor(1), _year_step(1), _year_label)
_MONTH_CONTEXT = _Unit(
    "month", 28 * _DAY, "September 2000", _month_floor(1), _month_step(1), _month_year_label
)
_DAY_CONTEXT = _Unit(
    "day", _DAY, "25 Sep 2000", _fixed_floor(_DAY), _fixed_step(_DAY), _full_day_label
)
_CONTEXT: dict[str, _Unit] = {
    "quarter": _YEAR_CONTEXT,
    "month": _YEAR_CONTEXT,
    "week": _YEAR_CONTEXT,
    "day": _MONTH_CONTEXT,
    "6-hour": _DAY_CONTEXT,
    "hour": _DAY_CONTEXT,
}


def to_datetime(t: float) -> Instant:
    """The instant ``t`` seconds after 1970 (clamped to the supported years, whole seconds);
    it reads like a ``datetime`` (year, month, ..., weekday()) and compares with one."""
    return Instant(int(min(max(t, MIN_T), MAX_T)))


def _boundaries(unit: _Unit, t0: float, t1: float) -> Iterator[Instant]:
    """The unit's boundaries from the one at or before ``t0`` up to ``t1`` (inclusive)."""
    d = unit.floor(to_datetime(t0))
    stop = to_datetime(t1)
    while d <= stop:
        yield d
        d = unit.step(d)
        if d > MAX_T:
            return


def _fits(ticks: list[Tick], widths: list[float], min_gap: float) -> bool:
    return all(b.x >= a.x + w + min_gap for a, b, w in zip(ticks, ticks[1:], widths, strict=False))


def _could_fit(
    unit: _Unit, scale: TimeScale, text_width: Callable[[str], float], gap: float
) -> bool:
    """A cheap check before generating: could even the shortest step hold a typical label?"""
    step_px = unit.min_step / scale.seconds_per_px
    return step_px >= max(gap, 1.0) and step_px >= text_width(unit.sample) + gap


def _row(unit: _Unit, scale: TimeScale) -> list[Tick]:
    ticks = []
    for d in _boundaries(unit, scale.start, scale.end):
        t = float(d)
        ticks.append(Tick(t, scale.x_of(t), unit.label(d)))
    return ticks


def _thinned(ticks: list[Tick], text_width: Callable[[str], float], min_gap: float) -> list[Tick]:
    """Keep ticks left to right, dropping any whose label would overlap the last kept one."""
    kept: list[Tick] = []
    right = float("-inf")
    for tick in ticks:
        if tick.x >= right:
            kept.append(tick)
            right = tick.x + text_width(tick.label) + min_gap
    return kept


def _fine_row(
    scale: TimeScale, text_width: Callable[[str], float], min_gap: float
) -> tuple[list[Tick], str]:
    for unit in reversed(_UNIT_LIST):  # finest first
        if not _could_fit(unit, scale, text_width, min_gap):
            continue
        ticks = _row(unit, scale)
        if _fits(ticks, [text_width(t.label) for t in ticks], min_gap):
            return ticks, unit.name
    coarsest = _UNIT_LIST[0]
    return _thinned(_row(coarsest, scale), text_width, min_gap), coarsest.name


def _pin_first(ticks: list[Tick], text_width: Callable[[str], float], min_gap: float) -> None:
    """Slide the first context label right to the left edge, stopping short of the next."""
    if not ticks or ticks[0].x >= 0.0:
        return
    first = ticks[0]
    x = 0.0
    if len(ticks) > 1:
        x = min(x, ticks[1].x - min_gap - text_width(first.label))
    ticks[0] = Tick(first.t, max(first.x, x), first.label)


def _context_row(
    unit_name: str, scale: TimeScale, text_width: Callable[[str], float], min_gap: float
) -> list[Tick]:
    unit = _CONTEXT.get(unit_name)
    if unit is None:
        return []
    ticks = _row(unit, scale)
    _pin_first(ticks, text_width, min_gap)
    return _thinned(ticks, text_width, min_gap)


def axis_ticks(
    scale: TimeScale, text_width: Callable[[str], float], *, min_gap: float = 10.0
) -> tuple[list[Tick], list[Tick], str]:
    """The (fine row, context row, fine unit name) of ticks for ``scale``.

    The fine row starts with the boundary at or before the left edge (its label may start
    left of x = 0) and ends at the last boundary inside the view. The context row is empty
    when the fine unit is a year or coarser.
    """
    fine, unit_name = _fine_row(scale, text_width, min_gap)
    return fine, _context_row(unit_name, scale, text_width, min_gap), unit_name
