"""Search in a shared case beyond the tests both backends share: the stored, weighted search
documents (migrations 0009 and 0010), where a match was found, place order past the ranking bound,
the search box's own cancellable connection, and a case of an older schema still searched."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

from app.store.case import Case
from app.store.engine import Mode
from app.store.postgresql import search as pg_search
from app.store.postgresql.searching import Stopped
from app.store.search_places import match_places
from app.store.searcher import Interrupted, Searcher
from app.store.sqlite import search as sqlite_search
from tests.server.old_cases import make_old_case

TEXTS = ("twitter", "backpage launches", "Salesforce", "heavily customised", "nothing like this")


def test_places_of_a_match_are_the_case_files(shared_demo_case: Case, demo_case: Case) -> None:
    for event in demo_case.events():
        for text in (*TEXTS, event.title.split()[0]):
            expected = match_places(demo_case, text, event.id)
            assert match_places(shared_demo_case, text, event.id) == expected, (text, event.id)
    event_id = shared_demo_case.create_event(title="Alpha", description="Beta").created("event")
    assert match_places(shared_demo_case, "alpha beta", event_id) == []
    assert match_places(shared_demo_case, "alph", event_id) == ["title"]
    assert match_places(shared_demo_case, "beta", event_id) == ["description"]


def test_many_matches_come_in_place_order_as_in_a_case_file(
    shared_demo_case: Case, demo_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in ("the", "backpage", "a"):
        ranked = shared_demo_case.search(text)
        monkeypatch.setattr(pg_search, "RANK_ALL", 1)
        monkeypatch.setattr(sqlite_search, "RANK_ALL", 1)
        by_place = shared_demo_case.search(text)
        assert by_place == demo_case.search(text), text
        assert sorted(by_place) == sorted(ranked), text
        assert shared_demo_case.search(text, limit=2) == by_place[:2]
        monkeypatch.undo()


def test_the_search_documents_are_stored_and_follow_edits(shared_new_case: Case) -> None:
    event_id = shared_new_case.create_event(title="Zürich meeting").created("event")
    with psycopg.connect(str(shared_new_case.path)) as conn:
        (doc,) = conn.execute(
            "SELECT search_doc FROM event_search WHERE id = %s", (event_id,)
        ).fetchone()
        assert doc == "'meeting':2A 'zurich':1A"
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                "EXPLAIN SELECT id FROM event_search WHERE search_doc @@ "
                "to_tsquery('casetrail_search', 'zur:*')"
            )
        )
        # the events table keeps no document of its own
        assert not conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'events' "
            "AND column_name = 'search_doc'"
        ).fetchone()[0]
    assert "search_doc" in plan and "to_tsvector" not in plan
    event = shared_new_case.events()[0]
    shared_new_case.update_event(event_id, expected_version=event.version, title="Geneva")
    assert shared_new_case.search("zur") == [] and shared_new_case.search("genev") == [event_id]
    shared_new_case.update_event(event_id, expected_version=event.version + 1, status="disputed")
    assert shared_new_case.search("genev") == [event_id]  # untouched by other columns
    assert shared_new_case.check() == []
    shared_new_case.delete_event(event_id)
    with psycopg.connect(str(shared_new_case.path)) as conn:
        assert conn.execute("SELECT count(*) FROM event_search").fetchone()[0] == 0
    assert shared_new_case.search("genev") == [] and shared_new_case.check() == []


def test_many_events_at_once_get_their_documents_and_check_sees_one_missing(
    shared_new_case: Case,
) -> None:
    from app.interchange import csv_import

    rows = "".join(f"Event {i} merger,2020-01-{i % 28 + 1:02d},alleged\n" for i in range(300))
    csv_import.import_csv(shared_new_case, ("title,start,status\n" + rows).encode())
    assert len(shared_new_case.search_ids("merger")) == 300
    assert shared_new_case.check() == []
    with psycopg.connect(str(shared_new_case.path)) as conn:
        conn.execute("DELETE FROM event_search WHERE id = (SELECT min(id) FROM event_search)")
    assert "1 event(s) missing from the search table event_search" in shared_new_case.check()


def test_the_search_box_connection_finds_and_is_cancelled(shared_demo_case: Case) -> None:
    searcher = Searcher(shared_demo_case)
    try:
        every = shared_demo_case.search_ids("salesforce")
        assert len(every) > 3
        first = searcher.first_page("salesforce", 3)
        assert len(first) == 3 and set(first.tolist()) <= set(every.tolist())
        for text in ("salesforce", "backpage shut", "p", "zzz-nothing", "", '"'):
            assert searcher.ids(text).tolist() == shared_demo_case.search_ids(text).tolist()
        shared = searcher._shared
        assert shared is not None
        outcome: list[object] = []

        def hold() -> None:  # a query that runs until it is cancelled
            try:
                shared._run(lambda conn: conn.execute("SELECT pg_sleep(600)").fetchone())
            except Exception as stopped:
                outcome.append(stopped)

        def hold_in_libpq() -> None:  # the same, sent and read by libpq in one call
            try:
                shared._run(lambda conn: pg_search._exchange(conn, "SELECT pg_sleep(600)", {}))
            except Exception as stopped:
                outcome.append(stopped)

        for holding in (hold, hold_in_libpq):
            outcome.clear()
            thread = threading.Thread(target=holding)
            thread.start()
            with psycopg.connect(str(shared_demo_case.path), autocommit=True) as watch:
                while not watch.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%%' "
                    "AND state = 'active'"
                ).fetchone()[0]:
                    thread.join(0.05)
            searcher.interrupt()
            thread.join(60)
            assert not thread.is_alive() and len(outcome) == 1
            assert isinstance(outcome[0], Stopped), outcome
        assert searcher.ids("backpage shut").tolist() == [6]  # the next query runs as usual
    finally:
        searcher.close()
    with pytest.raises(Interrupted):
        searcher.ids("salesforce")


@pytest.mark.parametrize("revision", ["0008", "0009"])
def test_an_older_case_is_searched_for_review_and_upgraded(
    pg_url: str, tmp_path: Path, revision: str
) -> None:
    make_old_case(pg_url, revision)
    with Case.open(pg_url, mode=Mode.REVIEW) as old:
        assert old.search("zur") == [1] and old.search_ids("board").tolist() == [1]
        assert old.search("meet", among=[1]) == [1]
        # schema 8 kept no weighted documents to say where; schema 9 kept them in events
        assert match_places(old, "zurich", 1) == ([] if revision == "0008" else ["title"])
    with Case.open(pg_url) as case:
        assert case.notice and f"upgraded from schema {int(revision)}" in case.notice
        assert case.search("zur") == [1] and match_places(case, "zurich", 1) == ["title"]
        assert not [p for p in case.check() if "search" in p]  # the row was added by hand


def test_an_unreachable_server_fails_the_search_not_the_window(tmp_path: Path) -> None:
    from app.store.postgresql.searching import SharedSearch

    search = SharedSearch(f"postgresql://nobody@/case?host={tmp_path}&port=1")  # no server
    with pytest.raises(psycopg.OperationalError):
        search.ids("anything")  # raised on the searching thread (the worker reports it)
    search.close()
    with pytest.raises(Stopped):
        search.ids("anything")


def test_every_match_comes_with_the_first_page_and_a_stale_one_is_cancelled(
    shared_demo_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher = Searcher(shared_demo_case)
    shared = searcher._shared
    assert shared is not None
    try:
        for text in ("salesforce", "backpage", "p", "zzz-nothing"):
            every = shared_demo_case.search_ids(text).tolist()
            first = searcher.first_page(text, 2).tolist()
            assert len(first) == min(2, len(every)) and set(first) <= set(every), text
            if len(every) >= 2:
                assert shared._pending == text  # every match is on its way already
            else:  # a short first page waited for every match (see the next test)
                assert shared._pending is None and shared._known is not None
            assert searcher.ids(text).tolist() == every, text
            assert shared._pending is None and shared._known is None
        # the next query is for something else: what was sent for next is thrown away
        searcher.first_page("salesforce", 2)
        assert searcher.ids("backpage shut").tolist() == [6]
        searcher.first_page("salesforce", 2)
        assert searcher.first_page("backpage shut", 5).tolist() == [6]
        assert searcher.ids("backpage shut").tolist() == [6]

        # every match takes long: a new query cancels it, as does an interrupt
        sleeping = "SELECT NULL::bytea FROM pg_sleep(600) WHERE %(query)s <> ''"
        for stop in ("next query", "interrupt"):
            monkeypatch.setattr(pg_search, "all_statement", lambda _layout: sleeping)
            assert len(searcher.first_page("salesforce", 2)) == 2
            monkeypatch.undo()
            _wait_until_sleeping(shared_demo_case)
            outcome: list[object] = []

            def search(stop: str = stop, outcome: list[object] = outcome) -> None:
                try:
                    if stop == "interrupt":
                        searcher.ids("salesforce")
                    outcome.append(searcher.ids("backpage shut").tolist())
                except Exception as error:
                    outcome.append(error)

            if stop == "interrupt":
                searcher.interrupt()
            thread = threading.Thread(target=search)
            thread.start()
            thread.join(60)
            assert not thread.is_alive(), stop  # never waits for the sleeping statement
            expected = Interrupted if stop == "interrupt" else list
            assert len(outcome) == 1 and isinstance(outcome[0], expected), (stop, outcome)
        assert searcher.ids("backpage shut").tolist() == [6]  # the next query runs as usual
    finally:
        searcher.close()


def test_a_first_page_that_looked_at_part_of_the_case_waits_for_every_match(
    shared_new_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page reads no more than FIRST_SCAN rows of each table (a rare word must not
    make the server read them all); matches past them are still found and counted."""
    case = shared_new_case
    ids = [
        case.create_event(
            title=f"Event {i}", description="a rare zeugma" if i >= 8 else ""
        ).created("event")
        for i in range(12)
    ]
    monkeypatch.setattr(pg_search, "FIRST_SCAN", 4)
    searcher = Searcher(case)
    try:
        # the first four rows hold no zeugma: the page waited for every match
        assert searcher.first_page("zeug", 2).tolist() == ids[8:10]
        assert searcher.ids("zeug").tolist() == ids[8:]
        assert searcher.first_page("zeugma", 10).tolist() == ids[8:]
        assert searcher.first_page("nowhere", 2).tolist() == []
        assert searcher.ids("nowhere").tolist() == []
        # a common word fills the page from the first rows; every match follows
        assert len(searcher.first_page("event", 3)) == 3
        assert searcher.ids("event").tolist() == ids
    finally:
        searcher.close()


