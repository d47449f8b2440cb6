"""The audit log of a shared case is written by the server: every change names the database
user who made it (the client cannot name another), in the writer's transaction, and nobody
but the case's owner can insert, change or delete audit rows or move the head by hand."""

from __future__ import annotations

import psycopg
import pytest

from app.cli import main
from app.store import audit
from app.store.case import Case
from tests.server.test_people import login

HAND_WRITTEN = (
    "INSERT INTO audit_log (at, actor, action, table_name, row_id, old, new, prev_hash, "
    "row_hash, state) VALUES ('2020-01-01', 'mallory', 'update', 'events', 1, '', '', "
    "'x', 'y', '')",
    "UPDATE audit_log SET actor = 'mallory'",
    "DELETE FROM audit_log",
    "UPDATE case_info SET audit_count = 0, audit_head = ''",
)


@pytest.fixture
def shared_url(shared_demo_case: Case) -> str:
    return str(shared_demo_case.path)


def test_an_editors_changes_name_them_whatever_the_client_says(shared_url: str) -> None:
    name, as_editor = login(shared_url)
    assert main(["share", shared_url, name, "--role", "editor"]) == 0
    with Case.open(as_editor) as case:
        case.actor = "mallory"  # what a doctored client would claim
        title = 'Zürich "quoted" \\ tab\there \x01 \u2028 \U0001f389'
        eid = case.create_event(title=title).created("event")
        case.update_event(eid, expected_version=1, description="line\nbreak")
        written = case.audit_log()[-2:]
        assert {r.actor for r in written} == {name}
        assert all(r.at.endswith("+00:00") for r in written)
        assert case.check() == []  # the server's hashes are the ones the program checks


def test_nobody_but_the_owner_writes_audit_rows_by_hand(shared_url: str) -> None:
    for role in ("editor", "reviewer"):
        name, as_person = login(shared_url)
        assert main(["share", shared_url, name, "--role", role]) == 0
        with psycopg.connect(as_person) as conn:
            for statement in HAND_WRITTEN:
                with pytest.raises(psycopg.Error) as refused:
                    conn.execute(statement)
                assert isinstance(
                    refused.value,
                    psycopg.errors.InsufficientPrivilege | psycopg.errors.RaiseException,
                ), statement
                conn.rollback()
    with Case.open(shared_url) as case:
        assert case.check() == [] and all(r.actor != "mallory" for r in case.audit_log())


def test_the_servers_function_names_the_caller_and_refuses_a_reviewer(shared_url: str) -> None:
    editor, as_editor = login(shared_url)
    reviewer, as_reviewer = login(shared_url)
    assert main(["share", shared_url, editor, "--role", "editor"]) == 0
    assert main(["share", shared_url, reviewer, "--role", "reviewer"]) == 0
    entry = '[{"action": "note", "table_name": "case", "actor": "mallory"}]'
    with psycopg.connect(as_editor) as conn:
        conn.execute("SELECT casetrail_append_audit(%s::json)", (entry,))
    with psycopg.connect(as_reviewer) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT casetrail_append_audit(%s::json)", (entry,))
    with Case.open(shared_url) as case:
        last = case.audit_log()[-1]
        assert (last.action, last.actor) == ("note", editor)  # a note, but never forged
        assert case.check() == []


def test_the_owner_pushing_history_still_verifies(shared_new_case: Case) -> None:
    shared_new_case.create_event(title="A")
    with shared_new_case._units.read() as conn:
        assert audit.verify(conn) == []
