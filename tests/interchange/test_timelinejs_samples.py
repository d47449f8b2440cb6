"""Every kind of file in TimelineJS's own repository (its website examples, its templates and
its contributed folder), as small excerpts written for these tests in the same shapes: each
imports with the warnings it deserves or is refused for the reason it should be, and what
imports comes back out of the TimelineJS export as the same slides, with the same dates as
TimelineJS reads them and the same headlines.

The real files were checked by hand; the excerpts keep what makes each one hard: deep-time
years (-13800000000), a TimelineJS 2 end in the year 196002152034, embeds, site paths,
slides without a headline, seconds with blank milliseconds, eras, the spreadsheet template's
title row, and files that are not TimelineJS documents at all."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from app.interchange.import_outcome import ImportRejected
from app.interchange.plaintext import html_to_text
from app.interchange.timelinejs import (
    build_timelinejs,
    import_timelinejs,
    import_timelinejs_csv,
)
from app.store.case import Case

SAMPLES = Path(__file__).parent.parent / "data" / "timelinejs_samples"

# excerpt -> (the TimelineJS repository file it stands for, events, eras, warnings it must give)
IMPORTED: dict[str, tuple[str, int, int, tuple[str, ...]]] = {
    "cosmo.json": ("src/template/cosmo.json", 3, 0, ()),
    "cosmo_mixed.json": ("src/template/cosmo-mixed.json", 4, 0, ()),
    "eras.json": ("src/template/eras.json", 3, 2, ()),
    "all_media_types.json": (
        "src/template/all-media-types.json",
        4,
        0,
        ("row 2: the media is an HTML embed", "row 3: the media is an HTML embed"),
    ),
    "women_in_computing.json": (
        "contrib/women_in_computing.json",
        3,
        0,
        ("row 2: the media is an HTML embed",),
    ),
    "women_in_computing.csv": (
        "contrib/women_in_computing.csv, src/js/core/__tests__/women_in_computing.csv",
        3,
        0,
        ("row 4: the media is an HTML embed", "the Background column is not kept"),
    ),
    "my_own_timeline.csv": ("src/template/my-own-timeline.csv", 2, 0, ()),
    "biography_tl3.json": (
        "website/examples/houston/timeline3.json, website/examples/timeline3.json",
        3,
        0,
        ("row 1: the media '/static/img/examples/singer/family.jpg' is a path on the site",),
    ),
    "soundcite_tl3.json": (
        "website/examples/soundcite/timeline3.json",
        2,
        0,
        ("row 2: the media '/static/img/examples/singer/tour.jpg' is a path",),
    ),
    "mediatypes_tl3.json": (
        "website/examples/mediatypes/timeline3.json",
        2,
        0,
        ("row 2: the media is an HTML embed",),
    ),
    "republican_tl3.json": (
        "website/examples/republican/timeline3.json",
        2,
        0,
        ("row 1: the media is an HTML embed",),
    ),
    "sayings_tl3.json": ("website/examples/shit-people-say/timeline3.json", 2, 0, ()),
    "sayings_tl2.json": (
        "website/examples/shit-people-say/timeline2.json",
        2,
        0,
        ("this is a TimelineJS 2 file",),
    ),
    "user_interface_tl3.json": (
        "website/examples/user-interface/timeline3.json",
        2,
        0,
        ("row 1: the media '/static/img/examples/ui/loom.jpg' is a path",),
    ),
    "user_interface_tl2.json": (
        "website/examples/user-interface/timeline2.json",
        2,
        0,
        ("this is a TimelineJS 2 file", "row 1: the media '/static/img/examples/ui/loom.jpg'"),
    ),
    "biography_tl2.json": (
        "website/examples/houston/timeline2.json",
        2,
        0,
        ("this is a TimelineJS 2 file",),
    ),
    "twain.json": (
        "website/examples/twain/marktwain.json",
        3,
        0,
        (
            "row 1: no headline; the event is titled from its text",
            "row 3: no headline; the event is titled from its media caption",
        ),
    ),
    "example_tl2.json": (
        "website/examples/example.json",
        3,
        0,
        ("this is a TimelineJS 2 file", "row 1: the media 'examples/actor/final.jpg' is a path"),
    ),
}
# excerpt -> (the file it stands for, the reason it is refused)
REFUSED: dict[str, tuple[str, str]] = {
    "parser_test.csv": ("src/js/core/__tests__/parser_test.csv", "this required column is missing"),
    "empty_tl2.json": ("website/examples/republican/timeline2.json (empty)", "not valid JSON"),
    "welcome_slides.json": ("website/static/welcome/welcome.json", 'no "events" list'),
    "build_config.json": ("config.json (comments, not JSON)", "not valid JSON"),
}


def _import(case: Case, name: str, **kw: Any):
    data = (SAMPLES / name).read_bytes()
    if name.endswith(".csv"):
        return import_timelinejs_csv(case, data, **kw)
    return import_timelinejs(case, data, **kw)


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_every_sample_shape_imports_with_its_warnings(new_case: Case, name: str) -> None:
    _, events, eras, warnings = IMPORTED[name]
    report = _import(new_case, name)
    assert (len(new_case.events()), len(new_case.eras())) == (events, eras)
    assert len(report.events) == events
    text = "\n".join(report.warnings)
    for warning in warnings:
        assert warning in text, (warning, text)
    assert new_case.check() == []


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_is_not_a_timeline_is_refused_with_the_reason(new_case: Case, name: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        _import(new_case, name)
    assert any(REFUSED[name][1] in e.reason for e in caught.value.errors), caught.value.errors
    assert new_case.events() == []


def test_the_excerpts_cover_every_kind_of_sample() -> None:
    assert sorted(p.name for p in SAMPLES.iterdir()) == sorted([*IMPORTED, *REFUSED])


def test_deep_time_and_the_far_future_are_kept(new_case: Case) -> None:
    _import(new_case, "cosmo.json")
    _import(new_case, "example_tl2.json")
    by_title = {e.title: e for e in new_case.events()}
    # TimelineJS shows its year -13800000000 as "13800000000 BCE" (no year 0)
    assert by_title["The first second"].start.to_iso() == "-13799999999"
    assert by_title["The first second"].start.format() == "13800000000 BC"
    activism = by_title["Activism"]
    assert (activism.start.to_iso(), activism.end.to_iso()) == ("1985", "+196002152034")
    assert activism.end.format() == "196002152034 AD"


def test_a_month_or_day_after_9999_names_its_row_and_column(new_case: Case) -> None:
    doc = {"events": [{"start_date": {"year": "12000", "month": "3"}, "text": {"headline": "x"}}]}
    with pytest.raises(ImportRejected) as caught:
        import_timelinejs(new_case, json.dumps(doc))
    (error,) = caught.value.errors
    assert (error.row, error.column) == (1, "events[0].start_date.month")
    assert "only supported for years" in error.reason
    sheet = b"Year,Month,Day,Headline\r\n12000,,,fine\r\n12000,5,2,not fine\r\n"
    with pytest.raises(ImportRejected) as caught:
        import_timelinejs_csv(new_case, sheet)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "Month")]
    assert new_case.events() == []


# -- what TimelineJS reads ----------------------------------------------------------------

_PARTS = ("year", "month", "day", "hour", "minute", "second")


def _int(value: Any) -> int | None:
    """JavaScript's parseInt, as TimelineJS applies it to each date part."""
    m = re.match(r"\s*([+-]?\d+)", str(value)) if value is not None else None
    return int(m[1]) if m else None


