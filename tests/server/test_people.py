"""People and roles in a shared case, enforced by the server: a reviewer cannot write even
with a hand-written statement; an editor writes rows, named in the audit log by their
database user, but cannot rewrite history or the case's settings."""

from __future__ import annotations

import itertools
import os

import psycopg
import pytest

from app.cli import main
from app.store.case import Case
from app.store.engine import Mode
from app.store.errors import ReadOnlyCaseError

_numbers = itertools.count(1)


def login(pg_url: str) -> tuple[str, str]:
    """A new server login and the case's URL as that login."""
    name = f"person_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN')
    return name, pg_url.replace("postgresql://postgres@", f"postgresql://{name}@")


@pytest.fixture
def shared_url(shared_demo_case: Case) -> str:
    return str(shared_demo_case.path)


def test_a_reviewer_can_read_but_never_write(shared_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    name, as_reviewer = login(shared_url)
    assert main(["share", shared_url, name, "--role", "reviewer"]) == 0
    assert f"{name} is now reviewer" in capsys.readouterr().out
    with pytest.raises(ReadOnlyCaseError, match="reviewer"):
        Case.open(as_reviewer)
    with Case.open(as_reviewer, Mode.REVIEW) as case:
        assert case.stats().events == 8 and case.search("twitter") == [4]
    with psycopg.connect(as_reviewer) as conn:
        for statement in (
            "UPDATE events SET title = 'x'",
            "INSERT INTO tags (name, colour, description) VALUES ('t', '', '')",
            "DELETE FROM citations",
            "UPDATE case_info SET title = 'x'",
            "DELETE FROM event_search",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()
    assert main(["events", as_reviewer]) == 0  # a reading verb opens it for review


def test_an_editor_writes_rows_as_themselves_but_not_settings(shared_url: str) -> None:
    name, as_editor = login(shared_url)
    assert main(["share", shared_url, name, "--role", "editor"]) == 0
    with Case.open(as_editor) as case:
        eid = case.create_event(title="Edited by the associate").created("event")
        assert case.audit_log()[-1].actor == name
        assert case.event(eid).title == "Edited by the associate"
        assert eid in case.search("associate")  # its document written by the server
        assert case.check() == []
    with psycopg.connect(as_editor) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM event_search")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE case_info SET title = 'taken over'")
        conn.rollback()
        with pytest.raises(psycopg.Error):
            conn.execute("DELETE FROM audit_log")


def test_a_role_replaces_the_previous_one(shared_url: str) -> None:
    name, as_person = login(shared_url)
    assert main(["share", shared_url, name, "--role", "editor"]) == 0
    assert main(["share", shared_url, name, "--role", "reviewer"]) == 0
    with pytest.raises(ReadOnlyCaseError):
        Case.open(as_person)


def test_sharing_with_no_such_login_is_one_message(shared_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["share", shared_url, "nobody_at_all", "--role", "editor"]) == 2
    assert "no such login" in capsys.readouterr().err


def test_people_shared_before_the_event_search_table_read_it(pg_url: str) -> None:
    from tests.server.old_cases import make_old_case

    make_old_case(pg_url, "0009")
    name, as_reviewer = login(pg_url)
    database = pg_url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as conn:  # a reviewer of schema 9
        for statement in (
            f'GRANT CONNECT ON DATABASE "{database}" TO "{name}"',
            f'GRANT USAGE ON SCHEMA public TO "{name}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{name}"',
        ):
            conn.execute(statement)
    Case.open(pg_url).close()  # its owner opens it: upgraded to the event_search table
    with Case.open(as_reviewer, Mode.REVIEW) as case:
        assert case.search("zur") == [1] and case.search_ids("board").tolist() == [1]
