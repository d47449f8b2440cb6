"""``Searcher``: search as you type on a connection of its own; the first page of matches,
then every match; a query stopped from another thread ends at once with ``Interrupted``."""

from __future__ import annotations

import threading

import pytest

from app.store.case import Case
from app.store.searcher import Interrupted, Searcher


def test_first_page_then_every_match(demo_case: Case) -> None:
    searcher = Searcher(demo_case)
    try:
        every = demo_case.search_ids("salesforce")
        assert len(every) > 3
        first = searcher.first_page("salesforce", 3)
        assert len(first) == 3 and set(first.tolist()) <= set(every.tolist())
        assert searcher.ids("salesforce").tolist() == every.tolist()
        for text in ("backpage shut", "p", "zzz-nothing", "", '"'):
            assert searcher.ids(text).tolist() == demo_case.search_ids(text).tolist(), text
        assert searcher.first_page("", 5).tolist() == []
    finally:
        searcher.close()


def test_a_running_query_is_interrupted_from_another_thread(demo_case: Case) -> None:
    searcher = Searcher(demo_case)
    searcher.ids("warm")  # the schema is read: the query below is the only statement
    running, release = threading.Event(), threading.Event()

    def hold() -> int:  # SQLite calls this while the query runs
        running.set()
        release.wait()
        return 0  # carry on: only the interrupt can stop the query

    searcher._conn.set_progress_handler(hold, 1)  # type: ignore[union-attr]
    outcome: list[object] = []

    def search() -> None:
        try:
            outcome.append(searcher.ids("salesforce"))
        except Interrupted as stopped:
            outcome.append(stopped)

    thread = threading.Thread(target=search)
    thread.start()
    assert running.wait(30)
    searcher.interrupt()
    release.set()
    thread.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], Interrupted)
    searcher._conn.set_progress_handler(None, 0)  # type: ignore[union-attr]
    assert searcher.ids("backpage shut").tolist() == [6]  # the next query runs as usual
    searcher.close()
    with pytest.raises(Interrupted):
        searcher.ids("salesforce")
