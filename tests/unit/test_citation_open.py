"""What Open does for a citation and whether its quote is there: pure, no Qt."""

from __future__ import annotations

import zlib

import pytest

from app.domain.citation_open import ATTACH, ATTACH_MISSING, bates_page, plan_open, quote_found
from app.domain.citations import parse_pinpoint
from app.domain.document_text import (
    DocumentText,
    contains_quote,
    paragraph_line,
    paragraph_starts,
    read_document,
)
from app.domain.pdf_text import page_texts
from app.domain.records import SourceRecord
from app.interchange.textpdf import text_pdf

PAGES = [
    "Header of the summary\n\n1. The first paragraph\nruns on.\n\n2. The second.",
    "Page two\n\n3. Third paragraph, about (brackets) and \\ slashes.\n4. Fourth.",
    "5. Fifth, on the last page.",
]


def source(**fields: object) -> SourceRecord:
    base: dict[str, object] = {"id": 1, "kind": "document", "title": "S"}
    base.update(fields)
    return SourceRecord(**base)  # type: ignore[arg-type]


STORED = source(file_path="summary.pdf", file_sha256="0" * 64, file_stored=True)


def pdf_document(**options: object) -> DocumentText:
    document = read_document(text_pdf(PAGES, title="T", **options), "summary.pdf")  # type: ignore[arg-type]
    assert document is not None
    return document


def test_page_texts_reads_what_textpdf_wrote() -> None:
    texts = page_texts(text_pdf(PAGES, stamps=["X-01", "X-02", "X-03"], line_numbers=True))
    assert texts is not None and len(texts) == 3
    assert "3. Third paragraph, about (brackets) and \\ slashes." in texts[1]
    assert texts[0].splitlines()[0] == "Header of the summary"
    assert "X-02" in texts[1] and "X-02" not in texts[0]


def test_page_texts_of_raw_streams_arrays_and_hex() -> None:
    content = b"BT /F1 12 Tf 72 700 Td [(Hel) -20 (lo)] TJ T* <576f726c64> Tj ET"
    data = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents [4 0 R] >>\nendobj\n"
        + b"4 0 obj\n<< /Length %d >>\nstream\n" % len(content)
        + content
        + b"\nendstream\nendobj\n"
        + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    assert page_texts(data) == ["Hello\nWorld"]


def test_unreadable_pdfs_give_none() -> None:
    assert page_texts(b"%PDF-1.4 nothing here") is None
    assert page_texts(b"%PDF-1.4 /Type0 /Identity-H") is None
    broken = text_pdf(["x"]).replace(b"/FlateDecode", b"/LZWDecode")
    assert page_texts(broken) == [""]
    assert zlib.decompress(zlib.compress(b"x")) == b"x"


def test_numbered_paragraphs_are_read_by_their_numbers() -> None:
    text = "A SUMMARY written for a demo.\n\nTitle\n\n1. One.\n\n2. Two\ncontinued.\n\n3. Three."
    assert paragraph_starts(text) == [4, 6, 9]
    assert paragraph_line(text, 2) == 6
    assert paragraph_line(text, 4) is None
    # no numbering: blocks, as before
    assert paragraph_line("one\n\ntwo\nstill two\n\nthree", 3) == 5
    assert paragraph_line("Paragraph 1.\n\nParagraph 2.", 2) == 2


def test_pdf_paragraphs_are_found_on_their_pages() -> None:
    document = pdf_document(line_numbers=True, stamps=["A1", "A2", "A3"])
    assert document.page_count == 3
    assert [document.paragraph_page(n) for n in range(1, 6)] == [1, 1, 2, 2, 3]
    assert document.paragraph_page(6) is None
    assert contains_quote(document.paragraphs_text(1) or "", "first paragraph runs on")
    assert not contains_quote(document.paragraphs_text(1) or "", "The second")
    assert contains_quote(document.paragraphs_text(1, 2) or "", "The second")


@pytest.mark.parametrize(
    ("pinpoint", "opens", "label", "page", "paragraph"),
    [
        ("p. 2", "page", "Open p. 2", 2, None),
        ("pp. 2-3", "page", "Open pp. 2\u20133", 2, None),
        ("para. 4", "paragraph", "Open ¶ 4", 2, 4),
        ("¶¶ 1-2", "paragraph", "Open ¶¶ 1\u20132", 1, 1),
        ("DEMO-000002", "page", "Open DEMO-000002 (p. 2)", 2, None),
        ("", "document", "Open", 1, None),
        ("p. 9", "document", "Open", 1, None),
        ("para. 9", "document", "Open", 1, None),
        ("DEMO-000009", "document", "Open", 1, None),
        ("Tr. 45:3-12", "document", "Open", 1, None),
    ],
)
def test_plans_for_a_stored_pdf(
    pinpoint: str, opens: str, label: str, page: int | None, paragraph: int | None
) -> None:
    stored = source(
        file_path="s.pdf",
        file_sha256="0" * 64,
        file_stored=True,
        bates_start="DEMO-000001",
        bates_end="DEMO-000003",
    )
    plan = plan_open(stored, parse_pinpoint(pinpoint), document=pdf_document())
    assert (plan.opens, plan.label, plan.page, plan.paragraph) == (opens, label, page, paragraph)
    assert plan.enabled
    assert bool(plan.note) == (opens == "document" and pinpoint != "")


