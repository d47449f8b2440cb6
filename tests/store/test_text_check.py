"""Naming the rows of a case file whose text does not decode as UTF-8 (a hand edit): every
table, the case's own details too, the column a failed read named first, and a long list
said to be cut."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store.errors import DamagedTextError
from app.store.sqlite import text_check
from app.store.sqlite.text_check import column_of, undecodable_places

BAD = "CAST(x'41ff42' AS TEXT)"


def _damage(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def test_every_table_and_the_cases_details_are_looked_at(demo_case_path: Path) -> None:
    _damage(
        demo_case_path,
        f"UPDATE case_info SET title = {BAD}",
        f"UPDATE events SET description = {BAD} WHERE id = 2",
        f"UPDATE citations SET quote = {BAD} WHERE id = (SELECT min(id) FROM citations)",
    )
    places = undecodable_places(demo_case_path)
    assert "events row 2 (description)" in places
    assert any(p.startswith("citations row ") and p.endswith("(quote)") for p in places)
    assert "the case's details (title)" in places
    assert len(places) == 3


def test_the_column_a_read_named_is_read_first(demo_case_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _damage(demo_case_path, f"UPDATE events SET lane = {BAD} WHERE id = 4")
    error = sqlite3.OperationalError("Could not decode to UTF-8 column 'lane' with text 'A'")
    assert column_of(error) == "lane"
    read: list[str | None] = []
    scan = text_check._scan
    monkeypatch.setattr(
        text_check, "_scan", lambda conn, only: read.append(only) or scan(conn, only)
    )
    assert undecodable_places(demo_case_path, "lane") == ["events row 4 (lane)"]
    assert read == ["lane"]
    assert undecodable_places(demo_case_path, "title") == ["events row 4 (lane)"]  # then all
    assert read[1:] == ["title", None]


def test_a_long_list_is_said_to_be_cut(demo_case_path: Path) -> None:
    _damage(demo_case_path, f"UPDATE citations SET quote = {BAD}, pinpoint = {BAD}")
    places = undecodable_places(demo_case_path)
    assert len(places) == text_check.MAX_PLACES + 1
    message = str(DamagedTextError(demo_case_path, places))
    assert message.count("(quote)") + message.count("(pinpoint)") == DamagedTextError.SHOWN
    assert message.endswith("; and more); the case cannot be shown (casetrail salvage copies its "
                            "rows into a new, clean case)")  # fmt: skip
    few = str(DamagedTextError(demo_case_path, places[:6]))
    assert "; and 2 more); " in few
