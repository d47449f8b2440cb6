"""Casetrail JSON export: lossless, and an export re-imported exports the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.records import EventFilter
from app.interchange import casejson
from app.store.case import Case

DATA = Path(__file__).parent.parent / "data"


def test_demo_round_trip_is_exact(empty_case, demo_case: Case, tmp_path: Path) -> None:
    first = casejson.export_document(demo_case)
    assert first["events"] and first["sources"] and first["eras"]
    assert first["files"], "the demo memo is stored inside the case and must travel"
    memo = next(s for s in first["sources"] if s["file_stored"])
    assert len(memo["file_sha256"]) == 64 and memo["file_size"] > 0
    event = first["events"][0]
    assert set(event["start"]) >= {"text", "precision", "qualifier", "earliest", "latest", "iso"}
    cited = [c for e in first["events"] for c in e["citations"]]
    assert all({"id", "source_id", "pinpoint", "quote", "stance"} <= set(c) for c in cited)

    demo_case.save_view(name="Key facts", flt=EventFilter(key_only=True))
    first = casejson.export_document(demo_case, include_history=True)
    assert [v["name"] for v in first["saved_views"]] == ["Key facts"]
    assert first["history"] and first["history"][-1]["table"] == "saved_views"

    with empty_case(tmp_path / "copy.case", title="placeholder") as copy:
        doc = casejson.read_document(casejson.dumps(first))
        casejson.import_document(copy, doc, adopt_title=True)
        second = casejson.export_document(copy, include_history=True)
        assert copy.check() == []
        (kept,) = [r for r in copy.audit_log() if r.table_name == "imported_history"]
    # the copy's own history is its own; the demo's travels inside it, marked and verified
    own = second.pop("history")
    assert kept.action == "import" and own[0]["table"] == "imported_history"
    carried = json.loads(kept.new)
    assert carried["chain_verified"] is True and carried["source_case"] == demo_case.title
    assert carried["history"] == first.pop("history")
    assert second == first


def test_an_altered_history_is_refused(demo_case: Case, empty_case, tmp_path: Path) -> None:
    doc = casejson.export_document(demo_case, include_history=True)
    doc["history"][1]["actor"] = "someone else"
    with empty_case(tmp_path / "copy.case", title="x") as copy:
        with pytest.raises(casejson.DocumentError) as caught:
            casejson.import_document(copy, doc)
        assert caught.value.problems == [
            "history[1]: does not match its hash; the history was altered"
        ]
        assert copy.events() == [] and copy.title == "x"


def test_write_json_is_readable_and_atomic(demo_case: Case, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    casejson.write_json(demo_case, target)
    doc = casejson.read_document(target.read_bytes())
    assert doc == casejson.export_document(demo_case, include_history=True)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []


def test_export_without_files_still_imports(empty_case, demo_case: Case, tmp_path: Path) -> None:
    doc = casejson.export_document(demo_case, include_files=False)
    assert "files" not in doc
    with empty_case(tmp_path / "copy.case", title="x") as copy:
        casejson.import_document(copy, doc)
        memo = next(s for s in copy.sources() if s.file_sha256)
        assert memo.file_stored is False  # known by hash only: the bytes did not travel


def test_example_document_imports(new_case: Case) -> None:
    doc = casejson.read_document((DATA / "case.json").read_bytes())
    casejson.import_document(new_case, doc, adopt_title=True)
    out = casejson.export_document(new_case)
    assert out["case"]["title"] == doc["case"]["title"]
    assert [e["id"] for e in out["events"]] == [e["id"] for e in doc["events"]]


def test_tampered_file_is_refused_and_case_unchanged(
    empty_case, demo_case: Case, tmp_path: Path
) -> None:
    doc = json.loads(casejson.dumps(casejson.export_document(demo_case)))
    doc["files"][0]["data"] = "QUJD"  # "ABC": not the file the digest names
    with empty_case(tmp_path / "copy.case", title="x") as copy:
        before = casejson.export_document(copy)
        with pytest.raises(casejson.DocumentError, match="SHA-256"):
            casejson.import_document(copy, doc)
        assert casejson.export_document(copy) == before


def test_stories_travel_in_casetrail_json(demo_case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.domain.stories import StoryStep
    from app.interchange.casejson import export_document
    from app.interchange.formats import import_file
    from app.store.case import Case
    from app.store.stories import stories_of

    stories_of(demo_case).create(
        name="Opening", introduction="Intro", steps=[StoryStep(6, "six"), StoryStep(2, "")]
    )
    out = tmp_path / "case.json"
    from app.interchange.formats import export_file

    export_file(demo_case, out)
    assert export_document(demo_case)["stories"][0]["steps"][0] == {
        "event": 6,
        "commentary": "six",
    }
    with Case.create(tmp_path / "copy.case", title="Copy") as copy:
        import_file(copy, out)
        story = stories_of(copy).find("opening")
        assert story is not None and story.introduction == "Intro"
        assert story.steps == (StoryStep(6, "six"), StoryStep(2, ""))
        import_file(copy, out, new_ids=True)  # renumbered: the steps follow their events
        story = stories_of(copy).find("opening")
        assert story is not None and len(story.steps) == 2
        titles = [copy.event(s.event_id).title for s in story.steps]
        assert titles == [demo_case.event(6).title, demo_case.event(2).title]
        assert story.event_ids != (6, 2)
