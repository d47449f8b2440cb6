"""Data fingerprints: every change the program makes keeps ``check`` clean, and any change
made behind its back with sqlite3 is named by table, row and field."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.store import data_check
from app.store.case import Case, date_columns
from app.store.fingerprints import SPECS
from tests.conftest import CaseTemplates


def _bulk_rows(first: int, last: int) -> list[dict[str, Any]]:
    start = FuzzyDate.from_parts(2001, 2, 3)
    return [
        {"id": i, "title": f"bulk {i}", "description": "",
         **date_columns("start", start), **date_columns("end", None),
         "status": "alleged", "key_fact": False, "lane": None, "version": 1}
        for i in range(first, last + 1)
    ]  # fmt: skip


def data_problems(path: Path) -> list[str]:
    with Case.open(path) as case, case._units.read() as conn:
        return data_check.scan(conn).problems


def sql(path: Path, statement: str, params: tuple[Any, ...] = ()) -> None:
    conn = sqlite3.connect(path)
    conn.execute(statement, params)
    conn.commit()
    conn.close()


def test_every_kind_of_edit_undo_merge_and_import_keeps_check_clean(demo_case: Case) -> None:
    case = demo_case
    day = FuzzyDate.parse("3 March 2014")
    new_id = case.create_event(title="New", start=day, tags=["fresh", "knowledge"]).created("event")
    snap = case.snapshot("event", new_id)
    case.update_event(new_id, expected_version=1, status="established", entities=[(1, "x")])
    case.replace(snap, expected_version=2, drop_tags=())
    event7 = case.snapshot("event", 7)
    case.delete_event(7, expected_version=event7.version)
    case.restore(event7)
    tag_keep, tag_drop = case.tags()[0].id, case.tags()[1].id
    keep, drop = case.snapshot("tag", tag_keep), case.snapshot("tag", tag_drop)
    case.merge("tag", tag_keep, tag_drop)
    case.unmerge("tag", keep=keep, drop=drop)
    ent = case.entities()[0].id
    ent_snap = case.snapshot("entity", ent)
    case.delete_entity(ent)
    case.restore(ent_snap)
    source = case.create_source(title="A memo", kind="document").created("source")
    case.add_citation(event_id=new_id, source_id=source, pinpoint="p. 2")
    case.store_file(sha256="ab" * 32, data=None, size=3, original_name="x.txt")
    case.purge_unused_files()
    case.save_view(name="Key facts", flt=EventFilter(key_only=True))
    case.update_case_info(title="Renamed")
    era = case.create_era(name="Era", start=day, end=FuzzyDate.parse("2015")).created("era")
    case.update_era(era, name="Era 2")
    with case.batch():
        case.create_event(title="In a batch", tags=["batch"])
        case.delete_tag(case.tags()[-1].id)
    case.bulk_insert_events(_bulk_rows(1000, 1049))
    case.update_event(1010, expected_version=1, status="disputed")
    case.delete_event(1011)
    assert case.check() == []


def test_a_behind_the_back_update_is_named_with_both_values(demo_case_path: Path) -> None:
    with sqlite3.connect(demo_case_path) as conn:
        old = conn.execute("SELECT status FROM events WHERE id = 3").fetchone()[0]
    new = "established" if old != "established" else "alleged"
    sql(demo_case_path, "UPDATE events SET status = ? WHERE id = 3", (new,))
    with Case.open(demo_case_path) as case:
        problems = case.check()
    assert problems == [
        f"events row 3: field `status` changed behind the program's back (audit says "
        f"'{old}', file says '{new}')"
    ]


def test_added_and_deleted_rows_are_named(demo_case_path: Path) -> None:
    sql(demo_case_path, "INSERT INTO tags(name, colour, description) VALUES ('new', '', '')")
    sql(demo_case_path, "DELETE FROM citations WHERE id = 4")
    with sqlite3.connect(demo_case_path) as conn:
        event, linked = conn.execute("SELECT event_id, tag_id FROM event_tags").fetchone()
    sql(demo_case_path, f"DELETE FROM event_tags WHERE event_id = {event} AND tag_id = {linked}")
    problems = data_problems(demo_case_path)
    with sqlite3.connect(demo_case_path) as conn:
        tag = conn.execute("SELECT id FROM tags WHERE name = 'new'").fetchone()[0]
    assert f"tags row {tag} added outside the program" in problems
    assert "citations row 4 deleted outside the program" in problems
    assert f"event_tags row (event {event}, tag {linked}) deleted outside the program" in problems
    assert len(problems) == 3


def test_a_flipped_byte_in_a_stored_file_is_named(demo_case_path: Path) -> None:
    sql(
        demo_case_path,
        "UPDATE source_files SET data = CAST(X'00' || substr(data, 2) AS BLOB) "
        "WHERE rowid = (SELECT min(rowid) FROM source_files WHERE data IS NOT NULL)",
    )
    problems = data_problems(demo_case_path)
    assert len(problems) == 1
    assert problems[0].startswith("source_files row ")
    assert "field `data` changed behind the program's back" in problems[0]


def test_bulk_imported_rows_are_proved_row_by_row(tmp_path: Path, empty_case) -> None:  # type: ignore[no-untyped-def]
    case = empty_case(tmp_path / "bulk.case")
    case.bulk_insert_events(_bulk_rows(1, 3000))
    case.update_event(7, expected_version=1, status="disputed")
    case.close()
    assert data_problems(tmp_path / "bulk.case") == []
    sql(tmp_path / "bulk.case", "UPDATE events SET title = 'changed' WHERE id = 2999")
    sql(tmp_path / "bulk.case", "UPDATE events SET status = 'established' WHERE id = 7")
    sql(tmp_path / "bulk.case", "DELETE FROM events WHERE id = 5")
    assert data_problems(tmp_path / "bulk.case") == [
        "events row 7: field `status` changed behind the program's back "
        "(audit says 'disputed', file says 'established')",
        "events row 2999 changed behind the program's back (it differs from the state the "
        "audit log recorded)",
        "events row 5 deleted outside the program",
    ]


def test_many_changes_are_counted_after_the_first_ones(tmp_path: Path, empty_case) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "many.case"
    empty_case(path).bulk_insert_events(_bulk_rows(1, 100))
    sql(path, "UPDATE events SET lane = 'moved'")
    problems = data_problems(path)
    assert len(problems) == data_check.MAX_ROWS_NAMED + 1
    assert problems[-1] == "events: 80 more rows changed outside the program"


@pytest.mark.parametrize(
    ("table", "where", "named"),
    [
        ("events", "id IN (2, 4)", ["events row 2", "events row 4"]),
        ("citations", "id = (SELECT min(id) FROM citations)", ["citations row"]),
        (
            "event_entities",
            "rowid = (SELECT max(rowid) FROM event_entities)",
            ["event_entities row"],
        ),
    ],
)
def test_bytes_where_text_belongs_are_named_and_the_check_goes_on(
    demo_case_path: Path, table: str, where: str, named: list[str]
) -> None:
    """SQLite's json_array refuses bytes: the check used to stop there with its error."""
    column = {"events": "title", "citations": "quote", "event_entities": "role"}[table]
    sql(demo_case_path, f"UPDATE {table} SET {column} = x'4142' WHERE {where}")
    sql(demo_case_path, "UPDATE events SET title = 'later' WHERE id = 7")  # found after them
    problems = data_problems(demo_case_path)
    odd = [p for p in problems if "holds bytes where the case keeps text or a number" in p]
    assert [p.split(" holds")[0][: len(n)] for p, n in zip(odd, named, strict=True)] == named
    assert any(p.startswith("events row 7") for p in problems)
    assert not any("deleted outside the program" in p for p in problems)
    with Case.open(demo_case_path) as case:
        assert odd[0] in case.check(database=True, give_way=lambda: None)


