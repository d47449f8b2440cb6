"""Standing in the store: the grouped stance count, the timeline's flags (whole reads and
single rows alike), the standing filters and the case statistics."""

from __future__ import annotations

import random

import pytest

from app.domain.columns import STATUS_CODES, standing_code
from app.domain.dates import FuzzyDate
from app.domain.records import EVENT_STATUSES, STANCES, EventFilter
from app.domain.standing import STANDINGS, StanceCounts
from app.store.case import Case


def random_case(case: Case, seed: int, n: int = 60) -> None:
    rng = random.Random(seed)
    sid = case.create_source(title="Source").created("source")
    for i in range(n):
        start = None if i % 9 == 0 else FuzzyDate.parse(str(2000 + i % 20))
        eid = case.create_event(
            title=f"E{i}", start=start, status=rng.choice(EVENT_STATUSES)
        ).created("event")
        for _ in range(rng.choice([0, 0, 1, 2, 3, 4])):
            case.add_citation(event_id=eid, source_id=sid, stance=rng.choice(STANCES))


@pytest.mark.parametrize("seed", [1, 2])
def test_grouped_counts_columns_and_rows_agree(new_case: Case, seed: int) -> None:
    random_case(new_case, seed)
    events = new_case.events()
    counts = new_case.stance_counts()
    for ev in events:
        assert counts.get(ev.id, StanceCounts()) == ev.stance_counts
    some = [ev.id for ev in events[::3]]
    assert new_case.stance_counts(some) == {i: counts[i] for i in some if i in counts}
    # the whole read (one grouped query) and the per-event rows give the same flags
    cols = new_case.timeline_columns()
    dated, undated = new_case.timeline_rows([ev.id for ev in events])
    whole = dict(zip(map(int, cols.ids), map(int, cols.flags), strict=True))
    whole |= dict(zip(map(int, cols.undated_ids), map(int, cols.undated_flags), strict=True))
    assert whole == {int(r[0]): int(r[8]) for r in dated + undated}
    for ev in events:
        assert STANDINGS[standing_code(whole[ev.id])] == ev.standing


@pytest.mark.parametrize("seed", [3])
def test_filters_and_stats_follow_the_derivation(new_case: Case, seed: int) -> None:
    random_case(new_case, seed)
    events = new_case.events()
    for standing in STANDINGS:
        want = [ev.id for ev in events if ev.standing == standing]
        assert new_case.event_ids(EventFilter(standings=(standing,))) == want
    both = EventFilter(standings=("contested", "contradicted"))
    assert new_case.event_ids(both) == [
        ev.id for ev in events if ev.standing in ("contested", "contradicted")
    ]
    warned = [ev.id for ev in events if ev.warnings]
    assert warned and new_case.event_ids(EventFilter(warnings_only=True)) == warned
    assert new_case.event_ids(EventFilter(unsourced_only=True)) == [
        ev.id for ev in events if ev.unsourced
    ]
    among = [ev.id for ev in events[::2]]
    assert new_case.event_ids(EventFilter(warnings_only=True), among=among) == [
        i for i in warned if i in among
    ]
    stats = new_case.stats()
    assert stats.standings == {s: sum(ev.standing == s for ev in events) for s in STANDINGS}
    assert stats.warnings == len(warned)
    assert stats.unsourced == sum(ev.unsourced for ev in events)


def test_a_citation_edit_names_the_event_and_changes_its_row(new_case: Case) -> None:
    sid = new_case.create_source(title="S").created("source")
    eid = new_case.create_event(
        title="E", start=FuzzyDate.parse("2010"), status="established"
    ).created("event")
    cid = new_case.add_citation(event_id=eid, source_id=sid, stance="context").created("citation")

    def flags() -> int:
        dated, _ = new_case.timeline_rows([eid])
        return int(dated[0][8])

    assert STANDINGS[standing_code(flags())] == "unsupported"
    changes = new_case.update_citation(cid, stance="contradicts")
    assert eid in changes.ids("event")
    assert STANDINGS[standing_code(flags())] == "contradicted"
    assert new_case.event(eid).warnings
    assert STATUS_CODES["established"] == 3
