"""Adaptive, calendar-correct axis ticks for a :class:`~app.timeline.scale.TimeScale`.

The axis has two rows. The *fine* row holds ticks of the finest unit whose labels fit side by
side ("2013", "Q2", "Mar", "25", "14:00"); the *context* row holds the next coarser unit,
labelled in full ("2013", "March 2013", "25 Mar 2013"), so that a fine label is never
ambiguous. Boundaries are computed with :mod:`datetime` arithmetic on naive instants (months
have their real lengths; weeks start on Monday), within years 1..9999.

Labels are measured with a caller-supplied ``text_width`` (the canvas passes its font
metrics), and no two labels of one row ever overlap: label i occupies
[x, x + text_width(label)], and the next one starts at least ``min_gap`` pixels later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.date_format import MONTH_NAMES
from app.domain.instants import from_seconds, to_seconds
from app.timeline.scale import TimeScale

FIRST = datetime(1, 1, 1)
LAST = datetime(9999, 12, 31, 23, 59)
MIN_T = to_seconds(FIRST)
MAX_T = to_seconds(LAST)

_DAY = 86400
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
    floor: Callable[[datetime], datetime]  # the boundary at or before an instant
    step: Callable[[datetime], datetime]  # the next boundary
    label: Callable[[datetime], str]  # the short label of a boundary


def _year_floor(n: int) -> Callable[[datetime], datetime]:
    def floor(d: datetime) -> datetime:
        return datetime(max(1, d.year - d.year % n), 1, 1)

    return floor


def _year_step(n: int) -> Callable[[datetime], datetime]:
    def step(d: datetime) -> datetime:
        return datetime(d.year - d.year % n + n, 1, 1)

    return step


def _month_floor(n: int) -> Callable[[datetime], datetime]:
    def floor(d: datetime) -> datetime:
        return datetime(d.year, d.month - (d.month - 1) % n, 1)

    return floor


def _month_step(n: int) -> Callable[[datetime], datetime]:
    def step(d: datetime) -> datetime:
        months = d.year * 12 + d.month - 1 + n
        return datetime(months // 12, months % 12 + 1, 1)

    return step


def _fixed_floor(seconds: int) -> Callable[[datetime], datetime]:
    def floor(d: datetime) -> datetime:
        t = to_seconds(d)
        return from_seconds(t - t % seconds)

    return floor


def _fixed_step(seconds: int) -> Callable[[datetime], datetime]:
    def step(d: datetime) -> datetime:
        return d + timedelta(seconds=seconds)

    return step


def _week_floor(d: datetime) -> datetime:
    day = datetime(d.year, d.month, d.day)
    return max(FIRST, day - timedelta(days=day.weekday()))


def _year_label(d: datetime) -> str:
    return str(d.year)


def _quarter_label(d: datetime) -> str:
    return f"Q{(d.month - 1) // 3 + 1}"


def _month_label(d: datetime) -> str:
    return _ABBR[d.month - 1]


def _week_label(d: datetime) -> str:
    return f"{d.day} {_ABBR[d.month - 1]}"


def _day_label(d: datetime) -> str:
    return str(d.day)


def _clock_label(d: datetime) -> str:
    return f"{d.hour:02d}:{d.minute:02d}"


def _month_year_label(d: datetime) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.year}"


def _full_day_label(d: datetime) -> str:
    return f"{d.day} {_ABBR[d.month - 1]} {d.year}"


_UNIT_LIST = (
    _Unit("century", 36524 * _DAY, "2000", _year_floor(100), _year_step(100), _year_label),
    _Unit("half-century", 18262 * _DAY, "2000", _year_floor(50), _year_step(50), _year_label),
    _Unit("decade", 3652 * _DAY, "2000", _year_floor(10), _year_step(10), _year_label),
    _Unit("5-year", 1826 * _DAY, "2000", _year_floor(5), _year_step(5), _year_label),
    _Unit("2-year", 730 * _DAY, "2000", _year_floor(2), _year_step(2), _year_label),
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


def to_datetime(t: float) -> datetime:
    """The naive instant ``t`` seconds after 1970 (clamped to years 1..9999, whole seconds)."""
    return from_seconds(int(min(max(t, MIN_T), MAX_T)))


def _boundaries(unit: _Unit, t0: float, t1: float) -> Iterator[datetime]:
    """The unit's boundaries from the one at or before ``t0`` up to ``t1`` (inclusive)."""
    d = unit.floor(to_datetime(t0))
    stop = to_datetime(t1)
    while d <= stop:
        yield d
        try:
            d = unit.step(d)
        except (OverflowError, ValueError):  # past year 9999
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
        t = float(to_seconds(d))
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
