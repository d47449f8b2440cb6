"""The audit chain walked in steps (the window's health check): the same hashes and verdicts
as the walk in one piece, long fields hashed a piece at a time, and the pause between steps
that lets a search or an edit go first without hiding anything from the check."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.store import audit_walk
from app.store.audit import row_hash
from app.store.audit_walk import ChainWalk, streamed_hash
from app.store.bulk import EVENT_COLUMNS
from app.store.case import Case
from app.store.checking import step
from app.store.interactive import INTERACTIVE, GaveWay, Interactive, Stopped
from app.store.values import date_columns

TRICKY = [
    "",
    "plain",
    'quote " and backslash \\ and slash /',
    "controls \x00\x01\x1f \n\r\t\b\f end",
    "caf\u00e9 \u2014 \u65e5\u672c \U0001f600",
    "lone surrogates \ud800 and \udfff",
    "\u2028\u2029 and \x7f",
]


def _pieces(text: str, size: int) -> Iterator[str]:
    return iter([text[i : i + size] for i in range(0, len(text), size)] or [""])


@pytest.mark.parametrize("text", TRICKY)
def test_a_string_hashed_in_pieces_hashes_as_it_does_whole(text: str) -> None:
    fields = ["prev", "2026-01-01T00:00:00", "me", "update", "events", 7]
    state = text * 3 + "-"  # a state is never empty (an empty one is left out of the hash)
    whole = row_hash(*fields, text, text[::-1], state)
    for size in (1, 2, 3, 5):
        assert streamed_hash([*fields, text, text[::-1], _pieces(state, size)]) == whole


def test_long_fields_are_hashed_a_piece_at_a_time_with_the_same_hash(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit_walk, "LONG", 8)
    monkeypatch.setattr(audit_walk, "PIECE", 3)
    text = "".join(TRICKY) * 3
    fields = ["p", "at", "actor", "import", "events", None]
    assert streamed_hash([*fields, text, "", text]) == row_hash(*fields, text, "", text)
    assert streamed_hash([*fields, "", ""]) == row_hash(*fields, "", "")  # no state


def _put_back_triggers(db: sqlite3.Connection) -> None:
    for name, action in (("audit_log_no_update", "UPDATE"), ("audit_log_no_delete", "DELETE")):
        db.execute(
            f"CREATE TRIGGER {name} BEFORE {action} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def _tamper(path: Path, sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute(sql)
    _put_back_triggers(db)
    db.commit()
    db.close()


def _bulk(case: Case, n: int) -> None:
    none = tuple(date_columns("s", None).values())
    rows = [(i, f"row {i}", "", *none, *none, "alleged", False, None, 1) for i in range(1, n)]
    case.bulk_insert_events(rows, columns=EVENT_COLUMNS)


def test_a_bulk_state_read_from_the_file_in_pieces_is_verified(new_case: Case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit_walk, "LONG", 64)  # every state is "long": read as a blob
    monkeypatch.setattr(audit_walk, "PIECE", 7)
    _bulk(new_case, 40)
    new_case.create_event(title="caf\u00e9 \u2014 \u65e5\u672c")
    assert new_case.check(database=False, give_way=lambda: None) == []
    assert new_case.check() == []
    # one digest character of the bulk import's state changed: the row no longer matches
    _tamper(
        new_case.path,
        "UPDATE audit_log SET state = replace(state, '\"events\"', '\"events \"') "
        "WHERE action = 'import'",
    )
    found = new_case.check(database=False, give_way=lambda: None)
    assert any(p.endswith("content does not match its hash") for p in found), found
    assert found == new_case.check(database=False)  # one transaction: the same lines


@pytest.mark.parametrize("tamper", ["edit", "remove_last", "insert"])
def test_the_walk_in_steps_finds_what_one_walk_finds(new_case: Case, tamper: str) -> None:
    for title in "ABCDE":
        new_case.create_event(title=title)
    sql = {
        "edit": "UPDATE audit_log SET actor = 'mallory' WHERE id = 3",
        "remove_last": "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
        "insert": "INSERT INTO audit_log(at, actor, action, table_name, row_id, old, new, "
        "prev_hash, row_hash) VALUES ('x', 'm', 'create', 'events', 9, '', '', '0', '0')",
    }[tamper]
    _tamper(new_case.path, sql)
    whole = new_case.check(database=False)
    assert any("audit" in p for p in whole)
    steps: list[int] = []
    in_steps = new_case.check(database=False, give_way=lambda: steps.append(1))
    assert in_steps == whole
    assert len(steps) > 2  # a step of the chain, the search index, the files


NOT_TEXT = {
    "bytes in new": (
        "UPDATE audit_log SET new = x'fffe20626164' WHERE id = 3",
        "new stored as bytes, not text",
    ),
    "readable bytes in new": (
        "UPDATE audit_log SET new = CAST(new AS BLOB) WHERE id = 3",
        "new stored as bytes, not text",
    ),
    "not UTF-8 in at": (
        "UPDATE audit_log SET at = CAST(x'41ff42' AS TEXT) WHERE id = 3",
        "at not text (UTF-8)",
    ),
    "not UTF-8 state": (
        "UPDATE audit_log SET state = CAST(x'5bff5d' AS TEXT) WHERE id = 3",
        "state not text (UTF-8)",
    ),
}


@pytest.mark.parametrize("damage", NOT_TEXT)
def test_an_audit_field_that_is_not_text_is_named_with_its_row(
    new_case: Case, damage: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A hand edit that leaves bytes or text that is not UTF-8 in the audit log: the check
    names the row and the field and goes on (it used to stop with a decoding error)."""
    for title in "ABCDE":
        new_case.create_event(title=title)
    sql, field = NOT_TEXT[damage]
    _tamper(new_case.path, sql)
    expected = f"audit row 3: {field}"
    whole = new_case.check()
    assert expected in whole
    assert not any(p.startswith("audit row 4") for p in whole)  # the rows after still follow
    assert new_case.check(database=False, give_way=lambda: None)[0] == expected
    monkeypatch.setattr(audit_walk, "LONG", 1)  # a state read from the file in pieces
    assert expected in new_case.check(database=False, give_way=lambda: None)
    # a row elsewhere whose text does not decode: the walk reads every row as bytes from
    # there on, and still names this one the same way
    _tamper(new_case.path, "UPDATE audit_log SET actor = CAST(x'41ff42' AS TEXT) WHERE id = 1")
    assert expected in new_case.check(database=False)
    assert "audit row 1: actor not text (UTF-8)" in new_case.check(database=False)


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < end, f"timed out waiting: {what}"
        time.sleep(0.005)


