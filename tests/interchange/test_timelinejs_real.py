"""TimelineJS files as TimelineJS itself publishes them: embeds, scheme-relative and site
paths, media-only slides, deep-time years, the older format, and files that are not
timelines at all. The fixtures are small files written for these tests in the shapes of
TimelineJS's documented JSON format and its spreadsheet template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.dates import DateError, FuzzyDate
from app.interchange import timelinejs
from app.interchange.formats import ImportProblem, import_file
from app.interchange.import_outcome import ImportRejected
from app.store.case import Case

DATA = Path(__file__).parent.parent / "data"


def test_published_json_imports_with_warnings(new_case: Case) -> None:
    report = timelinejs.import_timelinejs(new_case, (DATA / "timelinejs_real.json").read_bytes())
    assert len(report.events) == 7 and len(report.eras) == 1
    by_title = {e.title: e for e in new_case.events()}
    quay = by_title["Quay opens"]
    assert quay.description.startswith("The new quay opens.\n\n[Media embed")
    assert '<blockquote class="post">' in quay.description  # kept as text, never parsed
    assert quay.citations == ()  # an embed is never a source to open
    assert "<iframe" in by_title["Crane video"].description
    (dredge,) = by_title["Dredging"].citations
    assert new_case.source(dredge.source_id).url == "https://images.example.org/dredger.jpg"
    plan = by_title["Plan published"]
    assert "/static/img/plan.png" in plan.description and plan.citations == ()
    assert "Storm damage on the east wall" in by_title  # titled from the media caption
    assert "Harbour archive" in by_title  # ... or its credit
    assert "Untitled" in by_title
    text = "\n".join(report.warnings)
    assert "row 1: the media is an HTML embed" in text
    assert "row 4: the media '/static/img/plan.png' is a path on the site" in text
    assert "row 5: no headline; the event is titled from its media caption" in text
    assert "row 7: no headline" in text
    assert new_case.title == "Test case"  # not renamed without being asked
    assert "--adopt-title" in text
    assert new_case.check() == []


def test_template_with_an_extra_column_and_site_paths(new_case: Case) -> None:
    data = (DATA / "timelinejs_template_real.csv").read_bytes()
    report = timelinejs.import_timelinejs_csv(new_case, data, adopt_title=True)
    assert new_case.title == "Deep time sample"
    titles = sorted(e.title for e in new_case.events())
    assert titles == ["Map of 1850", "Old wall built"]
    (cite,) = next(e for e in new_case.events() if e.title == "Old wall built").citations
    assert new_case.source(cite.source_id).url == "https://images.example.org/wall.jpg"
    assert any("'Notes' column" in w for w in report.warnings)


def _model_holds(year: int) -> bool:
    try:
        FuzzyDate.from_parts(year)
    except DateError:
        return False
    return True


@pytest.mark.parametrize("year", ["-300", "-13798000000", -44])
def test_bce_and_deep_time_years_are_read_as_numbers(new_case: Case, year: object) -> None:
    doc = {"events": [{"start_date": {"year": year}, "text": {"headline": "Long ago"}}]}
    data = json.dumps(doc).encode()
    if _model_holds(int(str(year))):
        timelinejs.import_timelinejs(new_case, data)
        (ev,) = new_case.events()
        assert ev.start.to_iso().startswith("-")
    else:  # the date model refuses the year: the row says so, naming the year itself
        with pytest.raises(ImportRejected) as caught:
            timelinejs.import_timelinejs(new_case, data)
        (error,) = caught.value.errors
        assert error.column == "events[0].start_date.year"
        assert str(year) in error.reason and "not a whole number" not in error.reason


def test_a_bad_month_or_day_names_its_own_column(new_case: Case) -> None:
    data = b"Year,Month,Day,Headline\r\n2020,14,,a\r\n2021,2,30,b\r\n"
    with pytest.raises(ImportRejected) as caught:
        timelinejs.import_timelinejs_csv(new_case, data)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "Month"), (3, "Day")]


def test_timelinejs2_is_read_as_what_it_stands_for(new_case: Case) -> None:
    report = import_file(new_case, DATA / "timelinejs2.json")
    assert "this is a TimelineJS 2 file" in report.warnings[0]
    (ev,) = new_case.events()
    assert (ev.title, ev.description, ev.start.to_iso()) == (
        "Quay opens",
        "The new quay opens.",
        "1998-05-01",
    )
    (cite,) = ev.citations
    source = new_case.source(cite.source_id)
    assert (source.url, source.title, source.author) == (
        "https://images.example.org/quay.jpg",
        "The quay",
        "Port office",
    )


def test_timelinejs2_problems_name_the_item(new_case: Case) -> None:
    doc = {"timeline": {"headline": "x", "date": [{"startDate": "2011,13", "headline": "a"}]}}
    with pytest.raises(ImportRejected) as caught:
        timelinejs.import_timelinejs(new_case, json.dumps(doc))
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "events[0].start_date.month")]


@pytest.mark.parametrize("text", ['{"foo": 1}', '{"title": {"text": {"headline": "x"}}}'])
def test_json_without_events_is_an_error(new_case: Case, tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        import_file(new_case, path)
    assert 'no "events" list' in caught.value.details[0]


def test_dry_run_counts_eras(new_case: Case) -> None:
    data = (DATA / "timelinejs_real.json").read_bytes()
    report = timelinejs.import_timelinejs(new_case, data, dry_run=True)
    assert len(report.eras) == 1 and "1 era(s)" in report.summary()
    assert new_case.eras() == [] and new_case.events() == []


def test_warnings_reach_the_preview_and_the_cli(new_case: Case, tmp_path: Path, capsys) -> None:
    from app.cli import main
    from app.interchange.preview import dry_run

    result = dry_run(new_case, DATA / "timelinejs_real.json", None)
    assert result.ok and any("HTML embed" in w for w in result.report.warnings)
    assert len(result.rows) == 7 and new_case.events() == []
    case = tmp_path / "c.case"
    assert main(["new", str(case), "--title", "C"]) == 0
    assert main(["import", str(case), str(DATA / "timelinejs_real.json")]) == 0
    out = capsys.readouterr().out
    assert "imported 7 event(s)" in out and "1 era(s)" in out
    assert "  warning: row 1: the media is an HTML embed" in out


def test_timelinejs2_without_dates_is_an_error(new_case: Case) -> None:
    with pytest.raises(ImportRejected) as caught:
        timelinejs.import_timelinejs(new_case, b'{"timeline": {"headline": "x"}}')
    assert 'no "events" list' in caught.value.errors[0].reason
