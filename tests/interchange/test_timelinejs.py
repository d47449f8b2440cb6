"""TimelineJS: JSON and spreadsheet-template import (all-or-nothing), JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.dates import FuzzyDate
from app.interchange import casejson, timelinejs
from app.interchange.import_outcome import ImportRejected, RowError
from app.interchange.plaintext import html_to_text
from app.store.case import Case

DATA = Path(__file__).parent.parent / "data"


def rejected(case: Case, data: bytes, *, template: bool = False) -> list[RowError]:
    before = casejson.export_document(case)
    importer = timelinejs.import_timelinejs_csv if template else timelinejs.import_timelinejs
    with pytest.raises(ImportRejected) as caught:
        importer(case, data)
    assert casejson.export_document(case) == before, "a rejected import changed the case"
    return caught.value.errors


def check_example(case: Case) -> None:
    by_title = {e.title: e for e in case.events()}
    assert set(by_title) == {
        "Contract signed",
        "Goods delivered late",
        "Talks begin",
        "Payment sent",
    }
    signed = by_title["Contract signed"]
    assert signed.start.precision.value == "day" and signed.tags == ("contract",)
    assert signed.description == "Roe signs for the buyer.\nWitnessed by two people."
    (cite,) = signed.citations
    source = case.source(cite.source_id)
    assert (source.kind, source.url, source.title) == (
        "web",
        "https://example.org/contract",
        "The signed contract",
    )
    assert source.author == "Acme Ltd"
    assert by_title["Payment sent"].citations[0].source_id == cite.source_id  # reused by URL
    late = by_title["Goods delivered late"]
    assert late.start.qualifier.value == "circa" and late.start.precision.value == "month"
    assert late.end.precision.value == "month"
    assert late.description == "Shipment left the depot > 3 weeks late."
    assert by_title["Talks begin"].start.precision.value == "year"
    payment = by_title["Payment sent"]
    assert payment.start.precision.value == "minute"
    assert (payment.start.earliest.hour, payment.start.earliest.minute) == (14, 30)
    assert payment.description == "Wire transfer\nreference 123"
    (era,) = case.eras()
    assert era.name == "Contract term" and era.start.precision.value == "month"
    assert era.end.precision.value == "year"


def test_json_example_imports(new_case: Case) -> None:
    report = timelinejs.import_timelinejs(
        new_case, (DATA / "timelinejs.json").read_bytes(), adopt_title=True
    )
    assert new_case.title == "Acme & the late goods"
    assert len(report.events) == 4 and len(report.sources) == 1 and len(report.eras) == 1
    check_example(new_case)
    assert new_case.check() == []


def test_template_csv_example_imports(new_case: Case) -> None:
    report = timelinejs.import_timelinejs_csv(
        new_case, (DATA / "timelinejs_template.csv").read_bytes(), adopt_title=True
    )
    assert new_case.title == "Acme and the late goods"
    assert len(report.events) == 4
    check_example(new_case)
    assert new_case.eras()[0].colour == "#336699"


def test_only_given_parts_set_the_precision() -> None:
    cases = {
        "2004,,,": ("year", None),
        "2004,5,,": ("month", None),
        "2004,5,6,": ("day", None),
        "2004,5,6,09:15": ("minute", (9, 15)),
        "2004,5,6,9:15 pm": ("minute", (21, 15)),
    }
    for cells, (precision, clock) in cases.items():
        data = f"Year,Month,Day,Time,Headline\r\n{cells},x\r\n".encode()
        plan = timelinejs.check_timelinejs_csv(data)
        assert plan.ok, plan.errors
        start = plan.events[0].start
        assert start.precision.value == precision
        if clock:
            assert (start.earliest.hour, start.earliest.minute) == clock


def test_html_becomes_plain_text() -> None:
    assert html_to_text("<script>alert(1)</script>Hi <b>there</b>") == "Hi there"
    assert html_to_text("a<br>b<br/>c") == "a\nb\nc"
    assert html_to_text("<p>one</p><p>two</p>") == "one\ntwo"
    assert html_to_text("&lt;script&gt; &amp; &eacute;") == "<script> & é"
    assert html_to_text("<style>x{}</style><div>ok</div><script>never") == "ok"
    assert html_to_text("plain text\nkept") == "plain text\nkept"


def test_hostile_json_is_rejected_row_by_row(new_case: Case) -> None:
    errors = rejected(new_case, (DATA / "timelinejs_hostile.json").read_bytes())
    assert [(e.row, e.column) for e in errors] == [
        (2, "events[1].start_date.day"),
        (3, "events[2].media.url"),
        (4, "events[3].start_date.year"),
    ]
    assert "2021-2-30" in errors[0].reason


def test_hostile_json_text_is_plain_when_the_rest_is_fine(new_case: Case) -> None:
    doc = json.loads((DATA / "timelinejs_hostile.json").read_text(encoding="utf-8"))
    doc["events"] = doc["events"][:1]
    timelinejs.import_timelinejs(new_case, json.dumps(doc).encode())
    (ev,) = new_case.events()
    assert ev.title == "Safe headline"
    assert ev.description == "Para one\nPara\xa0two & link"
    assert "<" not in ev.title + ev.description and "alert" not in ev.title + ev.description


def test_hostile_template_is_rejected_row_by_row(new_case: Case) -> None:
    data = (DATA / "timelinejs_template_hostile.csv").read_bytes()
    errors = rejected(new_case, data, template=True)
    assert [(e.row, e.column) for e in errors] == [
        (3, "Day"),
        (4, "Month"),
        (5, "Headline"),
        (6, "Year"),
        (7, "Type"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"events": [1]}',
        b'{"events": [{"start_date": "2020"}]}',
        b'{"events": [{"start_date": {"year": true}, "text": {"headline": 5}}]}',
        b'{"events": []' + b"]" * 10,
        b"[" * 100_000,
        b'{"events": [{"start_date": {"year": 2020}, "text": {"headline": "\xff"}}]}',
        b'{"events": [{"start_date": {"year": 2020}, "text": {"headline": "a\\u0000b"}}]}',
        b'{"events": [{"start_date": {"year": 2020, "month": 13}, "text": {"headline": "x"}}]}',
        b'{"foo": 1}',
        b'{"title": {"text": {"headline": "No events"}}}',
    ],
)
def test_garbage_json_never_crashes(new_case: Case, data: bytes) -> None:
    assert rejected(new_case, data)


def test_oversized_text_is_a_row_error(new_case: Case) -> None:
    doc = {"events": [{"start_date": {"year": 2020}, "text": {"headline": "x" * 100_001}}]}
    errors = rejected(new_case, json.dumps(doc).encode())
    assert [(e.row, e.column) for e in errors] == [(1, "events[0].text.headline")]


def test_template_with_bad_bytes_and_ragged_rows(new_case: Case) -> None:
    data = b"Year,Headline\r\n2020,ok\r\n2020,bad \xc3\x28\r\n2020,too,many\r\n"
    errors = rejected(new_case, data, template=True)
    assert [(e.row, e.column) for e in errors] == [(3, "Headline"), (4, "")]
    assert "byte offset" in errors[0].reason


# -- export ----------------------------------------------------------------------------------


def test_export_shape(demo_case: Case) -> None:
    doc = timelinejs.export_timelinejs(demo_case)
    assert doc["title"]["text"]["headline"]
    dated = [e for e in demo_case.events() if e.start is not None]
    assert len(doc["events"]) == len(dated)
    for item, ev in zip(doc["events"], dated, strict=True):
        parts = item["start_date"]
        expected = {"year": 1, "month": 2, "day": 3, "minute": 5}[ev.start.precision.value]
        assert len({k for k in parts if k != "display_date"}) == expected
        if ev.tags:
            assert item["group"] == ev.tags[0]
    assert doc["eras"] and json.dumps(doc)


def test_export_escapes_html_and_shows_qualified_dates(new_case: Case) -> None:
    new_case.create_source(title="Page <1>", kind="web", url="https://example.org/a?b=1&c=2")
    eid = new_case.create_event(
        title="<script>x</script> & co",
        description="line one\nline <two>",
        start=FuzzyDate.parse("circa March 2004"),
        tags=["b tag", "a tag"],
    ).created("event")
    new_case.add_citation(event_id=eid, source_id=new_case.sources()[0].id)
    (item,) = timelinejs.export_timelinejs(new_case)["events"]
    assert item["text"]["headline"] == "&lt;script&gt;x&lt;/script&gt; &amp; co"
    assert item["text"]["text"] == (
        "<p><strong>Status: Alleged</strong></p><p>line one<br>line &lt;two&gt;</p>"
        "<p>Sources:</p><ol><li><strong>Page &lt;1&gt;</strong> (supports) "
        '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>'
        "</li></ol>"
    )
    assert item["display_date"] == "circa March 2004"
    assert item["start_date"] == {"year": 2004, "month": 3, "display_date": "circa March 2004"}
    assert item["group"] == "a tag"
    # a web page is not media TimelineJS can show: the source is quoted, linked and credited
    assert item["media"]["url"] == "<blockquote>Page &lt;1&gt;</blockquote>"
    assert item["media"]["link"] == "https://example.org/a?b=1&c=2"
    assert item["media"]["credit"] == "Source: Page &lt;1&gt;"
    assert item["media"]["caption"] == "Page &lt;1&gt;"


def test_json_round_trip_keeps_what_timelinejs_carries(
    empty_case, new_case: Case, tmp_path: Path
) -> None:
    sid = new_case.create_source(
        title="Report", kind="web", url="https://example.org/r", author="A. Writer"
    ).created("source")
    dates = [
        ("2004", None),
        ("March 2004", None),
        ("March 5, 2004", "April 2004"),
        ("2019-03-25 14:30", None),
        ("circa 2004", None),
        ("before June 2010", None),
        ("after 2001", None),
        ("between 2013 and June 2014", None),
        ("between 2013 and 2014", "2016"),
        ("circa 1999", "circa 2001"),
    ]
    for i, (start, end) in enumerate(dates):
        eid = new_case.create_event(
            title=f"Event {i} <&>",
            description=f"Line\nand <b>{i}</b>",
            start=FuzzyDate.parse(start),
            end=FuzzyDate.parse(end) if end else None,
            tags=[f"group {i % 3}"],
        ).created("event")
        if i % 2:
            new_case.add_citation(event_id=eid, source_id=sid)
    new_case.create_era(
        name="Era <1>", start=FuzzyDate.parse("circa 2003"), end=FuzzyDate.parse("2005")
    )
    doc = timelinejs.export_timelinejs(new_case)
    with empty_case(tmp_path / "copy.case", title="x") as copy:
        report = timelinejs.import_timelinejs(copy, json.dumps(doc).encode(), adopt_title=True)
        assert report.warnings == ["the title slide's text is not kept"]
        assert copy.title == new_case.title
        for a, b in zip(new_case.events(), copy.events(), strict=True):
            assert (a.title, a.tags) == (b.title, b.tags)
            assert b.description.startswith("Status: Alleged") and a.description in b.description
            assert a.start.same_claim(b.start), (a.start, b.start)
            assert (a.end is None and b.end is None) or a.end.same_claim(b.end), (a.end, b.end)
            assert bool(a.citations) == bool(b.citations)
        for b in copy.events():
            for c in b.citations:
                s = copy.source(c.source_id)
                assert (s.url, s.title, s.author) == (
                    "https://example.org/r",
                    "Report",
                    "A. Writer",
                )
        (era_a,), (era_b,) = new_case.eras(), copy.eras()
        assert era_a.name == era_b.name
        assert era_a.start.same_claim(era_b.start) and era_a.end.same_claim(era_b.end)


def test_write_timelinejs(demo_case: Case, tmp_path: Path) -> None:
    target = tmp_path / "timeline.json"
    timelinejs.write_timelinejs(demo_case, target)
    assert json.loads(target.read_text(encoding="utf-8")) == timelinejs.export_timelinejs(demo_case)