def test_a_check_paused_midway_finds_a_row_tampered_meanwhile(
    new_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check waits while interactive work runs, holds no transaction meanwhile (an edit
    commits without waiting for it), and still finds a row changed while it waited."""
    monkeypatch.setattr(audit_walk, "STEP_ROWS", 2)
    for title in "ABCDEFGH":
        new_case.create_event(title=title)
    rows = len(new_case.audit_log(state=False))
    steps = [0]
    midway, go_on = threading.Event(), threading.Event()
    result: list[list[str]] = []

    def give_way() -> None:
        steps[0] += 1
        if steps[0] == 3:  # two steps (four rows) verified
            midway.set()
            go_on.wait(30)
        INTERACTIVE.give_way()

    thread = threading.Thread(
        target=lambda: result.append(new_case.check(database=False, give_way=give_way))
    )
    thread.start()
    held = INTERACTIVE.running()
    before = INTERACTIVE.pauses
    assert midway.wait(30)
    held.__enter__()  # a search starts
    try:
        go_on.set()
        _wait_for(lambda: INTERACTIVE.pauses > before, "the check to give way")
        assert thread.is_alive() and steps[0] == 3 and not result
        new_case.create_event(title="made while the check waits")  # no lock held by the check
        _tamper(new_case.path, f"UPDATE audit_log SET actor = 'mallory' WHERE id = {rows}")
        assert thread.is_alive() and not result
    finally:
        held.__exit__(None, None, None)
    thread.join(30)
    assert not thread.is_alive()
    (found,) = result
    assert found == [f"audit row {rows}: content does not match its hash"]
    assert steps[0] > rows // 2  # it went on, a step at a time


def test_a_paused_check_stops_when_asked() -> None:
    gate = Interactive()
    stop = threading.Event()
    errors: list[BaseException] = []

    def paused() -> None:
        try:
            gate.give_way(stop.is_set)
        except Stopped as error:
            errors.append(error)

    with gate.running():
        thread = threading.Thread(target=paused)
        thread.start()
        _wait_for(lambda: gate.pauses == 1, "the pause")
        stop.set()
        thread.join(30)
        assert not thread.is_alive() and errors  # it ended while the work still ran
    with pytest.raises(Stopped):
        gate.give_way(stop.is_set)  # asked to stop: it stops even when nothing runs
    assert gate.give_way() is False


def test_every_write_is_interactive_work(new_case: Case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import app.store.audit as audit

    seen: list[bool] = []
    finish = audit.AuditWriter.finish

    def noted(self: audit.AuditWriter) -> None:
        seen.append(INTERACTIVE.busy)
        finish(self)

    monkeypatch.setattr(audit.AuditWriter, "finish", noted)
    new_case.create_event(title="A")
    assert seen == [True] and not INTERACTIVE.busy


def test_a_step_stopped_midway_is_undone_and_then_done_whole(new_case: Case) -> None:
    for title in "ABCDEF":
        new_case.create_event(title=title)
    _tamper(new_case.path, "UPDATE audit_log SET actor = 'mallory' WHERE id = 2")
    calls = [0]

    def check_in() -> None:
        calls[0] += 1
        if calls[0] == 4:  # three rows verified, one of them wrong
            raise GaveWay

    walk = ChainWalk()
    with new_case._units.read() as conn:  # noqa: SLF001 - a step on the store's own reads
        with pytest.raises(GaveWay):
            walk.step(conn, check_in)
        assert (walk.rows, walk.problems) == (0, [])
        assert walk.step(conn, check_in)
    assert (
        walk.problems
        == new_case.check(database=False)
        == ["audit row 2: content does not match its hash"]
    )


def test_a_search_starting_stops_a_steps_statement_and_it_runs_again(new_case: Case) -> None:
    started = threading.Event()
    attempts: list[int] = []

    def work(conn, check_in):  # type: ignore[no-untyped-def]
        attempts.append(1)
        if len(attempts) > 1:
            return "done again"
        raw = conn.connection.driver_connection
        raw.create_function("started", 0, lambda: started.set() or 0)
        slow = (
            "WITH RECURSIVE c(x) AS (SELECT started() UNION ALL SELECT x + 1 FROM c "
            "WHERE x < 1000000000) SELECT count(*) FROM c"
        )
        return conn.exec_driver_sql(slow).scalar_one()

    result: list[object] = []
    before = INTERACTIVE.pauses
    thread = threading.Thread(
        target=lambda: result.append(step(new_case._units.read, INTERACTIVE.give_way, work))  # noqa: SLF001
    )
    thread.start()
    assert started.wait(30)
    with INTERACTIVE.running():  # the statement is stopped, the step waits for this to end
        _wait_for(lambda: len(attempts) == 1 and INTERACTIVE.pauses > before, "a pause")
        assert not result
    thread.join(30)
    assert result == ["done again"] and len(attempts) == 2


def test_a_check_in_steps_with_the_database_scans_finds_what_one_transaction_finds(
    new_case: Case,
) -> None:
    for title in "ABC":
        new_case.create_event(title=title)
    db = sqlite3.connect(new_case.path)
    db.execute("UPDATE events SET title = 'changed behind its back' WHERE title = 'B'")
    db.commit()
    db.close()
    whole = new_case.check()
    assert any("events" in p or "event" in p for p in whole), whole
    assert new_case.check(give_way=lambda: None) == whole
    assert new_case.check(give_way=lambda: None, database=False) == new_case.check(database=False)


def test_a_history_with_text_that_is_not_utf8_still_lists(new_case: Case) -> None:
    for title in "ABC":
        new_case.create_event(title=title)
    _tamper(new_case.path, "UPDATE audit_log SET actor = CAST(x'41ff42' AS TEXT) WHERE id = 2")
    records = new_case.audit_log()
    assert [r.actor for r in records][1] == "A\ufffdB"
    assert len(records) == 3 and records[0].actor == records[2].actor != "A\ufffdB"