def _when(parts: dict[str, Any] | None) -> tuple[int, ...] | None:
    """A date as TimelineJS reads it: every part (missing ones as TimelineJS fills them) and
    how fine it is (year, month, day or time of day)."""
    if not parts:
        return None
    got = {k: _int(parts.get(k)) for k in _PARTS}
    if got["year"] is None:
        return None
    level = max(i for i, k in enumerate(("year", "month", "day", "hour")) if got[k] is not None)
    defaults = {"month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0}
    return (*(got[k] if got[k] is not None else defaults.get(k, 0) for k in _PARTS), level)


def _tl2_parts(text: Any) -> dict[str, Any] | None:
    if not text:
        return None
    return dict(zip(_PARTS, str(text).split(","), strict=False))


def _sheet_parts(row: dict[str, str], prefix: str) -> dict[str, Any]:
    """The date parts of a spreadsheet row ("" for the start, "End " for the end)."""
    out: dict[str, Any] = {k: row.get(f"{prefix}{k.title()}") for k in ("year", "month", "day")}
    time = (row.get(f"{prefix}Time") or "").split(":")
    if time[0]:
        out.update(hour=time[0], minute=time[1] if len(time) > 1 else None)
    return out


def _slides_in(name: str) -> tuple[list[tuple], list[tuple]]:
    """(events, eras) of a sample as TimelineJS reads them: (headline text, start, end)."""
    data = (SAMPLES / name).read_text(encoding="utf-8")
    if name.endswith(".csv"):
        events, eras = [], []
        for row in csv.DictReader(io.StringIO(data)):
            start, end = _sheet_parts(row, ""), _sheet_parts(row, "End ")
            slide = (html_to_text(row["Headline"]), _when(start), _when(end))
            kind = (row.get("Type") or "").strip().lower()
            if kind != "title":
                (eras if kind == "era" else events).append(slide)
        return events, eras
    doc = json.loads(data)
    if "timeline" in doc:  # TimelineJS 2
        items = doc["timeline"].get("date", [])
        return [
            (
                html_to_text(d.get("headline") or ""),
                _when(_tl2_parts(d.get("startDate"))),
                _when(_tl2_parts(d.get("endDate"))),
            )
            for d in items
        ], []

    def slide(item: dict[str, Any]) -> tuple:
        headline = html_to_text((item.get("text") or {}).get("headline") or "")
        return (headline, _when(item.get("start_date")), _when(item.get("end_date")))

    return [slide(e) for e in doc["events"]], [slide(e) for e in doc.get("eras", [])]


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_import_then_export_gives_the_same_slides_dates_and_headlines(
    new_case: Case, name: str
) -> None:
    report = _import(new_case, name)
    events_in, eras_in = _slides_in(name)
    doc = build_timelinejs(new_case).doc
    events_out = [
        (
            html_to_text(e["text"]["headline"]),
            _when(e["start_date"]),
            _when(e.get("end_date")),
        )
        for e in doc["events"]
    ]
    eras_out = [
        (html_to_text(e["text"]["headline"]), _when(e["start_date"]), _when(e["end_date"]))
        for e in doc.get("eras", [])
    ]
    assert len(events_out) == len(events_in) and Counter(eras_out) == Counter(eras_in)
    # a slide without a headline is titled from its text or media (and the import says so)
    untitled = [s for s in events_in if not s[0]]
    titled_in = Counter(s for s in events_in if s[0])
    titled_out = Counter(s for s in events_out if s in titled_in)
    assert titled_out == titled_in
    for rest in (Counter(events_out) - titled_out).elements():
        assert any(rest[1:] == s[1:] for s in untitled)
        assert any("titled from its" in w or "Untitled" in w for w in report.warnings)


def test_a_year_beyond_the_range_is_refused_for_what_it_is(new_case: Case) -> None:
    doc = {"events": [{"start_date": {"year": "1932"}, "end_date": {"year": "2960021520341"}}]}
    with pytest.raises(ImportRejected) as caught:
        import_timelinejs(new_case, json.dumps(doc))
    (error,) = caught.value.errors
    assert (error.row, error.column) == (1, "events[0].end_date.year")
    assert "after 290 billion AD" in error.reason and "whole number" not in error.reason
