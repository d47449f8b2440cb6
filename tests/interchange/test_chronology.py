"""The chronology report model (pure) and its HTML form (escaped, self-contained)."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser

import pytest

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.interchange.chronology import (
    build_chronology,
    describe_selection,
    precision_note,
    render_html,
)
from app.interchange.chronology.model import NO_FILE
from app.store.case import Case

MADE = datetime(2024, 5, 6, 14, 30)
HOSTILE = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"


@pytest.fixture
def case(new_case: Case) -> Case:
    """Four dated events (one a span), one undated, one unsourced; Bates and exhibits."""
    c = new_case
    deposition = c.create_source(
        title="Deposition of J. Smith",
        kind="deposition",
        bates_start="ABC0001",
        bates_end="ABC0099",
        exhibit="12",
    ).created("source")
    email = c.create_source(title="Email, Smith to Jones", kind="email").created("source")

    def event(title: str, start: str | None, **kw: object) -> int:
        return c.create_event(
            title=title,
            start=FuzzyDate.parse(start) if start else None,
            **kw,  # type: ignore[arg-type]
        ).created("event")

    late = event("Board meeting", "March 25, 2019", status="established", tags=["board"])
    early = event("Company founded", "2004", status="undisputed")
    span = event(
        "Contract in force",
        "circa June 2010",
        end=FuzzyDate.parse("December 2012"),
        status="alleged",
        key_fact=True,
        tags=["contract"],
    )
    undated = event("Promises made to investors", None, status="disputed", tags=["contract"])
    event("Rumoured merger", "2015", status="alleged")
    c.add_citation(event_id=late, source_id=deposition, pinpoint="pp. 4-6", quote="We met.")
    c.add_citation(event_id=late, source_id=email, stance="contradicts")
    c.add_citation(event_id=early, source_id=email, pinpoint="para. 3", stance="context")
    c.add_citation(event_id=span, source_id=deposition, pinpoint="ABC0042", quote="It ran.")
    c.add_citation(event_id=undated, source_id=email, quote="Trust me")
    return c


def test_entries_are_in_date_order_with_undated_last(case: Case) -> None:
    ch = build_chronology(case, made_at=MADE)
    assert [e.title for e in ch.entries] == [
        "Company founded",
        "Contract in force",
        "Rumoured merger",
        "Board meeting",
    ]
    assert [e.title for e in ch.undated] == ["Promises made to investors"]
    assert ch.undated[0].date == "" and ch.undated[0].undated
    assert ch.cover.events == 5 and ch.cover.undated == 1


def test_dates_as_written_with_precision_notes(case: Case) -> None:
    by_title = {e.title: e for e in build_chronology(case, made_at=MADE).all_entries}
    assert by_title["Company founded"].date == "2004"
    assert by_title["Company founded"].precision_note == "year only: any time in 2004"
    assert by_title["Board meeting"].date == "March 25, 2019"
    assert by_title["Board meeting"].precision_note == ""  # an exact day needs no note
    span = by_title["Contract in force"]
    assert span.date == "circa June 2010 \u2013 December 2012"
    assert span.precision_note.startswith("starts any time from May 1, 2010 to July 31, 2010")
    assert "ends any time in December 2012" in span.precision_note


def test_precision_note_wording() -> None:
    assert precision_note(FuzzyDate.parse("December 2016")) == (
        "month only: any time in December 2016"
    )
    assert precision_note(FuzzyDate.parse("before 2013")) == (
        "open-ended: any time before January 1, 2013"
    )
    assert precision_note(FuzzyDate.parse("after 2013")).startswith("open-ended: any time from")
    assert precision_note(FuzzyDate.parse("2019-03-25 14:30")) == ""
    ambiguous = FuzzyDate.parse("01/02/03", day_first=True)
    assert "read day first, as 1 February 2003" in precision_note(ambiguous, day_first=True)


def test_footnotes_are_numbered_in_reading_order_with_full_content(case: Case) -> None:
    ch = build_chronology(case, made_at=MADE)
    assert [f.number for f in ch.footnotes] == [1, 2, 3, 4, 5]
    numbers = [n for e in ch.all_entries for n in e.footnotes]
    assert numbers == [1, 2, 3, 4, 5]  # dated entries first, then the undated one
    by_title = {e.title: e for e in ch.all_entries}
    assert by_title["Rumoured merger"].footnotes == ()
    first, second = (ch.footnote(n) for n in by_title["Board meeting"].footnotes)
    assert first.source_title == "Deposition of J. Smith"
    assert first.pinpoint == "pp. 4\u20136"  # canonical form
    assert first.bates == "ABC0001\u2013ABC0099"
    assert first.exhibit == "12"
    assert first.quote == "We met." and first.stance == "supports"
    assert second.source_title == "Email, Smith to Jones"
    # the email has no exhibit number: the pack of the same events numbers it 1
    assert (second.bates, second.exhibit, second.stance) == ("", "1", "contradicts")
    assert not second.produced and second.exhibit_page == ""
    assert ch.footnote(by_title["Company founded"].footnotes[0]).pinpoint == "\u00b6 3"
    assert ch.footnote(by_title["Contract in force"].footnotes[0]).pinpoint == "ABC0042"
    undated_note = ch.footnote(by_title["Promises made to investors"].footnotes[0])
    assert undated_note.quote == "Trust me" and undated_note.number == 5
    assert first.text() == (
        "Deposition of J. Smith, pp. 4\u20136 (Ex. 12; Bates ABC0001\u2013ABC0099). "
        "\u201cWe met.\u201d [supports]"
    )


def test_unsourced_events_are_listed_in_the_appendix(case: Case) -> None:
    ch = build_chronology(case, made_at=MADE)
    ids = {e.title: e.id for e in case.events()}
    # a context citation alone does not source an event
    assert [(u.event_id, u.date, u.title, u.status) for u in ch.unsourced] == [
        (ids["Company founded"], "2004", "Company founded", "undisputed"),
        (ids["Rumoured merger"], "2015", "Rumoured merger", "alleged"),
    ]
    assert ch.cover.unsourced == 2
    by_title = {e.title: e for e in ch.all_entries}
    assert by_title["Company founded"].unsourced_note == "no supporting source"
    assert by_title["Rumoured merger"].unsourced_note == "no source cited"
    # established, but one citation contradicts it: the status is not borne out
    assert [(w.event_id, w.standing, w.warning) for w in ch.unsupported_status] == [
        (
            ids["Board meeting"],
            "contested",
            "Status 'established' is not supported by the citations: 1 contradicts, 1 supports",
        )
    ]
    assert ch.cover.warnings == 1


def test_sources_table_lists_the_cited_sources(case: Case) -> None:
    stored = case.create_source(title="Uncited memo", kind="memo").created("source")
    ch = build_chronology(case, made_at=MADE)
    ids = [s.id for s in ch.sources]
    assert stored not in ids
    deposition = next(s for s in ch.sources if s.title == "Deposition of J. Smith")
    assert (deposition.kind, deposition.bates, deposition.exhibit) == (
        "deposition",
        "ABC0001\u2013ABC0099",
        "12",
    )
    assert deposition.sha256 == NO_FILE and deposition.citations == 2


def test_sources_table_gives_the_file_hash(demo_case: Case) -> None:
    demo_case.add_citation(event_id=7, source_id=4, stance="context")  # the copy-less complaint
    ch = build_chronology(demo_case, made_at=MADE)
    hashes = [s.sha256 for s in ch.sources]
    assert NO_FILE in hashes
    stored = [h for h in hashes if h != NO_FILE]
    assert stored and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in stored)


def test_report_options_narrow_the_selection(case: Case) -> None:
    key = build_chronology(case, key_only=True, made_at=MADE)
    assert [e.title for e in key.all_entries] == ["Contract in force"]
    assert [f.number for f in key.footnotes] == [1]
    tagged = build_chronology(case, tags=["CONTRACT", "board"], made_at=MADE)
    assert {e.title for e in tagged.all_entries} == {
        "Contract in force",
        "Board meeting",
        "Promises made to investors",
    }
    status = build_chronology(case, statuses=["alleged", "disputed"], made_at=MADE)
    assert {e.title for e in status.all_entries} == {
        "Contract in force",
        "Rumoured merger",
        "Promises made to investors",
    }
    both = build_chronology(
        case, EventFilter(date_from=FuzzyDate.parse("2010")), statuses=["alleged"], made_at=MADE
    )
    assert [e.title for e in both.all_entries] == ["Contract in force", "Rumoured merger"]
    nothing = build_chronology(case, EventFilter(search="zzzz"), made_at=MADE)
    assert nothing.all_entries == () and nothing.footnotes == () and nothing.sources == ()


def test_cover_says_what_was_selected(case: Case) -> None:
    ch = build_chronology(case, made_at=MADE)
    assert ch.cover.case_title == "Test case"
    assert ch.cover.made == "May 6, 2024, 14:30"
    assert ch.cover.selection == "All events."
    flt = EventFilter(
        search="merger",
        tags=("board",),
        entities=("Smith",),
        date_from=FuzzyDate.parse("2010"),
        date_to=FuzzyDate.parse("2019"),
    )
    text = build_chronology(
        case, flt, key_only=True, tags=["a", "b"], statuses=["alleged"], made_at=MADE
    ).cover.selection
    assert text.startswith("Key facts matching the search \u201cmerger\u201d")
    for part in (
        "tagged \u201cboard\u201d",
        "tagged \u201ca\u201d or \u201cb\u201d",
        "naming \u201cSmith\u201d",
        "with status \u201calleged\u201d",
        "on or after 2010",
        "on or before 2019",
    ):
        assert part in text
    assert describe_selection(EventFilter(unsourced_only=True)) == (
        "Events with no supporting citation."
    )


# -- HTML -------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(document: str) -> _Tags:
    parser = _Tags()
    parser.feed(document)
    parser.close()
    return parser


def test_html_escapes_all_case_text(new_case: Case) -> None:
    new_case.update_case_info(title="Case " + HOSTILE)
    source = new_case.create_source(
        title="Src " + HOSTILE, kind="document", bates_start="<b>1</b>", exhibit="&7"
    ).created("source")
    eid = new_case.create_event(
        title="Title " + HOSTILE,
        description="Desc " + HOSTILE,
        start=FuzzyDate.parse("2020"),
        tags=["<i>tag</i>"],
    ).created("event")
    new_case.add_citation(event_id=eid, source_id=source, pinpoint="<p>", quote="Q " + HOSTILE)
    new_case.create_event(title="Bare " + HOSTILE)  # undated, unsourced: the appendix too
    document = render_html(build_chronology(new_case, made_at=MADE))

    assert "<script" not in document.lower()
    assert "<img" not in document.lower()
    assert "onerror=alert" not in document.replace("onerror=alert(2)&gt;", "")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;"
    assert document.count(escaped) >= 6  # title, case title, description, quote, source, ...
    assert "&lt;b&gt;1&lt;/b&gt;" in document and "&amp;7" in document
    assert "&lt;i&gt;tag&lt;/i&gt;" in document and "&lt;p&gt;" in document
    parsed = _parsed(document)
    assert {t for t, _ in parsed.tags} <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "dl", "dt",
        "dd", "main", "h2", "div", "span", "sup", "a", "ol", "li", "cite", "table", "thead",
        "tbody", "tr", "th", "td",
    }  # fmt: skip
    assert HOSTILE in "".join(parsed.text)  # a reader sees the text as typed


def test_html_is_self_contained_and_links_only_to_its_footnotes(demo_case: Case) -> None:
    document = render_html(build_chronology(demo_case, made_at=MADE))
    assert document.startswith("<!DOCTYPE html>")
    parsed = _parsed(document)
    hrefs = [a.get("href") for t, a in parsed.tags if t == "a"]
    assert hrefs and all(re.fullmatch(r"#fn-\d+", h or "") for h in hrefs)
    ids = {a.get("id") for _, a in parsed.tags}
    assert all(h[1:] in ids for h in hrefs if h)  # every marker has its footnote
    for t, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs), (t, attrs)
        assert "src" not in attrs
        if t == "meta" and attrs.get("http-equiv"):
            assert "default-src 'none'" in (attrs.get("content") or "")
    for banned in ("<script", "<link", "<img", "<iframe", "@import", "url(", "http://", "https:"):
        assert banned not in document.lower(), banned
    assert "Survivors v. Salesforce" in document
    assert '<h2 id="undated">Undated</h2>' in document
    assert "@media print" in document


def test_html_footnote_markers_are_superscript_links(case: Case) -> None:
    document = render_html(build_chronology(case, made_at=MADE))
    assert '<sup><a href="#fn-3">3</a>,<a href="#fn-4">4</a></sup>' in document
    assert '<li id="fn-5" value="5">' in document
    assert "Bates ABC0001\u2013ABC0099" in document and "Ex. 12" in document
    assert "Appendix: events without a supporting source" in document
    assert "Rumoured merger" in document
    assert "Appendix: status not supported by the citations" in document
