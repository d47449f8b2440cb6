"""``Case.search_ids``: every event ``Case.search`` finds (by title, citation or cited
source), as a sorted array, without ranking."""

from __future__ import annotations

import numpy as np

from app.store.case import Case


def test_search_ids_are_the_events_search_finds(demo_case: Case) -> None:
    case = demo_case
    for text in ("the", "contract", "deposition", "p", "zzz-nothing", "", "  ", '"'):
        found = case.search_ids(text)
        assert found.dtype == np.int64
        assert found.tolist() == sorted(case.search(text)), text
    assert len(case.search_ids("the")) > 0


def test_search_ids_find_cited_sources_and_stay_within_among(demo_case: Case) -> None:
    case = demo_case
    source = case.create_source(title="Quixotic ledger").created("source")
    first, second, third = case.event_ids()[:3]
    case.add_citation(event_id=first, source_id=source)
    case.add_citation(event_id=third, source_id=source, quote="quixotic too")
    assert case.search_ids("quixotic").tolist() == sorted([first, third])
    assert case.search_ids("quixotic", among=[first, second]).tolist() == [first]
    assert case.search_ids("quixotic", among=[]).tolist() == []
