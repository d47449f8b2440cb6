"""Events imported with tags, entity links and citations go in by set operations: the rows
stored are those one ``create_event`` and ``add_citation`` at a time would store, ``check``
stays clean, each link is proved by the audit log, and a bad link refuses the whole import."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from app.domain.dates import FuzzyDate
from app.interchange import csv_import
from app.store.bulk import EventRows
from app.store.case import Case
from app.store.errors import ValidationError
from tests.store.test_fingerprints import data_problems, sql

CSV = (
    "id,start,title,tags,entities,citations,sources\r\n"
    "1,2001-02-03,First,Fraud; new tag,Acme Corp|payer; Jane Roe,1|p. 4|supports|said so,S\r\n"
    "2,2001-02-04,Second,new tag,,1|p. 5; 1|p. 6|contradicts,S\r\n"
    "3,2001-02-05,Third,,Jane Roe|witness,,\r\n"
    "4,2001-02-06,Plain,,,,\r\n"
)


def _state(case: Case) -> list[tuple[object, ...]]:
    out = []
    for ev in sorted(case.events(), key=lambda e: e.id):
        links = sorted((e.name, e.role) for e in ev.entities)
        cites = [(c.source_id, c.pinpoint, c.quote, c.stance, c.position) for c in ev.citations]
        out.append((ev.id, ev.title, sorted(ev.tags), links, cites))
    return out


def _one_at_a_time(case: Case) -> None:
    """The same events written one create_event and add_citation at a time."""
    acme = case.create_entity(name="Acme Corp", kind="organisation").created("entity")
    jane = case.create_entity(name="Jane Roe", kind="other").created("entity")
    rows = [
        (1, "First", ["Fraud", "new tag"], [(acme, "payer"), (jane, "")],
         [("p. 4", "said so", "supports")]),
        (2, "Second", ["new tag"], [], [("p. 5", "", "supports"), ("p. 6", "", "contradicts")]),
        (3, "Third", [], [(jane, "witness")], []),
        (4, "Plain", [], [], []),
    ]  # fmt: skip
    for n, (eid, title, tags, links, cites) in enumerate(rows):
        start = FuzzyDate.parse(f"2001-02-0{3 + n}")
        case.create_event(event_id=eid, title=title, start=start, tags=tags, entities=links)
        for pinpoint, quote, stance in cites:
            case.add_citation(
                event_id=eid, source_id=1, pinpoint=pinpoint, quote=quote, stance=stance
            )


def _case(empty_case, path: Path) -> Case:  # type: ignore[no-untyped-def]
    case = empty_case(path)
    case.create_source(title="S", source_id=1)
    case.create_tag(name="Fraud")
    return case


def test_a_tagged_import_stores_what_single_inserts_would(empty_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bulk = _case(empty_case, tmp_path / "bulk.case")
    bulk.create_entity(name="Acme Corp", kind="organisation")
    report = csv_import.import_csv(bulk, CSV.encode())
    single = _case(empty_case, tmp_path / "single.case")
    _one_at_a_time(single)
    assert _state(bulk) == _state(single)
    assert report.tags == ["new tag"]
    assert report.citations == 3
    assert report.changes.ids("tag", "create") == (2,)
    assert report.changes.ids("citation", "create") == (1, 2, 3)
    assert report.changes.ids("event", "create") == (1, 2, 3, 4)
    assert bulk.check() == []
    assert [(a.action, a.table_name) for a in bulk.audit_log()[-5:]] == [
        ("import", "events"),
        ("create", "tags"),
        ("import", "event_tags"),
        ("import", "event_entities"),
        ("import", "citations"),
    ]


def test_each_imported_link_is_proved_row_by_row(empty_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bulk.case"
    case = _case(empty_case, path)
    csv_import.import_csv(case, CSV.encode())
    case.close()
    assert data_problems(path) == []
    sql(path, "DELETE FROM event_tags WHERE event_id = 2")
    sql(path, "UPDATE event_entities SET role = 'payee' WHERE role = 'payer'")
    sql(path, "UPDATE citations SET pinpoint = 'p. 9' WHERE id = 3")
    problems = "\n".join(data_problems(path))
    assert "event_tags row (event 2, tag 2)" in problems
    assert "event_entities row (event 1" in problems
    assert "citations row 3" in problems


def test_the_audit_rows_digest_the_links_inserted(empty_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case = _case(empty_case, tmp_path / "bulk.case")
    rows = EventRows()
    rows.add(event_id=7, title="Seven", tags=["Fraud", " Fraud ", "b"])
    rows.add(event_id=8, title="Eight", tags=["b"], citations=[(1, "", "q", "supports")])
    case.bulk_insert_events(rows.rows, columns=rows.columns, links=rows.links)
    by_table = {a.table_name: json.loads(a.new) for a in case.audit_log() if a.action == "import"}
    tags = by_table["event_tags"]
    assert tags["count"] == 3
    payload = json.dumps([["event_id", "tag_id"], [[7, 1], [7, 2], [8, 2]]], separators=(",", ":"))
    assert tags["sha256"] == hashlib.sha256(payload.encode()).hexdigest()
    assert (by_table["citations"]["first_id"], by_table["citations"]["last_id"]) == (1, 1)
    assert case.check() == []


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ({"tags": ["bad\x00tag"]}, "event 5: the name contains a NUL character"),
        ({"entities": [(1, "role\x00")]}, "event 5: the role contains a NUL character"),
        ({"entities": [(99, "")]}, "refers to a record that does not exist"),
        ({"citations": [(1, "p\x00", "", "supports")]}, "event 5: the pinpoint contains a NUL"),
        ({"citations": [(1, "", "", "maybe")]}, "'maybe' is not a valid stance"),
        ({"citations": [(42, "", "", "supports")]}, "refers to a record that does not exist"),
    ],
)
def test_a_bad_link_refuses_every_row(empty_case, tmp_path: Path, links, message) -> None:  # type: ignore[no-untyped-def]
    case = _case(empty_case, tmp_path / "bulk.case")
    case.create_entity(name="Acme Corp", kind="organisation")
    before = len(case.audit_log())
    rows = EventRows()
    rows.add(event_id=4, title="Good", tags=["Fraud"])
    rows.add(event_id=5, title="Bad", **links)
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        case.bulk_insert_events(rows.rows, columns=rows.columns, links=rows.links)
    assert case.event_ids() == []
    assert [t.name for t in case.tags()] == ["Fraud"]
    assert len(case.audit_log()) == before
    assert case.check() == []


@pytest.mark.parametrize(
    "citations",
    [
        [(1, 1, " p. 4 ", "said so", "supports"), (2, 1, "p. 5", "", "contradicts")],
        [(1, 1, "p. 4", "", "supports"), (1, 2, "", "q", "context"), (2, 1, "", "", "supports")],
        [(3, 1, "p. 1", "", "supports"), (1, 1, "", "", "supports"), (3, 1, "x", "", "context")],
        [(1, 1, None, "", "supports"), (2, 1, "p", None, "supports")],  # row by row
    ],
)
def test_citation_rows_a_column_at_a_time_are_those_made_one_by_one(citations) -> None:  # type: ignore[no-untyped-def]
    import sqlite3
    from types import SimpleNamespace

    from app.store import bulk_links

    driver = sqlite3.connect(":memory:")
    driver.execute("CREATE TABLE citations (id INTEGER PRIMARY KEY)")
    driver.execute("INSERT INTO citations VALUES (7)")
    w = SimpleNamespace(conn=SimpleNamespace(connection=SimpleNamespace(driver_connection=driver)))
    rows = bulk_links._citation_rows(w, citations)  # type: ignore[arg-type]  # noqa: SLF001
    assert rows == bulk_links._citation_rows_one_by_one(citations, 7)  # noqa: SLF001
    assert [r[0] for r in rows] == list(range(8, 8 + len(citations)))
