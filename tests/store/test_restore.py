"""Snapshots, restores, replaces and merges: what undo is built on.

Each test compares the lossless JSON export (plus the stored citation positions, which the
export leaves out) before an edit with the state after the edit was put back.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.dates import FuzzyDate
from app.interchange.casejson import export_document
from app.store.case import Case, ConflictError, ReadOnlyError, ValidationError
from app.store.engine import Mode


def state(case: Case) -> tuple[dict[str, Any], list[tuple[int, int, int]]]:
    """The export, and every citation's (id, event id, position)."""
    with case._units.read() as conn:
        positions = [
            tuple(r)
            for r in conn.exec_driver_sql(
                "SELECT id, event_id, position FROM citations ORDER BY id"
            )
        ]
    return export_document(case), positions  # type: ignore[return-value]


def audit_actions(case: Case, since: int) -> list[tuple[str, str]]:
    return [(a.action, a.table_name) for a in case.audit_log()[since:]]


def test_event_snapshot_holds_the_whole_event(demo_case: Case) -> None:
    snap = demo_case.snapshot("event", 2)
    assert snap.id == 2 and snap.version == 1
    assert {"title", "start_iso", "start_ambiguous", "lane", "version"} <= set(snap.row)
    assert snap.tag_names == ("knowledge", "negligence")
    assert snap.entities == ((1, "customer (alleged)"), (2, "vendor (alleged)"))
    assert [(c.id, c.source_id, c.position) for c in snap.citations] == [
        (3, 1, 0),
        (4, 2, 1),
        (5, 3, 2),
    ]


def test_restore_deleted_event_is_exact(demo_case: Case) -> None:
    before = state(demo_case)
    snap = demo_case.snapshot("event", 7)
    demo_case.delete_event(7, expected_version=snap.version)
    n = len(demo_case.audit_log())
    changes = demo_case.restore(snap)
    assert state(demo_case) == before
    assert changes.created("event") == 7
    assert set(changes.ids("citation", "create")) == {15, 16, 17}
    restored = demo_case.snapshot("event", 7)
    assert restored.version == snap.version + 1  # never backwards
    assert {k: v for k, v in restored.row.items() if k != "version"} == {
        k: v for k, v in snap.row.items() if k != "version"
    }
    assert restored.tags == snap.tags and restored.entities == snap.entities
    assert restored.citations == snap.citations
    actions = audit_actions(demo_case, n)
    assert ("restore", "events") in actions and ("restore", "citations") in actions
    assert ("restore", "event_tags") in actions and ("restore", "event_entities") in actions
    assert demo_case.check() == []


def test_restore_refuses_an_existing_event(demo_case: Case) -> None:
    snap = demo_case.snapshot("event", 1)
    with pytest.raises(ValidationError):
        demo_case.restore(snap)


def test_replace_undoes_an_update_and_moves_the_version_forward(demo_case: Case) -> None:
    before = state(demo_case)
    snap = demo_case.snapshot("event", 2)
    demo_case.update_event(
        2,
        expected_version=1,
        title="Changed",
        start=FuzzyDate.parse("2015"),
        tags=["knowledge", "brand new tag"],
        entities=[(3, "someone")],
        key_fact=True,
    )
    new_tag = next(t.id for t in demo_case.tags() if t.name == "brand new tag")
    n = len(demo_case.audit_log())
    with pytest.raises(ConflictError):
        demo_case.replace(snap, expected_version=1)  # stale: it is at 2 now
    assert len(demo_case.audit_log()) == n
    demo_case.replace(snap, expected_version=2, drop_tags=[new_tag])
    assert state(demo_case) == before
    assert demo_case.event(2).version == 3
    assert ("replace", "events") in audit_actions(demo_case, n)
    assert ("replace", "tags") in audit_actions(demo_case, n)  # the new tag was dropped
    assert demo_case.check() == []


def test_replace_recreates_a_tag_with_its_id(demo_case: Case) -> None:
    demo_case.update_event(1, expected_version=1, tags=["background", "fresh"])
    after = demo_case.snapshot("event", 1)
    fresh = dict((n, i) for i, n in after.tags)["fresh"]
    edited = state(demo_case)
    before_snap = demo_case.snapshot("event", 1)
    demo_case.update_event(1, expected_version=2, tags=["background"])
    # "fresh" is unused now; dropping it and putting the event back re-creates it (same id)
    demo_case.delete_tag(fresh)
    demo_case.replace(before_snap, expected_version=3)
    assert state(demo_case) == edited
    assert demo_case.check() == []


def test_restore_source_and_citation(demo_case: Case) -> None:
    sid = demo_case.create_source(title="Loose memo", kind="memo", notes="n").created("source")
    before = state(demo_case)
    snap = demo_case.snapshot("source", sid)
    demo_case.delete_source(sid)
    demo_case.restore(snap)
    assert state(demo_case) == before

    cite = demo_case.snapshot("citation", 4)  # the middle one of event 2
    assert cite.row["position"] == 1
    demo_case.remove_citation(4)
    demo_case.add_citation(event_id=2, source_id=1, pinpoint="later")  # lands after it
    later = demo_case.event(2).citations[-1].id
    demo_case.remove_citation(later)
    n = len(demo_case.audit_log())
    changes = demo_case.restore(cite)
    assert changes.ids("citation", "create") == (4,) and 2 in changes.ids("event")
    assert state(demo_case) == before
    assert audit_actions(demo_case, n) == [("restore", "citations")]
    assert demo_case.check() == []


