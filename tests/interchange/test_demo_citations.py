"""The demo case's every citation leads to a document stored in the case, at a place that
exists, with a quote that is really there (pure: no Qt)."""

from __future__ import annotations

import hashlib

from app.domain.citations import parse_pinpoint
from app.interchange.citation_list import citation_rows, read_copy
from app.interchange.demo import bates_stamps, demo_documents_dir
from app.store.case import Case

NO_COPY_SOURCE = 4  # the complaint itself: no copy, and so cited nowhere


def test_every_demo_citation_opens_at_its_place_with_its_quote(demo_case: Case) -> None:
    rows = citation_rows(demo_case)
    assert len(rows) == 19
    kinds = set()
    for row in rows:
        c, plan = row.citation, row.plan
        assert c.source_id != NO_COPY_SOURCE
        kinds.add(parse_pinpoint(c.pinpoint).kind)
        assert plan.opens in ("page", "paragraph"), (c.id, plan)
        assert plan.enabled and not plan.note, (c.id, plan)
        assert c.quote.strip(), c.id
        assert row.quote_found is True, (c.id, c.quote, plan)
    assert kinds == {"page", "paragraph", "bates"}
    assert not demo_case.source(NO_COPY_SOURCE).file_sha256  # kept to show "Attach a copy..."


def test_demo_documents_are_stored_hashed_and_paged(demo_case: Case) -> None:
    by_id = {s.id: s for s in demo_case.sources()}
    for source_id, kind, pages in ((1, "text", 0), (2, "pdf", 3), (3, "pdf", 3)):
        source = by_id[source_id]
        assert source.file_stored and source.file_sha256
        data = demo_case.file_data(source.file_sha256)
        assert data is not None and hashlib.sha256(data).hexdigest() == source.file_sha256
        copy = read_copy(demo_case, source)
        assert copy.state == "present" and copy.verified is True
        assert copy.document is not None and copy.document.kind == kind
        assert copy.document.page_count == pages
        first = copy.document.whole_text().lstrip().splitlines()[0]
        assert "ILLUSTRATIVE SUMMARY" in first or "DEMO MATERIAL" in first, first
    complaint = read_copy(demo_case, by_id[2]).document
    assert complaint is not None
    stamps = ["DEMO-000001", "DEMO-000002", "DEMO-000003"]
    assert [stamp in page for stamp, page in zip(stamps, complaint.pages, strict=True)] == [
        True
    ] * 3
    assert by_id[2].bates_start == "DEMO-000001" and by_id[2].bates_end == "DEMO-000003"
    assert not by_id[NO_COPY_SOURCE].file_sha256 and not by_id[NO_COPY_SOURCE].url


def test_every_demo_event_has_a_supporting_citation(demo_case: Case) -> None:
    events = demo_case.events()
    assert len(events) == 8
    for event in events:
        assert any(c.stance == "supports" for c in event.citations), event.title


def test_demo_documents_say_what_they_are() -> None:
    for name in ("news-notes.txt", "complaint-summary.txt"):
        text = (demo_documents_dir() / name).read_text(encoding="utf-8")
        assert text.startswith("ILLUSTRATIVE SUMMARY written for the Casetrail demo"), name
    assert bates_stamps("DEMO-000009", 2) == ["DEMO-000009", "DEMO-000010"]
    assert bates_stamps("", 2) == []
