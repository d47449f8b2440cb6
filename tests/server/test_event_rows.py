"""A shared case reads events (with tags, entity links and citations) in one statement:
the same records as a case file gives, on its own when no transaction is open, and inside
the one a consistent read (``reading``) holds."""

from __future__ import annotations

import pytest
from psycopg import pq

from app.store.case import Case
from app.store.errors import NotFoundError
from app.store.queries import load_events


def test_events_are_the_case_files(shared_demo_case: Case, demo_case: Case) -> None:
    events = demo_case.events()
    assert any(e.tags for e in events) and any(e.entities for e in events)
    assert any(len(e.citations) > 1 for e in events)
    assert shared_demo_case.events() == events
    ids = [e.id for e in events][::-1]
    assert shared_demo_case.events_by_ids([*ids, 999_999]) == demo_case.events_by_ids(ids)
    assert shared_demo_case.events_by_ids([]) == []


def test_one_statement_needs_no_transaction_but_keeps_a_readings(shared_demo_case: Case) -> None:
    units = shared_demo_case._units
    with units.read() as conn:
        driver = conn.connection.driver_connection
        assert [e.id for e in load_events(conn, [4])] == [4]
        assert driver.info.transaction_status == pq.TransactionStatus.IDLE  # nothing held
        assert not driver.autocommit
    with units.reading():
        conn = units._reader
        assert conn is not None
        driver = conn.connection.driver_connection
        first = shared_demo_case.events_by_ids([4])
        assert driver.info.transaction_status == pq.TransactionStatus.INTRANS  # its snapshot
        assert shared_demo_case.events_by_ids([4]) == first


def test_snapshots_are_the_case_files(shared_demo_case: Case, demo_case: Case) -> None:
    for event in demo_case.events():
        expected = demo_case.snapshot("event", event.id)
        assert shared_demo_case.snapshot("event", event.id) == expected
    with pytest.raises(NotFoundError):
        shared_demo_case.snapshot("event", 999_999)
    event = shared_demo_case.events()[0]
    taken = shared_demo_case.snapshot("event", event.id)
    shared_demo_case.delete_event(event.id)
    shared_demo_case.restore(taken)  # put back exactly as it was
    assert shared_demo_case.snapshot("event", event.id).row == {
        **taken.row,
        "version": taken.version + 1,
    }
    assert shared_demo_case.events_by_ids([event.id])[0].citations == event.citations


def test_many_events_are_read_in_one_transaction(shared_new_case: Case) -> None:
    from app.interchange import csv_import

    rows = "".join(f"Event {i},2020-01-{i % 28 + 1:02d},alleged\n" for i in range(2500))
    csv_import.import_csv(shared_new_case, ("title,start,status\n" + rows).encode())
    ids = shared_new_case.event_ids()[::-1]
    with shared_new_case._units.read() as conn:
        records = load_events(conn, ids)
        # more than one statement: they ran in the read's transaction, one snapshot
        assert conn.connection.driver_connection.info.transaction_status == (
            pq.TransactionStatus.INTRANS
        )
    assert [r.id for r in records] == ids and len({r.title for r in records}) == 2500
