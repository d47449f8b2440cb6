"""A bulk insert of a run of new ids indexes them for search in one statement; the index
stays whole, and ids queued earlier in the same batch still go through the flush."""

from __future__ import annotations

from app.store.bulk import EVENT_COLUMNS
from app.store.case import Case
from app.store.values import date_columns


def _rows(ids: range, word: str) -> list[tuple[object, ...]]:
    none = tuple(date_columns("s", None).values())
    return [(i, f"{word} {i}", "", *none, *none, "alleged", False, None, 1) for i in ids]


def _pending(case: Case) -> int:
    with case._units.read() as conn:  # noqa: SLF001 - the queue is the store's own
        return int(conn.exec_driver_sql("SELECT count(*) FROM search_pending").scalar_one())


def test_a_run_of_new_ids_is_searchable(new_case: Case) -> None:
    new_case.bulk_insert_events(_rows(range(1, 1502), "zebra"), columns=EVENT_COLUMNS)
    assert len(new_case.search_ids("zebra")) == 1501
    assert _pending(new_case) == 0
    assert new_case.check() == []


def test_an_id_queued_before_in_the_batch_goes_through_the_flush(new_case: Case) -> None:
    new_case.bulk_insert_events(_rows(range(1, 3), "walrus"), columns=EVENT_COLUMNS)
    with new_case.batch():
        new_case.delete_event(2)  # queued: its old index entry must go
        new_case.bulk_insert_events(_rows(range(2, 1503), "yak"), columns=EVENT_COLUMNS)
    assert set(new_case.search_ids("walrus")) == {1}
    assert len(new_case.search_ids("yak")) == 1501
    assert _pending(new_case) == 0
    assert new_case.check() == []


def test_link_states_read_by_range_keep_only_the_rows_touched(new_case: Case) -> None:
    import json

    from app.store import fingerprints
    from app.store.bulk_links import EventLinks

    links = EventLinks(tags=[(i, f"t{i % 7}") for i in range(1, 2602)])
    new_case.bulk_insert_events(_rows(range(1, 2602), "ibis"), columns=EVENT_COLUMNS, links=links)
    with new_case._units.read() as conn:  # noqa: SLF001 - the fingerprints are the store's own
        spec = fingerprints.SPECS["event_tags"]
        every = {spec.key_of(r): fingerprints.digest(fingerprints.row_form(spec, r))
                 for r in fingerprints.rows(conn, spec)}  # fmt: skip
        untouched = sorted(every)[1300]
        touched = set(every) - {untouched} | {(9999, 1)}  # as many keys as rows; one is gone
        noted = fingerprints.Touched()
        noted.add("event_tags", touched)
        [(table, shown, digests, gone)] = json.loads(fingerprints.state_of(conn, noted))
    kept = sorted(set(every) - {untouched})
    assert table == "event_tags" and [tuple(k) for k in shown] == kept
    assert digests == "".join(every[k] for k in kept)
    assert gone == [[9999, 1]]


def test_imported_citations_are_indexed_and_other_queued_rows_kept(new_case: Case) -> None:
    from app.store.bulk_links import EventLinks

    with new_case.batch():
        new_case.create_source(title="Okapi deposition", source_id=77)  # queued, not a run
        cites = [(i, 77, f"p. {i}", f"the okapi said {i}", "supports") for i in range(1, 1202)]
        new_case.bulk_insert_events(
            _rows(range(1, 1202), "heron"), columns=EVENT_COLUMNS, links=EventLinks(citations=cites)
        )
    assert len(new_case.search_ids("heron")) == 1201
    assert len(new_case.search_ids("okapi")) == 1201  # the quotes (and the source's title)
    assert _pending(new_case) == 0
    assert new_case.check() == []
