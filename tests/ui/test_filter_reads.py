"""The filter's read of which events pass runs off the interface thread for a big case:
the table follows when the read ends, a newer filter drops an older read's result, and a
change to the case while a read runs reads again."""

from __future__ import annotations

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.store.case import Case
from app.ui.main_window import MainWindow


def _shown(window: MainWindow) -> int:
    return window.table.model().rowCount()


def test_a_big_case_is_filtered_in_the_background(
    qtbot, window: MainWindow, demo_case: Case, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import app.ui.filter_reads as filter_reads

    monkeypatch.setattr(filter_reads, "AT_ONCE_ROWS", 0)
    reads = window.filter_reads
    since_2016 = EventFilter(date_from=FuzzyDate.parse("2016"))
    expected = len(demo_case.event_ids(since_2016))
    assert 0 < expected < 8
    window.filters.set_filter(EventFilter(date_from=FuzzyDate.parse("2017")))
    window.filters.set_filter(since_2016)  # before the first read is back: it is stale
    window.filters.flush()
    assert reads.running and _shown(window) == 8  # nothing waited for the database
    qtbot.waitUntil(lambda: not reads.running)
    assert _shown(window) == expected
    assert window.table.model() is window.proxy
    window.filters.set_filter(EventFilter())
    window.filters.flush()
    assert not reads.running and _shown(window) == 8  # no filter: nothing to read


def test_a_change_during_the_read_is_not_lost(
    qtbot, window: MainWindow, demo_case: Case, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import app.ui.filter_reads as filter_reads

    monkeypatch.setattr(filter_reads, "AT_ONCE_ROWS", 0)
    reads = window.filter_reads
    window.filters.set_filter(EventFilter(key_only=True))
    window.filters.flush()
    assert reads.running
    before = reads._generation
    changes = demo_case.create_event(title="New key event", key_fact=True)
    window.session.announce(changes)  # type: ignore[union-attr]
    assert reads._generation > before  # the read under way started over
    qtbot.waitUntil(lambda: not reads.running)
    titles = [window.table.model().index(r, 1).data() for r in range(_shown(window))]
    assert "New key event" in titles
