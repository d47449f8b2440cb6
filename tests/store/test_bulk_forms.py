"""The forms a bulk import makes of its link rows are the bytes SQLite's ``json_array`` makes of
the rows stored, and joined they hash to the audit payload's digest; the transaction's state
takes their digests only while no later write notes a row."""

from __future__ import annotations

import hashlib
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from app.store.bulk_digest import payload_sha256
from app.store.bulk_forms import link_forms, row_digests
from app.store.bulk_forms import payload_sha256 as payload_from_forms
from app.store.fingerprints import SPECS, Touched

TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
ROLES = st.lists(st.tuples(st.integers(1, 2**40), st.integers(1, 2**40), TEXTS), max_size=20)


def _sqlite_forms(table: str, rows: list[tuple[object, ...]]) -> list[bytes]:
    spec = SPECS[table]
    conn = sqlite3.connect(":memory:")
    marks = ", ".join("?" for _ in spec.columns)
    return [
        conn.execute(f"SELECT CAST(json_array({marks}) AS BLOB)", row).fetchone()[0] for row in rows
    ]


@settings(max_examples=60, deadline=None)
@given(ROLES)
def test_entity_link_forms_are_sqlites_and_hash_to_the_payload(
    rows: list[tuple[int, int, str]],
) -> None:
    columns = ("event_id", "entity_id", "role")
    forms = link_forms("event_entities", columns, rows)
    assert forms == _sqlite_forms("event_entities", rows)
    assert payload_from_forms(columns, forms) == payload_sha256(columns, rows)
    assert row_digests(forms) == [hashlib.sha256(f).hexdigest()[:16] for f in forms]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 2**62), st.integers(1, 2**62)), max_size=20))
def test_tag_link_forms_are_sqlites(rows: list[tuple[int, int]]) -> None:
    columns = ("event_id", "tag_id")
    forms = link_forms("event_tags", columns, rows)
    assert forms == _sqlite_forms("event_tags", rows)
    assert payload_from_forms(columns, forms) == payload_sha256(columns, rows)
    assert link_forms("event_tags", columns, rows, ints=(True, True)) == forms  # not looked at


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 99), st.integers(1, 9), TEXTS, TEXTS), max_size=10))
def test_citation_forms_carry_the_columns_not_inserted(rows: list[tuple[object, ...]]) -> None:
    full = [(n, e, 1, pin, quote, "supports", 0) for n, (e, _, pin, quote) in enumerate(rows, 1)]
    columns = ("id", "event_id", "source_id", "pinpoint", "quote", "stance", "position")
    forms = link_forms("citations", columns, full, ("",))
    assert forms == _sqlite_forms("citations", [(*r, "") for r in full])
    ints = (True, True, True, False, False, False, True)
    assert link_forms("citations", columns, full, ("",), ints) == forms


def test_rows_that_are_not_plain_or_columns_out_of_order_have_no_forms() -> None:
    assert link_forms("event_tags", ("event_id", "tag_id"), [(1, True)]) is None
    assert link_forms("event_tags", ("event_id", "tag_id"), [(1, 2.0)]) is None
    assert link_forms("event_tags", ("tag_id", "event_id"), [(1, 2)]) is None
    assert link_forms("event_entities", ("event_id", "entity_id"), [(1, 2)]) is None
    assert link_forms("event_entities", ("event_id", "entity_id", "role"), [(1, 2, None)]) is None


def test_a_row_noted_after_the_digests_are_known_makes_every_row_read_back() -> None:
    touched = Touched()
    touched.add("event_tags", [(1, 2)])
    touched.know("event_tags", [(1, 2)], ["0123456789abcdef"])
    assert touched.known == {"event_tags": {(1, 2): "0123456789abcdef"}}
    touched.add("events", [1])
    assert touched.known == {}


HOSTILE = (
    "id,start,title,tags,entities,citations,sources\r\n"
    '1,2001-02-03,First,"a ""q"" tag; back\\\\slash","Ünï ☃|ro""le\tx","1|p. ""4"" \\\\|supports|'
    'said\tso ☃",S\r\n'
    '2,2001-02-04,Second,a ""q"" tag,,1|p. 5,S\r\n'
)


def test_an_import_of_hostile_link_texts_checks_clean(empty_case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.interchange import csv_import

    case = empty_case(tmp_path / "a.case")
    case.create_source(title="S", source_id=1)
    csv_import.import_csv(case, HOSTILE.encode())
    event = case.event(1)
    assert [e.role for e in event.entities] == ['ro"le\tx']
    assert [c.pinpoint for c in event.citations] == ['p. "4" \\']
    assert case.check() == []


def test_a_link_changed_later_in_the_same_batch_is_read_back(empty_case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.interchange import csv_import

    case = empty_case(tmp_path / "a.case")
    case.create_source(title="S", source_id=1)
    with case.batch():
        csv_import.import_csv(case, HOSTILE.encode())
        case.save_event(event_id=2, expected_version=1, title="Second", tags=["other"])
    assert list(case.event(2).tags) == ["other"]
    assert case.check() == []


def test_rows_given_as_lists_have_the_same_forms() -> None:
    columns = ("event_id", "tag_id")
    assert link_forms("event_tags", columns, [[1, 2], [3, 40]]) == [b"[1,2]", b"[3,40]"]
    assert link_forms("event_tags", columns, [(1, 2), (3, 40)]) == [b"[1,2]", b"[3,40]"]


def test_a_blank_tag_name_links_nothing(new_case) -> None:  # type: ignore[no-untyped-def]
    from app.store.bulk import EVENT_COLUMNS
    from app.store.bulk_links import EventLinks
    from app.store.values import date_columns

    none = tuple(date_columns("s", None).values())
    rows = [(i, f"bird {i}", "", *none, *none, "alleged", False, None, 1) for i in (1, 2)]
    links = EventLinks(tags=[(1, "  "), (1, "wren"), (2, "wren"), (2, " wren ")])
    new_case.bulk_insert_events(rows, columns=EVENT_COLUMNS, links=links)
    assert list(new_case.event(1).tags) == ["wren"] and list(new_case.event(2).tags) == ["wren"]
    assert new_case.check() == []
