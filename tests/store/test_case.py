"""The Case API: each mutation is one audited transaction; reads return detached records."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.store.case import Case, ConflictError, NotFoundError, ReadOnlyError, ValidationError
from app.store.engine import Mode


def d(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def test_every_connection_has_the_pragmas(new_case: Case) -> None:
    with new_case._engine.connect() as conn:
        got = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()
            for name in (
                "foreign_keys",
                "trusted_schema",
                "synchronous",
                "busy_timeout",
                "journal_mode",
            )
        }
    assert got == {
        "foreign_keys": 1,
        "trusted_schema": 0,
        "synchronous": 2,
        "busy_timeout": 5000,
        "journal_mode": "persist",
    }


def test_sqlalchemy_issues_begin(new_case: Case) -> None:
    with new_case._engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw.isolation_level is None  # the driver never opens transactions itself
        assert not raw.in_transaction
        with conn.begin():
            conn.exec_driver_sql("SELECT 1")
            assert raw.in_transaction


def test_event_crud_with_audit(new_case: Case) -> None:
    created = new_case.create_event(
        title="Meeting", start=d("March 2019"), status="alleged", tags=["knowledge"], key_fact=True
    )
    eid = created.created("event")
    event = new_case.event(eid)
    assert event.title == "Meeting" and event.start.text == "March 2019"
    assert event.tags == ("knowledge",) and event.key_fact and event.version == 1
    changed = new_case.update_event(
        eid, expected_version=1, title="Board meeting", end=d("April 2019")
    )
    assert changed.ids("event") == (eid,)
    event = new_case.event(eid)
    assert event.title == "Board meeting" and event.end.text == "April 2019"
    assert event.version == 2
    new_case.delete_event(eid, expected_version=2)
    with pytest.raises(NotFoundError):
        new_case.event(eid)
    log = new_case.audit_log()
    actions = [(r.action, r.table_name) for r in log]
    assert ("create", "events") in actions and ("update", "events") in actions
    assert ("delete", "events") in actions and ("create", "tags") in actions
    update_row = next(r for r in log if r.action == "update")
    assert '"title":"Meeting"' in update_row.old and '"title":"Board meeting"' in update_row.new
    assert all(r.actor for r in log) and all(r.at.endswith("+00:00") for r in log)
    assert new_case.check() == []


def test_stale_update_is_a_conflict_and_overwrites_nothing(new_case: Case) -> None:
    eid = new_case.create_event(title="Original").created("event")
    other = Case.open(new_case.path)
    other.update_event(eid, expected_version=1, title="Changed elsewhere")
    with pytest.raises(ConflictError) as info:
        new_case.update_event(eid, expected_version=1, title="Mine")
    assert info.value.current.title == "Changed elsewhere"
    assert "changed elsewhere" in str(info.value)
    assert new_case.event(eid).title == "Changed elsewhere"
    with pytest.raises(ConflictError):
        new_case.delete_event(eid, expected_version=1)
    other.close()


def test_validation_errors_write_nothing(new_case: Case) -> None:
    before = len(new_case.audit_log())
    with pytest.raises(ValidationError, match="title"):
        new_case.create_event(title="  ")
    with pytest.raises(ValidationError, match="before the start"):
        new_case.create_event(title="x", start=d("2019"), end=d("2018"))
    with pytest.raises(ValidationError, match="status"):
        new_case.create_event(title="x", status="rumoured")
    with pytest.raises(ValidationError, match="end date needs a start"):
        new_case.create_event(title="x", end=d("2018"))
    assert len(new_case.audit_log()) == before
    assert new_case.events() == []


def test_sources_citations_entities_tags_eras(new_case: Case) -> None:
    sid = new_case.create_source(
        title="Report",
        kind="news",
        url="https://example.org/r",
        bates_start="ABC0001",
        bates_end="ABC0009",
    ).created("source")
    nid = new_case.create_entity(name="Acme Corp", kind="organisation").created("entity")
    eid = new_case.create_event(title="Deal", start=d("2013"), entities=[(nid, "buyer")]).created(
        "event"
    )
    cid = new_case.add_citation(
        event_id=eid, source_id=sid, pinpoint="p. 4", quote="the deal closed", stance="supports"
    ).created("citation")
    event = new_case.event(eid)
    assert event.entities[0].name == "Acme Corp" and event.entities[0].role == "buyer"
    (cite,) = event.citations
    assert (cite.source_title, cite.pinpoint, cite.stance) == ("Report", "p. 4", "supports")
    new_case.update_citation(cid, stance="contradicts")
    assert new_case.event(eid).citations[0].stance == "contradicts"
    with pytest.raises(ValidationError, match="cited by 1 event"):
        new_case.delete_source(sid)
    assert new_case.source(sid).citing_events == (eid,)
    new_case.remove_citation(cid)
    new_case.delete_source(sid)
    tid = new_case.create_tag(name="fraud").created("tag")
    new_case.update_event(eid, expected_version=new_case.event(eid).version, tags=["fraud"])
    new_case.update_tag(tid, name="securities fraud")
    assert new_case.event(eid).tags == ("securities fraud",)
    new_case.update_entity(nid, name="Acme Corporation")
    assert new_case.event(eid).entities[0].name == "Acme Corporation"
    new_case.delete_entity(nid)
    assert new_case.event(eid).entities == ()
    rid = new_case.create_era(name="Deal years", start=d("2012"), end=d("2014")).created("era")
    new_case.update_era(rid, name="The deal")
    assert [e.name for e in new_case.eras()] == ["The deal"]
    new_case.delete_era(rid)
    new_case.delete_tag(tid)
    assert new_case.tags() == [] and new_case.eras() == []
    assert new_case.check() == []


def test_duplicate_names_are_clear_errors(new_case: Case) -> None:
    new_case.create_tag(name="fraud")
    with pytest.raises(ValidationError, match="already in use"):
        new_case.create_tag(name="fraud")


def test_audit_log_refuses_update_and_delete(new_case: Case) -> None:
    new_case.create_event(title="A")
    new_case.close()
    conn = sqlite3.connect(new_case.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    conn.close()


@pytest.mark.parametrize("tamper", ["edit", "remove_last", "insert"])
def test_check_finds_an_altered_audit_log(new_case: Case, tamper: str) -> None:
    new_case.create_event(title="A")
    new_case.create_event(title="B")
    assert new_case.check() == []
    new_case.close()
    conn = sqlite3.connect(new_case.path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    if tamper == "edit":
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1")
    elif tamper == "remove_last":
        conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    else:
        conn.execute(
            "INSERT INTO audit_log(at, actor, action, table_name, row_id, old, new, "
            "prev_hash, row_hash) VALUES ('x', 'm', 'create', 'events', 9, '', '', "
            "'0', '0')"
        )
    # the triggers put back as they were: the schema is whole again, only the log was changed
    conn.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    conn.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    conn.commit()
    conn.close()
    with Case.open(new_case.path) as case:
        problems = case.check()
    assert any("audit" in p for p in problems)


def test_search_finds_events_through_citations_and_sources(demo_case: Case) -> None:
    assert demo_case.search("twitter") == [4]
    assert set(demo_case.search("ethical")) == {8}
    # the complaint itself (no copy) is cited by nothing; its summary by the allegations
    assert set(demo_case.search("complaint anonymous")) == set()
    assert set(demo_case.search("summary complaint")) == {2, 3, 4, 7}
    assert demo_case.search("salesfor") != []  # the word being typed matches as a prefix


def test_search_index_follows_edits(new_case: Case) -> None:
    eid = new_case.create_event(title="Zebra crossing").created("event")
    assert new_case.search("zebra") == [eid]
    new_case.update_event(eid, expected_version=1, title="Pelican crossing")
    assert new_case.search("zebra") == [] and new_case.search("pelican") == [eid]
    new_case.delete_event(eid)
    assert new_case.search("pelican") == []
    assert new_case.check() == []


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_typed_text_is_a_valid_query(demo_case_module: Case, text: str) -> None:
    result = demo_case_module.search(text)
    assert isinstance(result, list)


@pytest.fixture(scope="module")
def demo_case_module(tmp_path_factory: pytest.TempPathFactory, case_templates):
    path = tmp_path_factory.mktemp("demo") / "demo.case"
    case = Case.open(case_templates.copy(case_templates.demo(), path))
    yield case
    case.close()


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        "AND",
        "NOT OR",
        "title:x",
        "a*b",
        "(",
        "NEAR(a b)",
        "'; DROP TABLE events; --",
        "\x00",
        "🙂",
    ],
)
def test_hostile_queries(demo_case: Case, hostile: str) -> None:
    demo_case.search(hostile)
    assert demo_case.stats().events == 8


def test_filters(demo_case: Case) -> None:
    def titles(**kw: object) -> list[int]:
        return [e.id for e in demo_case.events(EventFilter(**kw))]

    assert titles() == [1, 2, 3, 5, 6, 7, 8, 4]  # date order, undated last
    assert titles(tags=("background",)) == [1, 6]
    assert titles(entities=("carl ferrer",)) == [5]
    assert titles(statuses=("alleged",)) == [2, 3, 4]
    assert titles(date_from=d("2016"), date_to=d("2018")) == [3, 5, 6]
    assert titles(key_only=True) == [2, 3, 5, 7]
    assert titles(search="fifty") == [7]
    assert titles(search="survivors", key_only=True) == [2, 3, 5, 7]  # via the cited report
    assert titles(source_kinds=("filing",)) == [2, 3, 7, 4]
    assert titles(unsourced_only=True) == []


def test_timeline_columns_are_compact_and_sorted(demo_case: Case) -> None:
    cols = demo_case.timeline_columns()
    assert list(cols.ids) == [1, 2, 3, 5, 6, 7, 8]
    assert list(cols.undated_ids) == [4]
    assert (cols.start_lo[:-1] <= cols.start_lo[1:]).all()
    i = cols.position(5)
    assert FuzzyDate.parse("December 2016").earliest.year == 2016
    from app.domain.instants import to_seconds

    assert cols.start_lo[i] == to_seconds(d("December 2016").earliest)
    assert cols.start_hi[i] == to_seconds(d("December 2016").latest)
    span = cols.position(3)
    assert cols.end_hi[span] == to_seconds(d("2018").latest)


def test_batch_is_all_or_nothing(new_case: Case) -> None:
    with pytest.raises(ValidationError), new_case.batch():
        new_case.create_event(title="kept?")
        new_case.create_event(title="")
    assert new_case.events() == []
    with new_case.batch() as batch:
        a = new_case.create_event(title="a").created("event")
        b = new_case.create_event(title="b").created("event")
    assert a != b and batch.changes.ids("event") == (a, b)


def test_review_mode_refuses_edits(new_case: Case) -> None:
    new_case.create_event(title="A")
    new_case.close()
    with Case.open(new_case.path, Mode.REVIEW) as case:
        with pytest.raises(ReadOnlyError, match="read-only"):
            case.create_event(title="B")
        with case._engine.connect() as conn, pytest.raises(Exception, match="readonly|read-only"):
            conn.exec_driver_sql("INSERT INTO tags(name, colour, description) VALUES ('x', '', '')")
        assert [e.title for e in case.events()] == ["A"]


def test_inner_batch_joins_the_outer(new_case: Case) -> None:
    with pytest.raises(ValidationError), new_case.batch():
        with new_case.batch():
            new_case.create_event(title="inner")
        new_case.create_event(title="")
    assert new_case.events() == []


def test_saved_views_round_trip_and_replace(demo_case: Case) -> None:
    flt = EventFilter(
        tags=("negligence",),
        statuses=("alleged",),
        key_only=True,
        date_from=d("2013"),
        date_to=d("between 2015 and 2016"),
    )
    vid = demo_case.save_view(name="Allegations", flt=flt).created("view")
    (view,) = demo_case.saved_views()
    assert (view.id, view.name, view.filter) == (vid, "Allegations", flt)
    assert [e.id for e in demo_case.events(view.filter)] == [2, 3]
    demo_case.save_view(name="Allegations", flt=EventFilter(search="twitter"))
    (view,) = demo_case.saved_views()
    assert view.id == vid and view.filter.search == "twitter"
    demo_case.delete_view(vid)
    assert demo_case.saved_views() == []
    assert any(r.table_name == "saved_views" for r in demo_case.audit_log())


def test_deleting_a_tag_audits_the_links_it_removes(demo_case: Case) -> None:
    (tag,) = [t for t in demo_case.tags() if t.name == "background"]
    demo_case.delete_tag(tag.id)
    log = demo_case.audit_log()
    unlink = [r for r in log if r.action == "unlink"]
    assert unlink and unlink[-1].table_name == "event_tags"
    assert '"event_id":1' in unlink[-1].old and '"event_id":6' in unlink[-1].old
    assert demo_case.check() == []


def test_bulk_insert_duplicate_id_is_a_validation_error(new_case: Case) -> None:
    from app.store.case import date_columns

    row = {
        "id": 1,
        "title": "a",
        "description": "",
        **date_columns("start", None),
        **date_columns("end", None),
        "status": "alleged",
        "key_fact": False,
        "lane": None,
        "version": 1,
    }
    new_case.bulk_insert_events([row])
    with pytest.raises(ValidationError, match="already in use"):
        new_case.bulk_insert_events([row])
    assert len(new_case.events()) == 1 and new_case.check() == []


def test_purging_a_file_no_source_uses(new_case: Case) -> None:
    import hashlib

    secret = b"privileged memo, added by mistake"
    digest = hashlib.sha256(secret).hexdigest()
    new_case.store_file(sha256=digest, data=secret, size=len(secret), original_name="memo.txt")
    sid = new_case.create_source(
        title="Memo", file_sha256=digest, file_size=len(secret), file_stored=True
    ).created("source")
    assert new_case.unused_files() == []
    assert new_case.purge_unused_files() == 0
    new_case.delete_source(sid)
    assert new_case.unused_files() == [(digest, len(secret), "memo.txt")]
    assert new_case.purge_unused_files() == 1
    journal = new_case.path.with_name(new_case.path.name + "-journal")
    assert not journal.exists() or secret not in journal.read_bytes()  # not while open either
    assert new_case.file_data(digest) is None and new_case.unused_files() == []
    assert any(r.action == "purge" for r in new_case.audit_log())
    assert new_case.check() == []
    new_case.close()
    assert secret not in new_case.path.read_bytes()  # secure_delete: the bytes are gone


def test_reading_shares_one_snapshot(demo_case: Case) -> None:
    seen = []
    with demo_case.reading():
        with demo_case._units.read() as a:
            seen.append(a)
        with demo_case._units.read() as b:
            seen.append(b)
        assert len(demo_case.events()) == 8
    assert seen[0] is seen[1]
    with demo_case._units.read() as c:
        assert c is not seen[0]


def test_an_update_writes_only_the_columns_that_change(new_case: Case) -> None:
    """Moving an event's date leaves its search entry alone (the title is not rewritten,
    so the search triggers do not fire); a new title reindexes it. Both are audited."""
    made = new_case.create_event(title="Board meeting", start=FuzzyDate.parse("2020-03-04"))
    event_id = made.created("event")

    def search_structure() -> bytes:
        with new_case._engine.connect() as conn:
            return conn.exec_driver_sql("SELECT block FROM events_fts_data WHERE id = 10").scalar()

    before, audited = search_structure(), len(new_case.audit_log())
    version = new_case.event(event_id).version
    moved = new_case.update_event(
        event_id, expected_version=version, start=FuzzyDate.parse("2021-05-06")
    )
    assert moved.changes and new_case.event(event_id).start == FuzzyDate.parse("2021-05-06")
    assert search_structure() == before
    assert len(new_case.audit_log()) == audited + 1
    new_case.update_event(event_id, expected_version=version + 1, title="Board vote")
    assert search_structure() != before
    assert new_case.search("vote") == [event_id] and new_case.search("meeting") == []
    assert new_case.check() == []
