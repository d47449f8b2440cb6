"""A case whose schema is not the one Casetrail creates is refused before anything in it runs
(for editing and for review), with one line naming the objects, and left byte-for-byte as it
was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.store.case import Case
from app.store.engine import CaseFileError, Mode, NewerSchemaError
from app.store.errors import SchemaMismatchError
from tests.hostile import HOSTILE, digest


@pytest.mark.parametrize("mode", [Mode.OPEN, Mode.REVIEW])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_schema_is_refused_and_unchanged(
    demo_case_path: Path, name: str, mode: Mode
) -> None:
    mentioned = HOSTILE[name](demo_case_path)
    folder = sorted(p.name for p in demo_case_path.parent.iterdir())
    before = digest(demo_case_path)
    if name == "newer_user_version" and mode is Mode.REVIEW:
        with Case.open(demo_case_path, mode) as case:  # a newer case opens for review
            assert case.read_only and "newer" in (case.notice or "")
    else:
        with pytest.raises(CaseFileError) as info:
            Case.open(demo_case_path, mode)
        message = str(info.value)
        assert "\n" not in message and str(demo_case_path) in message
        assert mentioned in message
        if name == "newer_user_version":
            assert isinstance(info.value, NewerSchemaError)
    assert digest(demo_case_path) == before
    assert sorted(p.name for p in demo_case_path.parent.iterdir()) == folder


def test_refusal_names_the_trigger_and_carries_the_list(demo_case_path: Path) -> None:
    HOSTILE["status_trigger_on_search_pending"](demo_case_path)
    HOSTILE["extra_view"](demo_case_path)
    HOSTILE["dropped_index"](demo_case_path)
    with pytest.raises(SchemaMismatchError) as info:
        Case.open(demo_case_path)
    message = str(info.value)
    assert "this case contains a trigger `promote` that Casetrail did not create" in message
    assert "a view `summary`" in message and "it was not run" in message
    assert "is missing the index `ix_citations_source_id`" in message
    assert {(d.change, d.type, d.name) for d in info.value.differences} == {
        ("extra", "trigger", "promote"),
        ("extra", "view", "summary"),
        ("missing", "index", "ix_citations_source_id"),
    }


def test_altered_table_is_named_as_different(demo_case_path: Path) -> None:
    HOSTILE["altered_check"](demo_case_path)
    with pytest.raises(SchemaMismatchError) as info:
        Case.open(demo_case_path, Mode.REVIEW)
    assert "the table `events` differs from the one Casetrail creates" in str(info.value)


def test_the_status_trigger_never_fires(demo_case_path: Path) -> None:
    """The issue's example: a trigger on search_pending that promotes every alleged event.
    Opening refuses the case before the queue is flushed, so the statuses stay."""
    conn = sqlite3.connect(f"file:{demo_case_path}?mode=ro", uri=True)
    alleged = conn.execute("SELECT count(*) FROM events WHERE status = 'alleged'").fetchone()[0]
    conn.close()
    assert alleged > 0
    HOSTILE["status_trigger_on_search_pending"](demo_case_path)
    for mode in (Mode.OPEN, Mode.REVIEW):
        with pytest.raises(SchemaMismatchError):
            Case.open(demo_case_path, mode)
    conn = sqlite3.connect(f"file:{demo_case_path}?mode=ro", uri=True)
    after = conn.execute("SELECT count(*) FROM events WHERE status = 'alleged'").fetchone()[0]
    conn.close()
    assert after == alleged


def test_an_older_case_with_a_foreign_trigger_is_not_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.case"
    path.write_bytes(b"")
    HOSTILE["older_case_with_extra_trigger"](path)
    before = digest(path)
    with pytest.raises(SchemaMismatchError, match="promote"):
        Case.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.case"]  # no backup made


def test_a_trigger_added_while_the_case_is_open_never_runs(demo_case: Case) -> None:
    """Every transaction re-checks the schema when SQLite's schema cookie moved: a trigger
    another program adds while the case is open refuses the next read or write instead of
    running in it."""
    alleged = [e.id for e in demo_case.events() if e.status == "alleged"]
    assert alleged
    HOSTILE["status_trigger_on_events"](demo_case.path)
    with pytest.raises(SchemaMismatchError, match="rewrite"):
        demo_case.create_event(title="New")
    with pytest.raises(SchemaMismatchError, match="rewrite"):
        demo_case.events()
    conn = sqlite3.connect(f"file:{demo_case.path}?mode=ro", uri=True)
    statuses = dict(conn.execute("SELECT id, status FROM events"))
    titles = [r[0] for r in conn.execute("SELECT title FROM events")]
    conn.close()
    assert all(statuses[i] == "alleged" for i in alleged) and "New" not in titles