def test_a_changed_row_whose_audit_record_does_not_decode_is_named(demo_case_path: Path) -> None:
    """What the audit recorded of a changed row is read to show both values: a record whose
    text is not UTF-8 (a hand edit) leaves the values out (it used to stop the check)."""
    sql(demo_case_path, "UPDATE events SET title = 'moved' WHERE id = 3")
    conn = sqlite3.connect(demo_case_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute(
        "UPDATE audit_log SET new = CAST(x'7bff7d' AS TEXT) "
        "WHERE table_name = 'events' AND row_id = 3"
    )
    conn.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    conn.commit()
    conn.close()
    problems = data_problems(demo_case_path)
    assert any(p.startswith("events row 3 changed") for p in problems), problems


def test_many_rows_holding_bytes_are_counted_after_the_first_ones(
    tmp_path: Path, empty_case
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bulk.case"
    with empty_case(path) as case:
        case.bulk_insert_events(_bulk_rows(1, 25))
    sql(path, "UPDATE events SET title = x'4142'")
    problems = data_problems(path)
    assert len(problems) == data_check.MAX_ROWS_NAMED + 1, problems
    assert problems[0].startswith("events row 1 holds bytes")
    assert problems[-1] == "events: 5 more rows hold bytes where text belongs"


def test_text_sqlite_cannot_decode_is_still_caught(demo_case_path: Path) -> None:
    sql(demo_case_path, "UPDATE sources SET notes = CAST(X'FF00FE' AS TEXT) WHERE id = 1")
    assert data_problems(demo_case_path) == [
        "sources row 1 changed behind the program's back (it differs from the state the "
        "audit log recorded)"
    ]


# ---- the property: any one field of any one row, changed with sqlite3, is named


def _rows(path: Path) -> list[tuple[str, tuple[str, ...], tuple[Any, ...], str]]:
    """(table, key columns, key, column) for every field of every fingerprinted row."""
    out = []
    conn = sqlite3.connect(path)
    for spec in SPECS.values():
        if spec.blob:
            continue
        fields = [c for c in spec.columns if c not in spec.key]
        for key in conn.execute(f"SELECT {', '.join(spec.key)} FROM {spec.table}"):
            out += [(spec.table, spec.key, tuple(key), f) for f in fields]
    conn.close()
    return out


@pytest.fixture(scope="module")
def demo_fields(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    from app.interchange.demo import build_demo

    path = tmp_path_factory.mktemp("fp") / "demo.case"
    build_demo(path).close()
    return path, _rows(path)


VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=12),
    st.sampled_from(["alleged", "established", "supports", "contradicts", "person", "x"]),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_field_changed_with_sqlite3_is_named(
    demo_fields: tuple[Path, list[Any]], tmp_path: Path, data: st.DataObject
) -> None:
    template, fields = demo_fields
    table, key_columns, key, column = data.draw(st.sampled_from(fields))
    value = data.draw(VALUES)
    path = tmp_path / f"p{abs(hash((table, key, column, repr(value))))}.case"
    path.unlink(missing_ok=True)
    CaseTemplates.copy(template, path)
    where = " AND ".join(f"{k} = ?" for k in key_columns)
    conn = sqlite3.connect(path)
    before = conn.execute(f"SELECT quote({column}) FROM {table} WHERE {where}", key).fetchone()
    try:
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (value, *key))
    except sqlite3.Error:
        conn.close()
        assume(False)
    after = conn.execute(f"SELECT quote({column}) FROM {table} WHERE {where}", key).fetchone()
    conn.commit()
    conn.close()
    assume(before != after)
    problems = data_problems(path)
    spec = SPECS[table]
    described = spec.describe(key[0] if spec.int_key else key)
    assert problems[0].startswith(f"{described}: field `{column}` changed behind"), problems
    assert len(problems) == 1, problems


def test_a_schema_2_case_gets_a_baseline_when_upgraded(tmp_path: Path) -> None:
    from app.store import audit
    from app.store.engine import Mode
    from app.store.migrate import upgrade
    from app.store.schema import APPLICATION_ID
    from app.store.sqlite.connect import connect_raw, make_engine

    path = tmp_path / "old.case"
    raw = connect_raw(path, Mode.NEW)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.close()
    engine = make_engine(path, Mode.OPEN)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO case_info(id, title, created, day_first, schema_version, audit_head, "
            "audit_count) VALUES (1, 'Old case', '2020-01-01T00:00:00+00:00', 0, 2, ?, 0)",
            (audit.GENESIS,),
        )
        for title in ("Kept", "Also kept"):
            conn.exec_driver_sql(
                "INSERT INTO events(title, description, status, key_fact, version, "
                "start_ambiguous, end_ambiguous) VALUES (?, '', 'alleged', 0, 1, 0, 0)",
                (title,),
            )
    engine.dispose()
    with Case.open(path) as case:
        assert case.check() == []
        baseline = case.audit_log()[-1]
        assert (baseline.action, baseline.table_name) == ("baseline", "case")
    sql(path, "UPDATE events SET title = 'Changed' WHERE id = 2")
    assert data_problems(path) == [
        "events row 2 changed behind the program's back (it differs from the state the "
        "audit log recorded)"
    ]


OPS = (
    "create", "update", "delete_undo", "replace", "tag_merge_unmerge", "entity_delete_undo",
    "cite", "bulk", "view", "era", "source",
)  # fmt: skip


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10_000)), max_size=12))
def test_random_edits_undos_merges_and_imports_keep_check_clean(
    demo_fields: tuple[Path, list[Any]], tmp_path: Path, ops: list[tuple[str, int]]
) -> None:
    path = tmp_path / f"r{abs(hash(tuple(ops)))}.case"
    path.unlink(missing_ok=True)
    CaseTemplates.copy(demo_fields[0], path)
    next_bulk = [5000]
    with Case.open(path) as case:
        for op, n in ops:
            events = case.event_ids()
            event = events[n % len(events)] if events else None
            if op == "create" or event is None:
                case.create_event(title=f"e{n}", tags=[f"t{n % 3}"], entities=[(1, "r")])
            elif op == "update":
                version = case.event(event).version
                case.update_event(event, expected_version=version, status="disputed", lane=str(n))
            elif op == "delete_undo":
                snap = case.snapshot("event", event)
                case.delete_event(event, expected_version=snap.version)
                if n % 2:
                    case.restore(snap)
            elif op == "replace":
                snap = case.snapshot("event", event)
                case.update_event(event, expected_version=snap.version, title="changed", tags=[])
                case.replace(snap, expected_version=snap.version + 1)
            elif op == "tag_merge_unmerge" and len(case.tags()) >= 2:
                a, b = case.tags()[0].id, case.tags()[-1].id
                keep, drop = case.snapshot("tag", a), case.snapshot("tag", b)
                case.merge("tag", a, b)
                if n % 2:
                    case.unmerge("tag", keep=keep, drop=drop)
            elif op == "entity_delete_undo" and case.entities():
                snap = case.snapshot("entity", case.entities()[0].id)
                case.delete_entity(snap.id)
                case.restore(snap)
            elif op == "cite":
                case.add_citation(event_id=event, source_id=1, pinpoint=f"p. {n}")
            elif op == "bulk":
                case.bulk_insert_events(_bulk_rows(next_bulk[0], next_bulk[0] + n % 50))
                next_bulk[0] += 100
            elif op == "view":
                case.save_view(name=f"v{n % 2}", flt=EventFilter(key_only=bool(n % 2)))
            elif op == "era":
                day = FuzzyDate.parse("2010")
                case.create_era(name=f"era {n}", start=day, end=FuzzyDate.parse("2012"))
            elif op == "source":
                case.create_source(title=f"s{n}", notes="n")
        assert case.check() == []


def test_an_entity_link_role_changed_is_named(demo_case_path: Path) -> None:
    with sqlite3.connect(demo_case_path) as conn:
        event, entity = conn.execute("SELECT event_id, entity_id FROM event_entities").fetchone()
    conn.close()
    sql(
        demo_case_path,
        "UPDATE event_entities SET role = 'other' WHERE event_id = ? AND entity_id = ?",
        (event, entity),
    )
    assert data_problems(demo_case_path) == [
        f"event_entities row (event {event}, entity {entity}): field `role` changed behind "
        "the program's back (file says 'other')"
    ]
