"""``casetrail citations``: every citation, what Open does and whether its quote is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.store.case import Case

FIELDS = {
    "id",
    "event_id",
    "event_title",
    "source_id",
    "source_title",
    "pinpoint",
    "pinpoint_display",
    "quote",
    "stance",
    "opens",
    "open_label",
    "page",
    "paragraph",
    "line",
    "address",
    "note",
    "quote_found",
}


def test_citations_json_of_the_demo(
    demo_case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["citations", str(demo_case_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 19 and all(set(row) == FIELDS for row in rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id[7]["pinpoint"] == "DEMO-000003"
    assert (by_id[7]["opens"], by_id[7]["page"], by_id[7]["open_label"]) == (
        "page",
        3,
        "Open DEMO-000003 (p. 3)",
    )
    assert (by_id[4]["opens"], by_id[4]["paragraph"], by_id[4]["page"]) == ("paragraph", 5, 2)
    assert (by_id[1]["opens"], by_id[1]["paragraph"], by_id[1]["page"]) == ("paragraph", 7, None)
    assert 18 not in by_id  # every demo citation opens: none cites the complaint's missing copy
    assert all(r["quote_found"] is True and r["opens"] in ("page", "paragraph") for r in rows)
    assert [r["event_id"] for r in rows][-2:] == [4, 4]  # the undated event last


def test_citations_of_a_made_case(
    new_case: Case, case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = new_case.create_event(title="Something").created("event")
    web = new_case.create_source(title="Site", url="https://example.org/a").created("source")
    bare = new_case.create_source(title="Letter").created("source")
    text = b"NOTES\n\n1. The cat sat.\n\n2. The dog ran."
    import hashlib

    sha = hashlib.sha256(text).hexdigest()
    new_case.store_file(sha256=sha, data=text, size=len(text), original_name="n.txt")
    notes = new_case.create_source(
        title="Notes", file_path="n.txt", file_sha256=sha, file_stored=True
    ).created("source")
    for source_id, pinpoint, quote in (
        (web, "para. 3", "anything"),
        (bare, "p. 1", "a line"),
        (notes, "para. 2", "The dog ran."),
        (notes, "para. 1", "The dog ran."),
    ):
        new_case.add_citation(
            event_id=event_id, source_id=source_id, pinpoint=pinpoint, quote=quote
        )
    new_case.close()
    assert main(["citations", str(case_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["opens"], r["quote_found"]) for r in rows] == [
        ("address", None),
        ("none", None),
        ("paragraph", True),
        ("paragraph", False),
    ]
    assert rows[0]["address"] == "https://example.org/a" and rows[0]["open_label"] == "Show address"
    assert main(["citations", str(case_path)]) == 0
    out = capsys.readouterr().out
    assert "quote NOT FOUND" in out and "opens: address \u2014 Show address" in out
    assert "opens: none \u2014 No copy in the case - Attach a copy..." in out


def test_transcript_and_bates_cites_in_json(
    new_case: Case, case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import hashlib

    from app.interchange.textpdf import text_pdf

    data = text_pdf(["1 Q. Where were you?\n2 A. At home.", "1 Q. And then?\n2 A. I left."])
    sha = hashlib.sha256(data).hexdigest()
    new_case.store_file(sha256=sha, data=data, size=len(data), original_name="dep.pdf")
    dep = new_case.create_source(
        title="Deposition",
        file_path="dep.pdf",
        file_sha256=sha,
        file_stored=True,
        bates_start="SF-000120",
        bates_end="SF-000121",
    ).created("source")
    event_id = new_case.create_event(title="Left").created("event")
    for pinpoint, quote in (("Tr. 2:1-2", "I left."), ("SF-000121", "And then?")):
        new_case.add_citation(event_id=event_id, source_id=dep, pinpoint=pinpoint, quote=quote)
    new_case.close()
    assert main(["citations", str(case_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["opens"], r["page"], r["line"], r["quote_found"]) for r in rows] == [
        ("line", 2, 1, True),
        ("page", 2, None, True),
    ]
    assert rows[1]["pinpoint"] == rows[1]["pinpoint_display"] == "SF-000121"