def test_plans_without_reading_the_copy() -> None:
    assert plan_open(STORED, parse_pinpoint("para. 3")).label == "Open ¶ 3"
    assert plan_open(STORED, parse_pinpoint("p. 40")).page == 40  # the viewer clamps
    movie = source(file_path="call.mp3", file_sha256="0" * 64, file_stored=True)
    plan = plan_open(movie, parse_pinpoint("12:30"))
    assert (plan.opens, plan.seconds, plan.label) == ("timecode", 750.0, "Play from 12:30")


def test_plans_for_addresses_and_sources_without_a_copy() -> None:
    web = source(url="https://example.org/report")
    plan = plan_open(web, parse_pinpoint("para. 3"))
    assert (plan.opens, plan.label, plan.address) == (
        "address",
        "Show address",
        "https://example.org/report",
    )
    refused = plan_open(source(url="javascript:alert(1)"), parse_pinpoint(""))
    assert refused.opens == "none" and not refused.enabled and refused.note
    nothing = plan_open(source(), parse_pinpoint("p. 2"))
    assert (nothing.opens, nothing.label, nothing.attach) == ("none", ATTACH, True)
    missing = plan_open(STORED, parse_pinpoint("p. 2"), copy="missing")
    assert (missing.opens, missing.label, missing.attach) == ("none", ATTACH_MISSING, True)
    # a stored file is preferred to the address
    both = source(
        url="https://example.org", file_path="a.pdf", file_sha256="0" * 64, file_stored=True
    )
    assert plan_open(both, parse_pinpoint("p. 1")).opens == "page"


def test_text_documents_open_at_paragraphs_only() -> None:
    text = DocumentText("text", ("SUMMARY\n\n1. One thing.\n\n2. Another thing.",))
    notes = source(file_path="notes.txt", file_sha256="0" * 64, file_stored=True)
    plan = plan_open(notes, parse_pinpoint("para. 2"), document=text)
    assert (plan.opens, plan.paragraph, plan.page) == ("paragraph", 2, None)
    assert quote_found("Another thing", plan, text) is True
    assert quote_found("One thing", plan, text) is False
    page = plan_open(notes, parse_pinpoint("p. 2"), document=text)
    assert page.opens == "document" and quote_found("One thing", page, text) is True


def test_quote_found_is_none_when_there_is_nothing_to_search() -> None:
    document = pdf_document()
    plan = plan_open(STORED, parse_pinpoint("p. 2"), document=document)
    assert quote_found("Fourth.", plan, document) is True
    assert quote_found("Fifth", plan, document) is False  # elsewhere in the document
    assert quote_found("", plan, document) is None
    assert quote_found("Fourth.", plan, None) is None
    web = plan_open(source(url="https://example.org"), parse_pinpoint(""))
    assert quote_found("anything", web, None) is None
    unreadable = DocumentText("pdf", (), readable=False)
    assert quote_found("x", plan_open(STORED, parse_pinpoint("p. 1")), unreadable) is None


def test_bates_page_counts_from_the_source_start() -> None:
    ranged = source(bates_start="SF-000120", bates_end="SF-000125")
    assert bates_page(ranged, "SF000123") == 4
    assert bates_page(ranged, "SF-000120") == 1
    assert bates_page(ranged, "SF000126") is None
    assert bates_page(ranged, "SF000119") is None
    assert bates_page(ranged, "XY000121") is None
    assert bates_page(source(), "SF000121") is None
    assert bates_page(source(bates_start="SF-000120"), "SF000200") == 81


def test_transcript_cites_open_the_transcript_page_at_its_line() -> None:
    document = pdf_document()
    plan = plan_open(STORED, parse_pinpoint("Tr. 2:3-12"), document=document)
    assert (plan.opens, plan.page, plan.line, plan.last_line) == ("line", 2, 3, 12)
    assert plan.label == "Open Tr. 2:3–12"
    assert quote_found("Fourth.", plan, document) is True
    assert quote_found("Fifth", plan, document) is False
    far = plan_open(STORED, parse_pinpoint("Dep. 12:4-13:2"), document=document)
    assert (far.opens, far.note) == ("document", "the transcript has no page 12")
    pin = plan.viewer_pinpoint("pdf")
    assert pin is not None and (pin.kind, pin.page, pin.line) == ("transcript", 2, 3)


def test_bates_cites_keep_their_separator_and_open_their_page() -> None:
    ranged = source(
        file_path="s.pdf",
        file_sha256="0" * 64,
        file_stored=True,
        bates_start="SF-000121",
        bates_end="SF-000123",
    )
    plan = plan_open(ranged, parse_pinpoint("SF-000123"), document=pdf_document())
    assert (plan.opens, plan.page, plan.label) == ("page", 3, "Open SF-000123 (p. 3)")


def test_combined_and_exhibit_cites_open_their_page() -> None:
    document = pdf_document()
    combined = plan_open(STORED, parse_pinpoint("p. 2, para. 3"), document=document)
    assert (combined.opens, combined.page, combined.label) == ("page", 2, "Open p. 2, ¶ 3")
    exhibit = plan_open(STORED, parse_pinpoint("Ex. 4 at 3"), document=document)
    assert (exhibit.opens, exhibit.page) == ("page", 3)
    whole = plan_open(STORED, parse_pinpoint("Ex. 4"), document=document)
    assert (whole.opens, whole.page, whole.note) == ("document", 1, "")
