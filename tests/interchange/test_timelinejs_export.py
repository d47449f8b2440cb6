"""TimelineJS export keeps the record honest: status, standing and citations on each slide,
undated events reported exactly (or listed on a slide of their own), nothing to show is an
error, and the export verb says exactly what it wrote."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from app.cli import main
from app.domain.dates import FuzzyDate
from app.interchange import timelinejs
from app.interchange.timelinejs.export import timeline_date
from app.store.case import Case


def test_every_demo_slide_shows_status_and_sources(demo_case: Case) -> None:
    doc = timelinejs.export_timelinejs(demo_case)
    dated = {f"event-{e.id}": e for e in demo_case.events() if e.start is not None}
    assert {item["unique_id"] for item in doc["events"]} == set(dated)
    for item in doc["events"]:
        ev = dated[item["unique_id"]]
        text = item["text"]["text"]
        assert f"Status: {ev.status.capitalize()}" in text
        for c in ev.citations:
            assert html.escape(c.source_title) in text
            if c.pinpoint:
                assert html.escape(c.pinpoint) in text
        if not ev.citations:
            assert "Unsupported: no source is cited for it" in text
    alleged = next(e for e in dated.values() if e.status == "alleged" and e.citations)
    (item,) = [i for i in doc["events"] if i["unique_id"] == f"event-{alleged.id}"]
    assert item["text"]["text"].startswith("<p><strong>Status: Alleged</strong>")


def test_standing_shows_where_sources_disagree(new_case: Case) -> None:
    a = new_case.create_source(title="For", url="https://example.org/for").created("source")
    b = new_case.create_source(title="Against").created("source")
    eid = new_case.create_event(title="Claim", start=FuzzyDate.parse("2020")).created("event")
    new_case.add_citation(event_id=eid, source_id=a, pinpoint="p. 4", quote="yes")
    new_case.add_citation(event_id=eid, source_id=b, stance="contradicts")
    (item,) = timelinejs.export_timelinejs(new_case)["events"]
    text = item["text"]["text"]
    assert "Contested: its sources disagree" in text
    assert "<strong>For</strong>, p. 4: &ldquo;yes&rdquo; (supports)" in text
    assert '<a href="https://example.org/for">' in text
    assert "<strong>Against</strong> (contradicts)" in text
    assert item["media"]["credit"] == "Source: For"


def test_undated_events_are_counted_or_listed(new_case: Case) -> None:
    new_case.create_event(title="Dated", start=FuzzyDate.parse("March 2020"))
    new_case.create_event(title="Undated one")
    new_case.create_event(title="Undated two")
    out = timelinejs.build_timelinejs(new_case)
    assert (out.slides, out.undated) == (1, 2) and len(out.doc["events"]) == 1
    assert "2 undated event(s) left out" in out.summary()
    assert "2 undated event(s) left out" in out.doc["title"]["text"]["text"]
    assert out.doc["title"]["text"]["headline"] == "Test case"

    out = timelinejs.build_timelinejs(new_case, undated_slide=True)
    last = out.doc["events"][-1]
    assert last["display_date"] == "Undated"
    assert last["start_date"] == {"year": 2020, "month": 3}
    assert "Undated one" in last["text"]["text"] and "Undated two" in last["text"]["text"]
    assert "1 slide listing 2 undated event(s)" in out.summary()


def test_nothing_to_show_is_an_error(new_case: Case, tmp_path: Path, capsys) -> None:
    with pytest.raises(timelinejs.NothingToShow, match="no events in the case"):
        timelinejs.build_timelinejs(new_case)
    new_case.create_event(title="Undated")
    with pytest.raises(timelinejs.NothingToShow, match="all undated"):
        timelinejs.build_timelinejs(new_case)
    doc = timelinejs.export_timelinejs(new_case, undated_slide=True)
    assert len(doc["events"]) == 1


def test_cli_reports_exactly_and_refuses_nothing(tmp_path: Path, capsys) -> None:
    case = tmp_path / "c.case"
    assert main(["new", str(case), "--title", "Only undated"]) == 0
    out = tmp_path / "t.json"
    with Case.open(case) as c:
        c.create_event(title="No date")
    assert main(["export", str(case), str(out), "--format", "timelinejs"]) == 2
    assert "nothing TimelineJS can show" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", str(case), str(out), "--format", "timelinejs", "--undated-slide"]) == 0
    assert "0 event slide(s), 1 slide listing 1 undated event(s)" in capsys.readouterr().out
    assert json.loads(out.read_text())["events"][0]["display_date"] == "Undated"


def test_cli_json_export_says_what_it_holds(demo_case_path: Path, tmp_path: Path, capsys):
    assert main(["export", str(demo_case_path), str(tmp_path / "a.json")]) == 0
    said = capsys.readouterr().out
    assert "the whole case: 8 event(s)" in said and "history row(s)" in said


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2004", {"year": 2004}),
        ("March 5, 2004", {"year": 2004, "month": 3, "day": 5}),
        ("2019-03-25 14:30", {"year": 2019, "month": 3, "day": 25, "hour": 14, "minute": 30}),
    ],
)
def test_dates_as_timelinejs_reads_them(text: str, expected: dict) -> None:
    assert timeline_date(FuzzyDate.parse(text)) == expected


def test_bce_years_are_written_as_timelinejs_shows_them() -> None:
    # TimelineJS shows a year -300 as "300 BCE" (tests/browser checks it in TimelineJS)
    assert timeline_date(FuzzyDate.parse("300 BC")) == {"year": -300}
    assert timeline_date(FuzzyDate.parse("1 BC")) == {"year": -1}
    assert timeline_date(FuzzyDate.parse("March 44 BC")) == {"year": -44, "month": 3}
    assert timeline_date(FuzzyDate.parse("AD 1")) == {"year": 1}


def test_media_is_the_source_timelinejs_can_show_or_the_quoted_passage(new_case: Case) -> None:
    page = new_case.create_source(title="Article", url="https://example.org/story", author="Ann")
    photo = new_case.create_source(title="Photo", url="https://example.org/p.JPG")
    plain = new_case.create_source(title="Memo")
    quoted = new_case.create_event(title="Quoted", start=FuzzyDate.parse("2020"))
    new_case.add_citation(event_id=quoted.created("event"), source_id=plain.created("source"))
    new_case.add_citation(
        event_id=quoted.created("event"),
        source_id=page.created("source"),
        pinpoint="para. 2",
        quote='said "so" <here>',
    )
    pictured = new_case.create_event(title="Pictured", start=FuzzyDate.parse("2021"))
    new_case.add_citation(event_id=pictured.created("event"), source_id=page.created("source"))
    new_case.add_citation(event_id=pictured.created("event"), source_id=photo.created("source"))
    new_case.create_event(title="Uncited", start=FuzzyDate.parse("2022"))
    first, second, third = timelinejs.export_timelinejs(new_case)["events"]
    # a web page would be drawn (and fetched) as a broken image: quote it, link it, credit it
    assert first["media"] == {
        "url": "<blockquote>&ldquo;said &quot;so&quot; &lt;here&gt;&rdquo;</blockquote>",
        "caption": "Article",
        "credit": "Source: Article (Ann)",
        "link": "https://example.org/story",
    }
    assert second["media"] == {
        "url": "https://example.org/p.JPG",
        "caption": "Photo",
        "credit": "Source: Photo",
    }
    assert "media" not in third
