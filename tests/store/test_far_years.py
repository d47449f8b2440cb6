"""Years far before and after the common era, end to end without widgets: stored, sorted,
filtered, laid out on a timeline spanning hundreds of billions of years, fitted, summed up by
``info`` and written in the report, with no integer overflow and no float precision trap."""

from __future__ import annotations

import warnings

import numpy as np

from app.domain.date_display import interval_words
from app.domain.date_interval import MAX_INSTANT, MAX_YEAR, MIN_INSTANT, MIN_YEAR
from app.domain.date_text import interpret
from app.domain.dates import FuzzyDate
from app.domain.instants import Instant, parse_instant
from app.domain.known_bounds import case_span
from app.interchange.chronology.build import build_chronology
from app.interchange.chronology.html_page import render_html
from app.store.case import Case
from app.store.queries import EventFilter
from app.timeline.drawn import fit_scale
from app.timeline.durations import durations
from app.timeline.layout import build_lanes, layout_frame
from app.timeline.ticks import axis_ticks

DATES = {
    "Big Bang": ("13,800,000,000 BC", None),
    "Before everything": (f"before {-MIN_YEAR} BC", None),
    "Taylor's career": ("1932", "196002152034 AD"),
    "Far future": ("12000 AD", None),
    "Forever after": ("after 196002152034 AD", None),
    "All of time": (f"before {-MIN_YEAR} BC", f"after {MAX_YEAR - 1} AD"),
    "Last year": (f"{MAX_YEAR} AD", None),
    "Today": ("25 March 2019", None),
}


def width(text: str) -> float:
    return 7.0 * len(text)


def _fill(case: Case) -> Case:
    with case.batch():
        for title, (start, end) in DATES.items():
            case.create_event(
                title=title,
                start=FuzzyDate.parse(start),
                end=None if end is None else FuzzyDate.parse(end),
            )
    return case


def _id(case: Case, title: str) -> int:
    return next(e.id for e in case.events() if e.title == title)


def test_far_years_are_stored_sorted_and_filtered(new_case: Case) -> None:
    far_case = _fill(new_case)
    titles = [e.title for e in far_case.events()]
    assert titles[:2] == ["Before everything", "All of time"]
    assert titles.index("Big Bang") < titles.index("Taylor's career") < titles.index("Today")
    assert titles.index("Today") < titles.index("Far future") < titles.index("Last year")
    by_title = {e.title: e for e in far_case.events()}
    assert by_title["Taylor's career"].end.earliest.year == 196_002_152_034
    assert by_title["All of time"].end.latest == MAX_INSTANT
    assert by_title["All of time"].start.earliest == MIN_INSTANT
    future = EventFilter(date_from=FuzzyDate.parse("100000000000 AD"))
    assert {e.title for e in far_case.events(future)} == {
        "Taylor's career",
        "Forever after",
        "All of time",
        "Last year",
    }
    deep = EventFilter(date_to=FuzzyDate.parse("200000000000 BC"))
    assert {e.title for e in far_case.events(deep)} == {"Before everything", "All of time"}
    assert far_case.check() == []


def test_a_timeline_of_all_time_lays_out_without_overflow(new_case: Case) -> None:
    far_case = _fill(new_case)
    cols = far_case.timeline_columns()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's overflow warnings too
        spans = durations(cols.start_lo, cols.end_hi)
        assert (spans > 0).all()
        lanes = build_lanes(cols, None)
        scale = fit_scale(cols, 1200.0, width, (0.0, 1.0))
        lo, hi = case_span(cols)
        assert scale.start <= lo and hi <= scale.end
        assert Instant(lo).year < -280_000_000_000 and Instant(hi).year > 196_000_000_000
        frame = layout_frame(cols, lanes, scale, width)
        fine, _, _ = axis_ticks(scale, width)
    assert fine and np.isfinite([t.x for t in fine]).all()
    placed = [item for item in frame.items if item.kind == "event"]
    assert placed and all(np.isfinite([i.x0, i.x1, i.label_x]).all() for i in placed)
    career = next(i for i in placed if i.event_id == _id(far_case, "Taylor's career"))
    assert 0.0 <= career.x0 < career.x1 <= 1200.0
    # zoomed in on the far future: the narrowest view is still years wide
    far = float(Instant.of(196_002_152_034))
    close = scale.centered_on(far).zoomed(1e12, 600.0)
    assert close.span > 1e7
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layout_frame(cols, lanes, close, width)
        axis_ticks(close, width)


def test_info_report_and_panels_name_far_years(new_case: Case) -> None:
    far_case = _fill(new_case)
    stats = far_case.stats()
    first, last = parse_instant(stats.first), parse_instant(stats.last)
    assert first is not None and last is not None
    assert first.year < -280_000_000_000 and last.year > 196_000_000_000
    chronology = build_chronology(far_case)
    page = render_html(chronology)
    assert "196002152034 AD" in page and "13800000000 BC" in page
    career = next(e for e in far_case.events() if e.title == "Taylor's career")
    assert interval_words(career.end) == "196002152034 AD"
    date, message, ok = interpret("12,000 AD")
    assert ok and date is not None and "12000 AD" in message
    assert not interpret("March 12000 AD")[2]
