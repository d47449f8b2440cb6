"""The store API other parts build on: batches and their change sets, the form save, generic
snapshots, reads restricted to some events, and what change sets name."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.dates import FuzzyDate
from app.domain.records import Change, ChangeSet, CitationEdit, EventFilter
from app.store.case import Case, ConflictError, NotFoundError, ValidationError
from app.store.values import date_columns


def d(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def _no_duplicates(changes: ChangeSet) -> None:
    assert len(set(changes.changes)) == len(changes.changes)


# -- batches


def test_batch_changes_are_live_then_complete(new_case: Case) -> None:
    assert not hasattr(new_case, "last_batch")
    with new_case.batch() as batch:
        a = new_case.create_event(title="a").created("event")
        assert batch.changes.ids("event", "create") == (a,)
        with new_case.batch() as inner:
            assert inner is batch
            b = new_case.create_event(title="b", tags=["t"]).created("event")
    assert batch.changes.ids("event", "create") == (a, b)
    assert batch.changes.ids("tag", "create") == (new_case.tags()[0].id,)
    _no_duplicates(batch.changes)


def test_a_failed_batch_writes_nothing(new_case: Case) -> None:
    with pytest.raises(ValidationError), new_case.batch():
        new_case.create_event(title="a")
        new_case.create_event(title=" ")
    assert new_case.events() == []


# -- the form save


def test_save_event_creates_with_citations_in_order(demo_case: Case) -> None:
    changes = demo_case.save_event(
        event_id=None,
        expected_version=None,
        title="New",
        start=d("2015"),
        tags=["knowledge", "fresh"],
        entities=[(1, "buyer")],
        citations=[CitationEdit(None, 2, "p. 1"), CitationEdit(None, 1, "p. 2", stance="context")],
    )
    eid = changes.created("event")
    event = demo_case.event(eid)
    assert event.tags == ("fresh", "knowledge") and event.version == 1
    assert [(c.source_id, c.pinpoint, c.stance) for c in event.citations] == [
        (2, "p. 1", "supports"),
        (1, "p. 2", "context"),
    ]
    assert len(changes.ids("citation", "create")) == 2
    assert set(changes.ids("source", "update")) == {1, 2}
    _no_duplicates(changes)


def test_save_event_updates_only_what_changed(demo_case: Case) -> None:
    event = demo_case.event(2)
    keep, drop, change = event.citations
    log = len(demo_case.audit_log())
    same = demo_case.save_event(
        event_id=2,
        expected_version=event.version,
        title=event.title,
        description=event.description,
        start=event.start,
        end=event.end,
        status=event.status,
        key_fact=event.key_fact,
        lane=event.lane,
        tags=event.tags,
        entities=[(e.entity_id, e.role) for e in event.entities],
        citations=[
            CitationEdit(c.id, c.source_id, c.pinpoint, c.quote, c.stance) for c in event.citations
        ],
    )
    assert same.changes == () and len(demo_case.audit_log()) == log
    assert demo_case.event(2).version == event.version
    changes = demo_case.save_event(
        event_id=2,
        expected_version=event.version,
        title="Renamed",
        start=event.start,
        status=event.status,
        tags=event.tags,
        entities=[(e.entity_id, e.role) for e in event.entities],
        citations=[
            CitationEdit(None, 3, "new one"),
            CitationEdit(change.id, change.source_id, "changed", change.quote, change.stance),
            CitationEdit(keep.id, keep.source_id, keep.pinpoint, keep.quote, keep.stance),
        ],
    )
    after = demo_case.event(2)
    assert after.title == "Renamed" and after.version == event.version + 1
    assert [c.id for c in after.citations][:2] == [keep.id, change.id]  # existing keep places
    assert after.citations[2].pinpoint == "new one"  # new ones after the existing ones
    assert after.citations[1].pinpoint == "changed"
    assert changes.ids("citation", "delete") == (drop.id,)
    assert changes.ids("citation", "update") == (change.id,)
    assert {"update"} == {c.action for c in changes.changes if c.kind == "event"}
    _no_duplicates(changes)
    assert demo_case.check() == []


def test_save_event_is_all_or_nothing(demo_case: Case) -> None:
    event = demo_case.event(2)
    before = list(demo_case.export_rows())
    with pytest.raises(ConflictError):
        demo_case.save_event(event_id=2, expected_version=event.version - 1, title="x")
    with pytest.raises(ValidationError):  # no such source: the title change is undone too
        demo_case.save_event(
            event_id=2,
            expected_version=event.version,
            title="x",
            start=event.start,
            citations=[CitationEdit(None, 99)],
        )
    with pytest.raises(NotFoundError):  # a citation of another event
        demo_case.save_event(
            event_id=2, expected_version=event.version, title="x", citations=[CitationEdit(1, 1)]
        )
    with pytest.raises(ValidationError, match="needs a title"):
        demo_case.save_event(event_id=None, expected_version=None, title="")
    assert list(demo_case.export_rows()) == before
    assert demo_case.event(2).version == event.version


# -- generic snapshots


def test_generic_snapshot_restore_replace(demo_case: Case) -> None:
    snap = demo_case.snapshot("event", 7)
    demo_case.delete_event(7)
    restored = demo_case.restore(snap)
    assert restored.created("event") == 7 and demo_case.event(7).version == snap.version + 1
    source = demo_case.snapshot("source", 3)
    demo_case.update_source(3, title="Changed")
    demo_case.replace(source)
    assert demo_case.source(3).title == source.row["title"]
    with pytest.raises(TypeError):
        demo_case.replace(demo_case.snapshot("event", 1))  # events need expected_version
    with pytest.raises(ValueError):
        demo_case.snapshot("view", 1)
    with pytest.raises(NotFoundError):
        demo_case.snapshot("era", 99)


def test_merge_names_kept_dropped_and_moved_events(demo_case: Case) -> None:
    keep, drop = demo_case.snapshot("tag", 3), demo_case.snapshot("tag", 4)
    changes = demo_case.merge("tag", 3, 4)
    assert Change("update", "tag", 3) in changes.changes
    assert Change("delete", "tag", 4) in changes.changes
    assert set(changes.ids("event", "update")) == {eid for eid, _ in drop.links}
    undo = demo_case.unmerge("tag", keep=keep, drop=drop)  # type: ignore[arg-type]
    assert undo.created("tag") == 4
    with pytest.raises(ValueError):
        demo_case.merge("era", 1, 2)


# -- change sets


def test_citation_changes_name_their_event_and_source(demo_case: Case) -> None:
    for changes in (
        demo_case.add_citation(event_id=1, source_id=2, pinpoint="x"),
        demo_case.update_citation(3, pinpoint="changed"),
        demo_case.remove_citation(4),
    ):
        cite_events = {c.kind for c in changes.changes}
        assert {"citation", "event", "source"} <= cite_events
        _no_duplicates(changes)
    snap = demo_case.snapshot("citation", 5)
    demo_case.remove_citation(5)
    restored = demo_case.restore(snap)
    assert Change("update", "event", 2) in restored.changes
    assert Change("update", "source", 3) in restored.changes


def test_change_set_helpers() -> None:
    changes = ChangeSet((Change("create", "event", 1), Change("update", "source", 2)))
    assert changes.of("source").changes == (Change("update", "source", 2),)
    assert changes.touches("event") and not changes.touches("era")
    assert (changes + changes).changes == changes.changes  # no duplicates
    everything = ChangeSet.everything()
    assert everything.is_everything and everything.touches("era")
    assert not changes.is_everything and (changes + everything).is_everything


def test_import_names_every_created_row(demo_case: Case, tmp_path: Path) -> None:
    from app.interchange.casejson import write_json
    from app.interchange.formats import import_file

    out = tmp_path / "demo.json"
    write_json(demo_case, out)
    with Case.create(tmp_path / "empty.case", title="empty") as case:
        report = import_file(case, out)
        changes = report.changes
        _no_duplicates(changes)
        assert set(changes.ids("event", "create")) == set(case.event_ids())
        assert set(changes.ids("source", "create")) == {s.id for s in case.sources()}
        assert set(changes.ids("entity", "create")) == {e.id for e in case.entities()}
        assert set(changes.ids("tag", "create")) == {t.id for t in case.tags()}
        assert set(changes.ids("era", "create")) == {e.id for e in case.eras()}
        cited = {c.id for e in case.events() for c in e.citations}
        assert set(changes.ids("citation", "create")) == cited


# -- bulk inserts


def _row(event_id: int, **values: object) -> dict[str, object]:
    row = {
        "id": event_id,
        "title": f"event {event_id}",
        "description": "",
        **date_columns("start", d("2001")),
        **date_columns("end", None),
        "status": "alleged",
        "key_fact": False,
        "lane": None,
        "version": 1,
    }
    row.update(values)
    return row


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": "  "}, "an event needs a title"),
        ({"status": "rumoured"}, "'rumoured' is not a valid status"),
        ({**date_columns("start", None), **date_columns("end", d("2003"))}, "needs a start"),
        ({**date_columns("end", d("1999"))}, r"the end \(1999\) is before the start \(2001\)"),
    ],
)
def test_bulk_rows_get_the_single_insert_validation(
    new_case: Case, values: dict[str, object], message: str
) -> None:
    rows = [_row(1), _row(2, **values)]
    with pytest.raises(ValidationError, match=message) as refused:
        new_case.bulk_insert_events(rows)
    assert "row 2 (event 2)" in str(refused.value)
    assert new_case.events() == []


def test_bulk_insert_names_every_event(new_case: Case) -> None:
    changes = new_case.bulk_insert_events([_row(i) for i in (3, 1, 2)])
    assert changes.ids("event", "create") == (3, 1, 2)


# -- reads restricted to some events


def test_timeline_rows_match_the_columns(demo_case: Case) -> None:
    cols = demo_case.timeline_columns()
    dated, undated = demo_case.timeline_rows([7, 4, 2, 99, 3])
    assert [r[0] for r in dated] == [2, 3, 7] and [r[0] for r in undated] == [4]
    for row in dated:
        i = cols.position(row[0])
        assert row[1:5] == (cols.start_lo[i], cols.start_hi[i], cols.end_lo[i], cols.end_hi[i])
        assert row[5:9] == (cols.precision[i], cols.qualifier[i], cols.status[i], cols.flags[i])
        assert row[9] == cols.titles[i]
    assert len(undated[0]) == 10 and undated[0][9] == cols.undated_titles[0]
    assert demo_case.timeline_rows([]) == ([], [])


def test_event_ids_groups_and_search_among(demo_case: Case) -> None:
    everything = demo_case.event_ids()
    among = [8, 4, 1, 2]
    assert demo_case.event_ids(among=among) == [i for i in everything if i in among]
    flt = EventFilter(tags=("knowledge",))
    assert demo_case.event_ids(flt, among=among) == [
        i for i in demo_case.event_ids(flt) if i in among
    ]
    flt = EventFilter(search="salesforce")
    assert demo_case.event_ids(flt, among=among) == [
        i for i in demo_case.event_ids(flt) if i in among
    ]
    groups = demo_case.event_groups("tag")
    assert demo_case.event_groups("tag", [2, 7]) == {2: groups[2], 7: groups[7]}
    hits = demo_case.search("salesforce")
    assert demo_case.search("salesforce", among=among) == [i for i in hits if i in among]
    assert (
        demo_case.search("salesforce", among=among, limit=1) == [i for i in hits if i in among][:1]
    )


def test_audit_log_after(demo_case: Case) -> None:
    log = demo_case.audit_log()
    assert log[-1].id == max(r.id for r in log)
    demo_case.create_tag(name="later")
    newer = demo_case.audit_log(after_id=log[-1].id)
    assert [r.table_name for r in newer] == ["tags"]
    assert demo_case.audit_log(after_id=newer[-1].id) == []


def test_restricted_reads_look_events_up_by_id(demo_case: Case) -> None:
    """The queries behind timeline_rows and event_ids(among) never scan a whole table."""
    from sqlalchemy import select

    from app.store.queries import EVENT_ORDER, e, filter_clauses, timeline_select

    flt = EventFilter(
        tags=("knowledge",), entities=("x",), source_kinds=("memo",), unsourced_only=True
    )
    statements = [
        timeline_select().where(e.id.in_([1, 2, 3])),
        select(*EVENT_ORDER).where(*filter_clauses(flt, per_event=True), e.id.in_([1, 2])),
    ]
    with demo_case._units.read() as conn:
        for stmt in statements:
            sql = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
            params = sql.construct_params()
            values = tuple(params[name] for name in sql.positiontup)
            plan = [r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", values)]
            assert plan and not any(step.startswith("SCAN") for step in plan), plan


def test_check_without_the_database_scan_skips_only_that(new_case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The window's automatic check leaves out SQLite's whole-file scan (done at open), which
    would hold a read transaction that edits wait for; everything else is still checked."""
    import app.store.dialect as dialect

    def scan(_conn):  # type: ignore[no-untyped-def]
        raise AssertionError("the whole-file scan ran")

    monkeypatch.setattr(dialect, "integrity_problems", scan)
    new_case.create_event(title="one")
    assert new_case.check(database=False) == []
    with pytest.raises(AssertionError, match="whole-file scan"):
        new_case.check()
