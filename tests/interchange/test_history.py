"""The audit log in words and as JSON."""

from __future__ import annotations

from app.interchange.history import describe, format_line, history_json
from app.store.case import Case


def test_update_shows_old_and_new(new_case: Case) -> None:
    eid = new_case.create_event(title="Meeting").created("event")
    new_case.update_event(eid, expected_version=1, title="Board meeting")
    records = new_case.audit_log()
    line = describe(records[-1])
    assert line.action == "update" and line.what == f"event {eid}"
    assert line.changes == [("title", "Meeting", "Board meeting")]  # version is not shown
    text = format_line(line)
    assert "title: Meeting \u2192 Board meeting" in text and line.actor in text


def test_json_has_every_row_with_hashes(demo_case: Case) -> None:
    records = demo_case.audit_log()
    data = history_json(records)
    assert len(data) == len(records) > 50
    assert data[0]["previous_hash"] == "0" * 64
    assert all(a["hash"] == b["previous_hash"] for a, b in zip(data, data[1:], strict=False))
    assert {d["action"] for d in data} >= {"create", "link"}


def test_hostile_values_are_one_line(new_case: Case) -> None:
    new_case.create_event(title="line one\nline two <b>x</b>", description="a" * 500)
    text = format_line(describe(new_case.audit_log()[-1]))
    assert "\n" not in text and "line one line two <b>x</b>" in text
    assert len(text) < 400