def test_a_first_page_stopped_midway_leaves_the_connection_for_the_next_search(
    shared_demo_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt that stops the first statement of the pair (the every-match statement
    behind it is then aborted by the server) leaves nothing half read: the next search, on
    the same connection, gets its own results."""
    searcher = Searcher(shared_demo_case)
    sleeping = "SELECT NULL::bytea FROM pg_sleep(600) WHERE %(query)s <> ''"
    monkeypatch.setattr(pg_search, "first_statement", lambda _layout, _n: sleeping)
    outcome: list[object] = []

    def search() -> None:
        try:
            outcome.append(searcher.first_page("salesforce", 2))
        except Exception as error:
            outcome.append(error)

    try:
        thread = threading.Thread(target=search)
        thread.start()
        _wait_until_sleeping(shared_demo_case)
        searcher.interrupt()
        thread.join(60)
        assert not thread.is_alive()
        assert len(outcome) == 1 and isinstance(outcome[0], Interrupted), outcome
        monkeypatch.undo()
        every = shared_demo_case.search_ids("backpage").tolist()
        assert searcher.first_page("backpage", 1).tolist() == every[:1]
        assert searcher.ids("backpage").tolist() == every
        assert (
            searcher.ids("salesforce").tolist()
            == shared_demo_case.search_ids("salesforce").tolist()
        )
    finally:
        searcher.close()


def _wait_until_sleeping(case: Case) -> None:
    """Until the server runs a search statement made to sleep (``pg_sleep``) in ``case``."""
    with psycopg.connect(str(case.path), autocommit=True) as watch:
        while not watch.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
            "'SELECT NULL::bytea FROM pg_sleep%%' AND state = 'active'"
        ).fetchone()[0]:
            threading.Event().wait(0.05)