def test_replace_source_citation_entity_tag_era(demo_case: Case) -> None:
    before = state(demo_case)
    snaps = [
        demo_case.snapshot("source", 1),
        demo_case.snapshot("citation", 3),
        demo_case.snapshot("entity", 1),
        demo_case.snapshot("tag", 1),
        demo_case.snapshot("era", 1),
    ]
    demo_case.update_source(1, title="Other", notes="x")
    demo_case.update_citation(3, pinpoint="p. 99", stance="context")
    demo_case.update_entity(1, name="Backpage.com LLC", colour="#ff0000")
    demo_case.update_tag(1, name="context", colour="#00ff00")
    demo_case.update_era(1, name="Renamed", start=FuzzyDate.parse("2001"))
    assert state(demo_case) != before
    n = len(demo_case.audit_log())
    demo_case.replace(snaps[0])
    demo_case.replace(snaps[1])
    demo_case.replace(snaps[2])
    demo_case.replace(snaps[3])
    demo_case.replace(snaps[4])
    assert state(demo_case) == before
    assert {a for a, _ in audit_actions(demo_case, n)} == {"replace"}
    assert demo_case.check() == []


@pytest.mark.parametrize("kind", ["entity", "tag"])
def test_restore_deleted_entity_or_tag_with_its_links(demo_case: Case, kind: str) -> None:
    before = state(demo_case)
    row_id = 2  # Salesforce / knowledge: on several events
    snap = demo_case.snapshot(kind, row_id)
    assert len(snap.links) >= 2
    {"entity": demo_case.delete_entity, "tag": demo_case.delete_tag}[kind](row_id)
    assert state(demo_case) != before
    n = len(demo_case.audit_log())
    changes = demo_case.restore(snap)
    assert changes.created(kind) == row_id
    assert set(changes.ids("event")) == {eid for eid, _ in snap.links}
    assert state(demo_case) == before
    assert [a for a, _ in audit_actions(demo_case, n)] == ["restore", "restore"]
    assert demo_case.check() == []


def test_restore_era(demo_case: Case) -> None:
    before = state(demo_case)
    snap = demo_case.snapshot("era", 2)
    demo_case.delete_era(2)
    demo_case.restore(snap)
    assert state(demo_case) == before
    assert demo_case.check() == []


def test_merge_and_unmerge_entities(demo_case: Case) -> None:
    # Salesforce (2) is on events 2, 3, 4, 7, 8; Backpage (1) on 1, 2, 3, 6.
    before = state(demo_case)
    keep, drop = demo_case.snapshot("entity", 1), demo_case.snapshot("entity", 2)
    n = len(demo_case.audit_log())
    changes = demo_case.merge("entity", 1, 2)
    assert changes.ids("entity", "delete") == (2,)
    assert set(changes.ids("event")) == {2, 3, 4, 7, 8}
    assert ("merge", "event_entities") in audit_actions(demo_case, n)
    assert ("merge", "entities") in audit_actions(demo_case, n)
    assert {e.id for e in demo_case.entities()} == {1, 3, 4, 5, 6, 7, 8}
    links = {ev.id: [(lk.entity_id, lk.role) for lk in ev.entities] for ev in demo_case.events()}
    assert (1, "customer (alleged)") in links[2]  # the kept entity's role wins
    assert (1, "speaker") in links[4]  # moved with its role
    merged = state(demo_case)
    n = len(demo_case.audit_log())
    demo_case.unmerge("entity", keep=keep, drop=drop)
    assert state(demo_case) == before
    assert {a for a, _ in audit_actions(demo_case, n)} == {"unmerge"}
    demo_case.merge("entity", 1, 2)  # redo
    assert state(demo_case) == merged
    assert demo_case.check() == []


def test_merge_and_unmerge_tags(demo_case: Case) -> None:
    before = state(demo_case)
    keep, drop = demo_case.snapshot("tag", 3), demo_case.snapshot("tag", 4)  # negligence, gross
    demo_case.merge("tag", 3, 4)
    assert "gross negligence" not in {t.name for t in demo_case.tags()}
    assert demo_case.event(7).tags == ("civil conspiracy", "negligence")
    demo_case.unmerge("tag", keep=keep, drop=drop)
    assert state(demo_case) == before
    assert demo_case.check() == []


def test_merge_refuses_nonsense(demo_case: Case) -> None:
    with pytest.raises(ValidationError):
        demo_case.merge("tag", 1, 1)
    with pytest.raises(Exception, match="no tag 99"):
        demo_case.merge("tag", 1, 99)


def test_delete_event_can_drop_the_tags_it_created(demo_case: Case) -> None:
    before = state(demo_case)
    changes = demo_case.create_event(title="New", tags=["background", "only here"])
    created_tags = changes.ids("tag", "create")
    assert len(created_tags) == 1
    eid = changes.created("event")
    demo_case.delete_event(eid, expected_version=1, drop_tags=[*created_tags, 1])
    assert state(demo_case) == before  # "background" is still used elsewhere: kept
    assert demo_case.check() == []


def test_review_mode_refuses_restores(demo_case: Case) -> None:
    snap = demo_case.snapshot("event", 1)
    ent = demo_case.snapshot("entity", 1)
    demo_case.delete_event(1)
    path = demo_case.path
    demo_case.close()
    with Case.open(path, Mode.REVIEW) as review:
        for call in (
            lambda: review.restore(snap),
            lambda: review.replace(ent),
            lambda: review.merge("entity", 1, 2),
        ):
            with pytest.raises(ReadOnlyError):
                call()
