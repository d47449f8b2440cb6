"""The functions that run with the case owner's rights (the audit log's and the event
search table's) write the case's own tables whatever a person puts in their session: an
editor's temporary table of the same name never receives their rows and never runs the
editor's code as the owner; and nobody but the owner may create objects in the case's
schema (where they could stand in for the functions and operators those use)."""

from __future__ import annotations

import json

import psycopg
import pytest

from app.store.case import Case
from app.store.postgresql.people import SCHEMA_OPEN
from tests.pg_server import PgServer
from tests.server.owned_cases import (
    DESCRIPTION,
    TITLE,
    as_administrator,
    make_schema_9,
    owned_case,
    owned_database,
    shared,
)

FUNCTIONS = (
    "casetrail_append_audit(json)",
    "casetrail_event_search_added()",
    "casetrail_event_search_changed()",
)

# the editor's decoys: a temporary table named as the case's (pg_temp is searched first for
# tables unless a function's search_path names it last), with a trigger that records who it
# ran as and gives the editor a table only the owner may read
DECOYS = {
    "event_search": "CREATE TEMP TABLE event_search (id bigint, search_doc tsvector)",
    "audit_log": "CREATE TEMP TABLE audit_log AS SELECT * FROM public.audit_log WITH NO DATA",
    "case_info": "CREATE TEMP TABLE case_info AS SELECT * FROM public.case_info",
}
RECORD = """CREATE FUNCTION pg_temp.record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pg_temp.ran_as VALUES (current_user);
    EXECUTE format('GRANT SELECT ON public.owners_only TO %I', session_user);
    RETURN NULL;
END $$"""
EVENT = (
    "INSERT INTO events(title, description, status, key_fact, version, start_ambiguous, "
    "end_ambiguous, privileged_note) VALUES ('Planted', 'decoy', 'alleged', false, 1, false, "
    "false, '') RETURNING id"
)


@pytest.fixture(params=["new", "upgraded"])
def owned_url(pg_server: PgServer, request: pytest.FixtureRequest) -> str:
    return owned_case(pg_server, request.param)


def _set_decoys(conn: psycopg.Connection) -> None:
    conn.execute("CREATE TEMP TABLE ran_as (who text)")
    conn.execute("GRANT ALL ON pg_temp.ran_as TO PUBLIC")
    conn.execute(RECORD)
    for table, decoy in DECOYS.items():
        conn.execute(decoy)
        conn.execute(f"GRANT ALL ON pg_temp.{table} TO PUBLIC")  # the owner may write it
        conn.execute(
            f"CREATE TRIGGER record AFTER INSERT OR UPDATE ON pg_temp.{table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.record()"
        )


def _decoys_untouched(conn: psycopg.Connection) -> None:
    assert conn.execute("SELECT count(*) FROM pg_temp.ran_as").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM pg_temp.event_search").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM pg_temp.audit_log").fetchone()[0] == 0
    assert not conn.execute(
        "SELECT has_table_privilege('public.owners_only', 'SELECT')"
    ).fetchone()[0]


def test_an_editors_temporary_tables_never_take_the_case_owners_writes(owned_url: str) -> None:
    name, as_editor = shared(owned_url, "editor")
    with psycopg.connect(owned_url) as conn:  # made after the sharing: the editor may not read it
        conn.execute("CREATE TABLE owners_only (secret text)")
    with psycopg.connect(as_editor) as conn:
        _set_decoys(conn)
        (event_id,) = conn.execute(EVENT).fetchone()
        conn.execute("UPDATE events SET title = 'Renamed planting' WHERE id = %s", (event_id,))
        entries = [{"action": "create", "table_name": "events", "row_id": event_id, "new": "{}"}]
        conn.execute("SELECT casetrail_append_audit(%s::json)", (json.dumps(entries),))
        _decoys_untouched(conn)
        found = conn.execute(
            "SELECT id FROM public.event_search WHERE search_doc @@ "
            "to_tsquery('casetrail_search', 'renamed & planting & decoy')"
        ).fetchall()
        assert found == [(event_id,)]  # the real document, of the row as it was changed
        last = conn.execute(
            "SELECT actor, action, row_id FROM public.audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
        assert last == (name, "create", event_id)
        head = conn.execute("SELECT audit_head FROM public.case_info").fetchone()[0]
        assert (
            head
            == conn.execute(
                "SELECT row_hash FROM public.audit_log ORDER BY id DESC LIMIT 1"
            ).fetchone()[0]
        )
    with (
        psycopg.connect(as_editor) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT * FROM owners_only")


def test_the_owners_functions_search_the_catalogue_first_and_temporary_tables_last(
    owned_url: str,
) -> None:
    with psycopg.connect(owned_url) as conn:
        for function in FUNCTIONS:
            (config,) = conn.execute(
                "SELECT proconfig FROM pg_proc WHERE oid = %s::regprocedure", (function,)
            ).fetchone()
            assert config == ["search_path=pg_catalog, public, pg_temp"], function


@pytest.mark.parametrize("how", ["new", "upgraded"])
@pytest.mark.parametrize("role", ["reviewer", "editor", "owner"])
def test_nobody_but_the_owner_may_create_in_the_case_schema(
    pg_server: PgServer, how: str, role: str
) -> None:
    url = owned_case(pg_server, how, public_may_create=True)  # as PostgreSQL 14 made it
    _name, as_person = shared(url, role)
    with psycopg.connect(as_person) as conn:
        assert not conn.execute("SELECT has_schema_privilege('public', 'CREATE')").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                'CREATE FUNCTION public.setweight(tsvector, "char") RETURNS tsvector '
                "LANGUAGE sql AS 'SELECT $1'"
            )
    with psycopg.connect(url) as conn:  # the owner still may (the next migration will)
        assert conn.execute("SELECT has_schema_privilege('public', 'CREATE')").fetchone()[0]
        titles = conn.execute("SELECT title, description FROM events").fetchall()
        assert titles == [(TITLE, DESCRIPTION)]


def test_an_editor_shared_before_the_upgrade_still_writes_through_the_replaced_function(
    pg_server: PgServer,
) -> None:
    as_owner = owned_database(pg_server)
    make_schema_9(as_owner)
    name, as_editor = shared(as_owner, "editor")
    with Case.open(as_owner) as case:  # upgraded: casetrail_append_audit replaced
        assert case.notice and "upgraded from schema 9" in case.notice
        before = case.check()
    with Case.open(as_editor) as case:
        event_id = case.create_event(title="Written after the upgrade").created("event")
        assert case.audit_log()[-1].actor == name
        assert case.search("written") == [event_id]
        assert case.check() == before  # the chain goes on (the hand-made row stays unaudited)


def test_check_says_when_everyone_may_create_in_the_case_schema(pg_server: PgServer) -> None:
    url = owned_case(pg_server, "new")
    with Case.open(url) as case:
        assert case.check() == []
        with psycopg.connect(as_administrator(url), autocommit=True) as conn:
            conn.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")  # as PostgreSQL 14 had it
        assert case.check() == [SCHEMA_OPEN]
        assert case.check(database=False) == []
