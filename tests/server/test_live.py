"""Live updates: a change set committed by one person reaches the others' listeners (with who
made it); one's own changes and changes rolled back are never announced to them."""

from __future__ import annotations

import queue

import pytest

from app.domain.records import Change, ChangeSet
from app.store.case import Case, ValidationError
from app.store.postgresql.live import RemoteChange, listen, parse, payload, session_token


def test_payloads_round_trip_and_a_long_one_says_everything() -> None:
    changes = ChangeSet((Change("create", "event", 3), Change("update", "source", 1)))
    back = parse(payload(changes, "ann", "s1"))
    assert back == RemoteChange(changes, "ann", "s1")
    many = ChangeSet(tuple(Change("create", "event", i) for i in range(2000)))
    assert parse(payload(many, "ann", "s1")).changes.is_everything  # type: ignore[union-attr]
    assert parse("not json") is None and parse('{"changes": [[1]]}') is None


def test_another_persons_change_reaches_the_listener(shared_demo_case: Case) -> None:
    url = str(shared_demo_case.path)
    heard: queue.Queue[RemoteChange] = queue.Queue()
    with Case.open(url) as other:
        listener = listen(shared_demo_case, heard.put)
        try:
            # own change: not heard; a refused change: never announced
            shared_demo_case.create_tag(name="mine")
            with pytest.raises(ValidationError):
                other.create_tag(name="mine")
            version = other.event(3).version
            other.update_event(3, expected_version=version, title="Changed by a colleague")
            got = heard.get(timeout=10)
        finally:
            listener.stop()
    assert got.changes.changes == (Change("update", "event", 3),)
    assert got.actor == other.actor and got.session == session_token(other)
    assert heard.empty()
    assert shared_demo_case.event(3).title == "Changed by a colleague"
