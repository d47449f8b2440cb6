"""A shared case on the throwaway server: opening by connection string, review, passwords,
identical row digests, search specifics, stored files, push and pull, and the CLI verbs."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cli import main
from app.store.case import Case, ReadOnlyError
from app.store.engine import Mode
from app.store.errors import CaseError, CaseFileError
from app.store.postgresql.connect import Location, redact
from app.store.postgresql.forms import json_array
from app.store.shared_copy import origin, pull, push
from tests.pg_server import PgServer

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(st.characters(exclude_categories=("Cs",))),
)


@given(st.lists(values, max_size=6))
def test_canonical_forms_are_sqlites(row: list[object]) -> None:
    with sqlite3.connect(":memory:") as conn:
        marks = ", ".join("?" for _ in row)
        made = conn.execute(f"SELECT CAST(json_array({marks}) AS BLOB)", row).fetchone()[0]
    assert json_array(row) == made


def test_a_password_in_the_location_is_refused_and_never_shown() -> None:
    with pytest.raises(CaseFileError, match="carries a password") as caught:
        Case.open("postgresql://ann:hunter2@db.example/case")
    assert "hunter2" not in str(caught.value)
    assert redact("host=x password=hunter2 dbname=c") == "host=x password=*** dbname=c"


def test_an_empty_database_or_another_programs_is_not_a_case(pg_url: str) -> None:
    with pytest.raises(CaseFileError, match="holds no case"):
        Case.open(pg_url)
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    with pytest.raises(CaseFileError, match="another program"):
        Case.open(pg_url)
    with pytest.raises(CaseFileError, match="another program"):
        Case.create(pg_url, title="X")


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="cannot be reached") as caught:
        Case.open(f"postgresql://nobody@/nothing?host={tmp_path}&port=1")
    assert "\n" not in str(caught.value)


def test_review_refuses_writes_here_and_in_the_database(shared_demo_case: Case) -> None:
    url = str(shared_demo_case.path)
    with Case.open(url, Mode.REVIEW) as review:
        assert review.read_only
        with pytest.raises(ReadOnlyError):
            review.create_event(title="sneaky")
        with review._units.read() as conn, pytest.raises(Exception, match="read-only"):
            conn.exec_driver_sql("UPDATE events SET title = 'x'")
    assert shared_demo_case.stats().events == 8


def test_audit_log_is_append_only_in_the_database(shared_new_case: Case) -> None:
    shared_new_case.create_event(title="A")
    with psycopg.connect(str(shared_new_case.path)) as conn:
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("UPDATE audit_log SET actor = 'mallory'")
        conn.rollback()
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("DELETE FROM audit_log")


def test_check_names_a_row_changed_behind_the_programs_back(shared_demo_case: Case) -> None:
    with psycopg.connect(str(shared_demo_case.path)) as conn:
        conn.execute("UPDATE events SET title = 'rewritten' WHERE id = 3")
    problems = shared_demo_case.check()
    assert any("events row 3" in p for p in problems), problems


def test_search_folds_case_and_accents_and_ignores_syntax(shared_new_case: Case) -> None:
    eid = shared_new_case.create_event(
        title="Meeting in Zürich", description="CAFÉ owners"
    ).created("event")
    for query in ("zurich", "ZÜRICH", "cafe own", "meet", "zur"):
        assert shared_new_case.search(query) == [eid], query
    for query in ("zurich:*", "a & !b", "'", "\\", "(", "café | x"):
        shared_new_case.search(query)  # never an error
    assert shared_new_case.search("zurich cafe nothing") == []


def test_stored_files_are_kept_as_bytes(shared_new_case: Case) -> None:
    data = bytes(range(256)) * 40
    digest = hashlib.sha256(data).hexdigest()
    shared_new_case.store_file(sha256=digest, data=data, size=len(data), original_name="a.bin")
    assert shared_new_case.file_data(digest) == data
    assert shared_new_case.check() == []


def test_ids_continue_after_explicit_ones(shared_new_case: Case) -> None:
    shared_new_case.create_event(title="given", event_id=40)
    assert shared_new_case.create_event(title="next").created("event") == 41


def test_push_and_pull_keep_every_row_and_the_history(
    demo_case_path: Path, pg_url: str, tmp_path: Path
) -> None:
    copied = push(demo_case_path, pg_url)
    with Case.open(demo_case_path) as file_case, Case.open(pg_url) as shared:
        assert copied.events == 8 and copied.head == file_case.audit_log()[-1].row_hash
        assert shared.audit_log() == file_case.audit_log()
        assert [e.title for e in shared.events()] == [e.title for e in file_case.events()]
        assert shared.check() == []
        shared.update_event(3, expected_version=shared.event(3).version, title="Edited on server")
    pulled = tmp_path / "pulled.case"
    pull(pg_url, pulled)
    with Case.open(pulled) as laptop, Case.open(pg_url) as shared:
        assert laptop.event(3).title == "Edited on server"
        assert laptop.check() == []
        found = origin(laptop)
        assert found is not None and found.position == len(shared.audit_log())
        assert found.head == shared.audit_log()[-1].row_hash and found.location == pg_url
        assert laptop.search("twitter") == shared.search("twitter") == [4]
    with pytest.raises(CaseFileError, match="already holds tables"):
        push(demo_case_path, pg_url)
    with pytest.raises(CaseFileError, match="already exists"):
        pull(pg_url, pulled)


def test_cli_verbs_take_a_connection_string(
    demo_case_path: Path, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["push", str(demo_case_path), pg_url]) == 0
    assert "pushed 8 event(s)" in capsys.readouterr().out
    assert main(["info", pg_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == 8
    assert main(["check", pg_url]) == 0
    assert main(["events", pg_url, "--search", "twitter"]) == 0
    assert "anti-trafficking" in capsys.readouterr().out
    out = tmp_path / "shared.json"
    assert main(["export", pg_url, str(out)]) == 0 and out.exists()
    with Case.open(pg_url) as shared:
        position = len(shared.audit_log())
    assert main(["pull", pg_url, str(tmp_path / "laptop.case")]) == 0
    assert f"history position {position} of" in capsys.readouterr().out
    assert main(["push", str(demo_case_path), "not-a-url"]) == 2
    assert "is not a shared case's connection string" in capsys.readouterr().err
    with Case.open(pg_url) as shared:
        before = len(shared.audit_log())
    assert main(["seal", pg_url]) == 2
    assert "seal works on case files" in capsys.readouterr().err
    assert main(["salvage", pg_url, str(tmp_path / "salvaged.case")]) == 2
    assert "salvage works on case files" in capsys.readouterr().err
    with Case.open(pg_url) as shared:
        assert len(shared.audit_log()) == before  # nothing was changed


def test_pushing_an_older_or_missing_file_is_one_message(pg_url: str, tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no such file"):
        push(tmp_path / "missing.case", pg_url)
    assert isinstance(Location(pg_url).name, str)
    with pytest.raises(CaseError):
        raise CaseError("placeholder")  # CaseError is what the CLI turns into exit 2


def test_reading_sees_one_snapshot_while_another_person_writes(shared_demo_case: Case) -> None:
    with Case.open(str(shared_demo_case.path)) as colleague, shared_demo_case.reading():
        assert shared_demo_case.stats().events == 8
        colleague.create_event(title="Added meanwhile")
        assert shared_demo_case.stats().events == 8  # the same snapshot throughout
        assert len(shared_demo_case.events()) == 8
    assert shared_demo_case.stats().events == 9


def test_two_people_editing_one_event_conflict_and_nothing_is_overwritten(
    shared_demo_case: Case,
) -> None:
    from app.store.case import ConflictError

    with Case.open(str(shared_demo_case.path)) as colleague:
        seen = shared_demo_case.event(3).version
        assert colleague.event(3).version == seen
        colleague.update_event(3, expected_version=seen, title="The colleague's title")
        with pytest.raises(ConflictError):
            shared_demo_case.update_event(3, expected_version=seen, title="Mine")
    assert shared_demo_case.event(3).title == "The colleague's title"


@pytest.fixture(scope="module")
def shared_demo_module(server_templates) -> Iterator[Case]:  # type: ignore[no-untyped-def]
    """One shared demo case for every example of a property test (dropped with the module)."""
    url = server_templates.demo()
    name = PgServer.database_of(url)
    server_templates.server.keep(name)
    case = Case.open(url)
    yield case
    case.close()
    server_templates.server.drop(name)


@given(text=st.text(max_size=40))
def test_any_typed_text_is_a_valid_shared_query(shared_demo_module: Case, text: str) -> None:
    assert all(isinstance(i, int) for i in shared_demo_module.search(text))


def test_offline_edits_are_sent_back_when_nobody_else_changed_the_case(
    demo_case_path: Path, pg_url: str, tmp_path: Path
) -> None:
    push(demo_case_path, pg_url)
    laptop_path = tmp_path / "laptop.case"
    pull(pg_url, laptop_path)
    with Case.open(laptop_path) as laptop:
        laptop.update_event(3, expected_version=laptop.event(3).version, title="Edited offline")
        new_id = laptop.create_event(title="Found on the train").created("event")
        laptop.delete_event(5)
        expected_log = laptop.audit_log()
    copied = push(laptop_path, pg_url)
    assert copied.audit_rows == len(expected_log) + 1
    with Case.open(pg_url) as shared:
        assert shared.event(3).title == "Edited offline"
        assert shared.event(new_id).title == "Found on the train"
        assert 5 not in shared.event_ids()
        log = shared.audit_log()
        assert log[:-1] == expected_log  # one chain: the file's history extends it
        assert (log[-1].action, log[-1].actor) == ("push", "postgres")  # who sent it
        assert shared.check() == []
    with pytest.raises(CaseError, match="nothing was changed since the pull"):
        pull(pg_url, tmp_path / "again.case")
        push(tmp_path / "again.case", pg_url)


def test_offline_edits_conflicting_with_the_shared_case_are_not_sent(
    demo_case_path: Path, pg_url: str, tmp_path: Path
) -> None:
    push(demo_case_path, pg_url)
    laptop_path = tmp_path / "laptop.case"
    pull(pg_url, laptop_path)
    with Case.open(pg_url) as shared:
        shared.update_event(3, expected_version=shared.event(3).version, title="Server side")
        before = shared.audit_log()
    with Case.open(laptop_path) as laptop:
        laptop.update_event(3, expected_version=laptop.event(3).version, title="Laptop side")
    with pytest.raises(
        CaseError, match=r"1 row\(s\) were changed both there and in this file \(events:3\)"
    ):
        push(laptop_path, pg_url)
    with Case.open(pg_url) as shared:
        assert shared.event(3).title == "Server side" and shared.audit_log() == before


def test_a_file_pulled_from_another_case_is_refused(
    demo_case_path: Path,
    pg_server,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    first, second = pg_server.new_database(), pg_server.new_database()
    push(demo_case_path, first)
    Case.create(second, title="Another case").close()
    with Case.open(second) as other:
        for n in range(80):
            other.create_tag(name=f"tag {n}")
    laptop_path = tmp_path / "laptop.case"
    pull(first, laptop_path)
    with Case.open(laptop_path) as laptop:
        laptop.create_event(title="Offline")
    with pytest.raises(CaseError, match="is not the one laptop.case came from"):
        push(laptop_path, second)


def test_reading_progress_travels_with_push_and_pull(
    demo_case_path: Path, pg_url: str, tmp_path: Path
) -> None:
    from app.store.reading import reading_of

    with Case.open(demo_case_path) as file_case:
        memo = next(s.id for s in file_case.sources() if s.title.startswith("Demo research"))
        reading_of(file_case).record({memo: ("page", 3, [1, 3])})
        expected = reading_of(file_case).all()
    push(demo_case_path, pg_url)
    with Case.open(pg_url) as shared:
        assert reading_of(shared).all() == expected
        assert shared.check() == []
        reading_of(shared).record({memo: ("page", 3, [2])})
    pulled = tmp_path / "pulled.case"
    pull(pg_url, pulled)
    with Case.open(pulled) as laptop:
        assert reading_of(laptop).get(memo).summary() == "3 of 3 pages read"
        assert laptop.check() == []


def test_a_push_cut_off_part_way_leaves_the_database_empty(
    demo_case_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.store.shared_copy as shared_copy
    from app.store.postgresql import shared

    real = shared_copy._copy

    def cut_off(src, dst):  # type: ignore[no-untyped-def]
        real(src, dst)  # every row written, then the connection is lost
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(shared_copy, "_copy", cut_off)
    with pytest.raises(psycopg.OperationalError):
        push(demo_case_path, pg_url)
    assert not shared.holds_case(Location(pg_url))
    with psycopg.connect(pg_url) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone() == (0,)
    monkeypatch.undo()
    assert push(demo_case_path, pg_url).events == 8  # the same database takes the push
    with Case.open(pg_url) as case:
        assert case.stats().events == 8 and case.check() == []
