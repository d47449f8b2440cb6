"""Schema 6: privileged notes of events and citations, entity pseudonyms, the views' and
stories' pseudonym setting: stored, audited, undone, upgraded into, read for review and
salvaged like every other column."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.records import CitationEdit, EventFilter
from app.domain.stories import StoryStep
from app.store import audit
from app.store.case import Case
from app.store.engine import Mode
from app.store.errors import ValidationError
from app.store.stories import stories_of


def test_notes_are_stored_audited_and_checked(new_case: Case) -> None:
    source = new_case.create_source(title="Memo").created("source")
    changes = new_case.save_event(
        event_id=None,
        expected_version=None,
        title="Meeting",
        privileged_note="Our theory: he knew.",
        citations=[CitationEdit(None, source, "p. 2", "", "supports", "Check the date")],
    )
    event = new_case.event(changes.created("event"))
    assert event.privileged_note == "Our theory: he knew."
    assert event.citations[0].privileged_note == "Check the date"
    new_case.update_citation(event.citations[0].id, privileged_note="")
    assert new_case.event(event.id).citations[0].privileged_note == ""
    assert new_case.event(event.id).citations[0].pinpoint == "p. 2"  # the rest kept
    new_case.update_event(event.id, expected_version=event.version, title="Meeting 2")
    assert new_case.event(event.id).privileged_note == "Our theory: he knew."  # kept
    assert new_case.check() == []
    assert any("privileged_note" in r.new for r in new_case.audit_log())
    with pytest.raises(ValidationError, match="privileged note"):
        new_case.create_event(title="x", privileged_note="a\x00b")


def test_a_snapshot_puts_the_notes_back(new_case: Case) -> None:
    source = new_case.create_source(title="Memo").created("source")
    event_id = new_case.create_event(title="E", privileged_note="first").created("event")
    new_case.add_citation(event_id=event_id, source_id=source, privileged_note="on the cite")
    before = new_case.snapshot("event", event_id)
    event = new_case.event(event_id)
    new_case.save_event(
        event_id=event_id,
        expected_version=event.version,
        title="E",
        privileged_note="second",
        citations=[],
    )
    assert new_case.event(event_id).citations == ()
    new_case.delete_event(event_id)
    new_case.restore(before)
    again = new_case.event(event_id)
    assert again.privileged_note == "first"
    assert [c.privileged_note for c in again.citations] == ["on the cite"]
    assert new_case.check() == []


def test_pseudonyms_of_entities_views_and_stories(new_case: Case) -> None:
    entity = new_case.create_entity(name="Carl Ferrer", pseudonym="  Witness   A ")
    entity_id = entity.created("entity")
    assert new_case.entities()[0].pseudonym == "Witness A"
    new_case.update_entity(entity_id, pseudonym="")
    assert new_case.entities()[0].pseudonym == ""
    new_case.save_view(name="Shown", flt=EventFilter(), pseudonyms=True)
    assert new_case.saved_views()[0].pseudonyms is True
    new_case.save_view(name="Shown", flt=EventFilter(key_only=True))  # saved again: kept
    assert new_case.saved_views()[0].pseudonyms is True
    new_case.save_view(name="Other", flt=EventFilter())
    assert [v.pseudonyms for v in new_case.saved_views()] == [False, True]
    event_id = new_case.create_event(title="E").created("event")
    stories = stories_of(new_case)
    stories.create(name="S", steps=(StoryStep(event_id),), pseudonyms=True)
    story = stories.find("S")
    assert story is not None and story.pseudonyms
    stories.update(story.id, introduction="Intro")  # the setting is kept
    assert stories.get(story.id).pseudonyms
    stories.put(story.id, None)
    stories.put(story.id, story)  # undo's way back
    assert stories.get(story.id).pseudonyms
    assert new_case.check() == []


def _schema_five_case(path: Path) -> None:
    from app.store.migrate import upgrade
    from app.store.schema import APPLICATION_ID
    from app.store.sqlite.connect import connect_raw, make_engine

    raw = connect_raw(path, Mode.NEW)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.close()
    engine = make_engine(path, Mode.OPEN)
    upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO case_info(id, title, created, day_first, schema_version, audit_head, "
            "audit_count) VALUES (1, 'Old case', '2020-01-01T00:00:00+00:00', 0, 5, ?, 0)",
            (audit.GENESIS,),
        )
        conn.exec_driver_sql(
            "INSERT INTO events(title, description, status, key_fact, version, "
            "start_ambiguous, end_ambiguous) VALUES ('Kept', '', 'alleged', 0, 1, 0, 0)"
        )
        conn.exec_driver_sql("INSERT INTO entities(name, kind, description, colour) "
                             "VALUES ('Carl Ferrer', 'person', '', '')")  # fmt: skip
    engine.dispose()


def test_a_schema_5_case_is_read_for_review_without_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.case"
    _schema_five_case(path)
    before = path.read_bytes()
    with Case.open(path, Mode.REVIEW) as case:
        assert [(e.title, e.privileged_note) for e in case.events()] == [("Kept", "")]
        assert [e.pseudonym for e in case.entities()] == [""]
    assert path.read_bytes() == before


def test_a_schema_5_case_is_upgraded_with_a_baseline(tmp_path: Path) -> None:
    path = tmp_path / "old.case"
    _schema_five_case(path)
    with Case.open(path) as case:
        assert case.check() == []
        last = case.audit_log()[-1]
        assert (last.action, last.table_name) == ("baseline", "case")
        assert "schema 6" in last.new
        case.update_entity(1, pseudonym="Witness A")
        assert case.check() == []
    conn = sqlite3.connect(path)
    conn.execute("UPDATE events SET privileged_note = 'added behind its back'")
    conn.commit()
    conn.close()
    with Case.open(path) as case:
        problems = case.check()
    assert any("events row 1" in p for p in problems), problems


def test_salvage_keeps_notes_pseudonyms_and_settings(demo_case_path: Path, tmp_path: Path) -> None:
    from app.interchange.salvage import salvage

    with Case.open(demo_case_path) as case:
        case.update_entity(3, pseudonym="Witness A")
        event = case.events()[0]
        case.update_event(event.id, expected_version=event.version, privileged_note="Ours")
        case.update_citation(event.citations[0].id, privileged_note="On the cite")
        case.save_view(name="Shown", flt=EventFilter(), pseudonyms=True)
        stories_of(case).create(name="S", steps=(StoryStep(event.id),), pseudonyms=True)
    out = tmp_path / "clean.case"
    salvage(demo_case_path, out)
    with Case.open(out) as copy:
        again = copy.event(event.id)
        assert again.privileged_note == "Ours"
        assert again.citations[0].privileged_note == "On the cite"
        assert next(e for e in copy.entities() if e.id == 3).pseudonym == "Witness A"
        assert copy.saved_views()[0].pseudonyms
        found = stories_of(copy).find("S")
        assert found is not None and found.pseudonyms
        assert copy.check() == []
