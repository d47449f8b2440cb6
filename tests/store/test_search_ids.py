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


def test_ids_parse_in_slices() -> None:
    from app.store.sqlite import search

    ids = np.arange(1, 40_000, dtype=np.int64) * 7
    assert search.id_array(",".join(map(str, ids.tolist()))).tolist() == ids.tolist()
    assert search.id_array(None).tolist() == [] and search.id_array("5").tolist() == [5]


def test_many_matches_are_ordered_by_where_they_matched(new_case: Case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.store.sqlite import search

    case = new_case
    in_text = case.create_event(title="Meeting", description="the zebra spoke").created("event")
    in_title = case.create_event(title="Zebra seen").created("event")
    cited = case.create_event(title="Call").created("event")
    source = case.create_source(title="Ledger").created("source")
    case.add_citation(event_id=cited, source_id=source, quote="a zebra again")
    ranked = case.search("zebra")
    monkeypatch.setattr(search, "RANK_ALL", 1)
    assert case.search("zebra") == [in_title, in_text, cited]
    assert case.search("zebra", limit=2) == [in_title, in_text]
    assert sorted(case.search("zebra")) == sorted(ranked) == case.search_ids("zebra").tolist()
    monkeypatch.setattr(search, "RANK_ALL", 3)  # few enough: ranked by bm25 as before
    assert case.search("zebra") == ranked


def test_sorted_unique_is_numpy_unique() -> None:
    from app.store.sqlite.search import sorted_unique

    rng = np.random.default_rng(5)
    for n in (0, 1, 2, 1000):
        ids = rng.integers(0, 300, n).astype(np.int64)
        assert sorted_unique(ids).tolist() == np.unique(ids).tolist()
