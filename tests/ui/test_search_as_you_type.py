"""Search as you type runs off the interface thread: the matches arrive by themselves, a
newer search makes an older one's result stale (dropped), and marking many matches in the
table is done in one pass."""

from __future__ import annotations

import numpy as np

from app.store.case import Case
from app.ui.main_window import MainWindow
from app.ui.models import HighlightRole


def test_typing_finds_matches_in_the_background(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search.setText("backpage shut")
    qtbot.waitUntil(lambda: window.finder.matches == {6} and window.finder._job is None)
    assert window.finder.ordered() == [6]
    assert window.timeline.canvas.highlighted == {6}
    assert window.search_status.text().strip() == "1 found"
    window.search.setText("")
    qtbot.waitUntil(lambda: window.finder.matches == set())
    assert window.search_status.text() == ""


def test_a_newer_search_drops_the_older_result(qtbot, window: MainWindow, demo_case: Case) -> None:  # type: ignore[no-untyped-def]
    finder = window.finder
    window.search.setText("salesforce")
    finder.start()
    stale = finder._generation
    window.search.setText("backpage shut")
    finder.start()
    qtbot.waitUntil(lambda: finder._job is None)
    assert finder.matches == {6}
    finder._arrived(stale, np.array(demo_case.search_ids("salesforce")))
    assert finder.matches == {6}
    assert window.timeline.canvas.highlighted == {6}


def test_enter_while_a_search_runs_steps_once_it_is_in(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search.setText("backpage shut")
    window.finder.next()  # before the search has even started
    assert window.finder._job is not None  # the interface thread did not search
    qtbot.waitUntil(lambda: window.timeline.canvas.selected_id == 6)
    assert window.finder._job is None and window.search_status.text().strip() == "1 of 1"
    window.search.setText("salesforce")
    window.finder.next()
    window.search.setText("backpage shut")  # typing on: that step is forgotten
    qtbot.waitUntil(lambda: window.finder._job is None and window.finder.matches == {6})
    assert window.search_status.text().strip() == "1 found"


def test_marking_every_row_and_then_a_few(window: MainWindow) -> None:
    model = window.model
    ids = model.ids_array().tolist()
    model.set_highlighted(ids)
    assert all(model.index(r, 0).data(HighlightRole) for r in range(model.rowCount()))
    model.set_highlighted(ids[:2])
    marked = [model.index(r, 0).data(HighlightRole) for r in range(model.rowCount())]
    assert marked == [i in ids[:2] for i in ids]


def test_highlight_spans_are_runs_or_one_span_when_there_are_many() -> None:
    from app.ui.event_rows import highlight_spans

    ids = np.arange(10, 30, dtype=np.int64)
    marked, spans = highlight_spans(ids, {10}, [10, 11, 12, 15, 99])
    assert marked == {10, 11, 12, 15, 99}
    assert spans == [(1, 2), (5, 5)]
    many = set(range(10, 30, 2))
    assert highlight_spans(ids, set(), many, most=3)[1] == [(0, 18)]
    assert highlight_spans(ids, many, many)[1] == []


def test_the_first_page_is_marked_first(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import app.ui.search_worker as worker

    monkeypatch.setattr(worker, "FIRST_PAGE", 2)
    finder, seen = window.finder, []
    finder.matchesChanged.connect(lambda: seen.append((len(finder.matches), finder.status.text())))
    window.search.setText("salesforce")  # every demo event cites a Salesforce source
    qtbot.waitUntil(lambda: finder._job is None and len(finder.matches) == 8)
    assert seen[-2][0] == 2 and "counting" in seen[-2][1]
    assert seen[-1][0] == 8 and finder.status.text().strip() == "8 found"
    assert window.timeline.canvas.highlighted == set(range(1, 9))


def test_the_next_key_interrupts_the_running_query(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import threading

    from app.store.searcher import Interrupted

    finder = window.finder
    window.search.setText("backpage shut")
    qtbot.waitUntil(lambda: finder._job is None and finder.matches == {6})
    searcher = finder._worker._searcher  # type: ignore[union-attr]
    running, release, stopped = threading.Event(), threading.Event(), []

    def hold() -> int:  # holds the first query for "salesforce" inside SQLite
        if not running.is_set():
            running.set()
            release.wait()
        return 0  # carry on: only the interrupt can stop the query

    first_page = searcher.first_page

    def watched(text: str, n: int):  # type: ignore[no-untyped-def]
        try:
            return first_page(text, n)
        except Interrupted:
            stopped.append(text)
            raise

    searcher.first_page = watched  # type: ignore[method-assign]
    searcher._conn.set_progress_handler(hold, 1)  # type: ignore[union-attr]
    window.search.setText("salesforce")
    qtbot.waitUntil(running.is_set)
    window.search.setText("backpage shut")  # the next key
    finder.start()  # (at once, not at the next turn of the event loop)
    release.set()
    qtbot.waitUntil(lambda: finder._job is None and finder.marked_generation == finder._generation)
    assert stopped == ["salesforce"]  # stopped inside SQLite
    assert finder.matches == {6} and window.search_status.text().strip() == "1 found"
    assert window.timeline.canvas.highlighted == {6}
    searcher._conn.set_progress_handler(None, 0)  # type: ignore[union-attr]


def test_a_set_no_longer_wanted_stops_being_built() -> None:
    import pytest

    from app.store.searcher import Interrupted
    from app.ui.search_worker import id_set

    ids = np.arange(100_000, dtype=np.int64)
    assert id_set(ids) == frozenset(range(100_000))
    asked = []
    with pytest.raises(Interrupted):
        id_set(ids, lambda: asked.append(1) or len(asked) > 1)
    assert len(asked) == 2  # stopped at the second slice, not at the end


def test_a_shared_case_marks_a_first_page_then_every_match(  # type: ignore[no-untyped-def]
    qtbot, make_window, shared_demo_case: Case, monkeypatch
) -> None:
    from app.ui import search_worker

    monkeypatch.setattr(search_worker, "FIRST_PAGE", 2)  # the demo case's matches are few
    window = make_window(shared_demo_case)
    finder = window.finder
    every = set(shared_demo_case.search_ids("salesforce").tolist())
    assert len(every) > 2
    first_pages: list[int] = []
    shown = finder._first  # the worker connects to the finder's when it starts

    def first(generation: int, ids: np.ndarray) -> None:
        first_pages.append(len(ids))
        shown(generation, ids)

    monkeypatch.setattr(finder, "_first", first)
    window.search.setText("salesforce")
    qtbot.waitUntil(lambda: finder._job is None and finder.matches == every)
    assert first_pages == [2] and window.search_status.text().strip() == f"{len(every)} found"
    window.search.setText("salesforce")  # a newer search of another text drops this one
    window.search.setText("backpage shut")
    qtbot.waitUntil(lambda: finder._job is None and finder.matches == {6})
    assert window.timeline.canvas.highlighted == {6}
