"""``Case.export_rows`` holds what ``Case.events`` holds, in the same order, for any filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter, EventRecord
from app.store.case import Case, ExportRow

FILTERS = [
    EventFilter(),
    EventFilter(key_only=True),
    EventFilter(unsourced_only=True),
    EventFilter(statuses=("disputed", "established")),
    EventFilter(tags=("PLAIN",)),
    EventFilter(entities=("jane roe",)),
    EventFilter(source_kinds=("email",)),
    EventFilter(date_from=FuzzyDate.parse("2001"), date_to=FuzzyDate.parse("2004")),
    EventFilter(search="meeting"),
    EventFilter(search="meeting", key_only=True),
    EventFilter(search="nothing-matches-this"),
]


def _as_row(ev: EventRecord) -> ExportRow:
    return (
        ev.id,
        ev.start,
        ev.end,
        ev.title,
        ev.description,
        ev.status,
        ev.key_fact,
        ev.lane,
        ev.tags,
        tuple((e.name, e.role) for e in ev.entities),
        tuple((c.source_id, c.pinpoint, c.stance, c.quote, c.source_title) for c in ev.citations),
    )


def _fill(case: Case) -> None:
    s1 = case.create_source(title="Deposition", kind="deposition").created("source")
    s2 = case.create_source(title="Email thread", kind="email").created("source")
    jane = case.create_entity(name="Jane Roe", kind="person").created("entity")
    acme = case.create_entity(name="Acme", kind="organisation").created("entity")
    texts = ["2001", "before 2001", "circa June 2003", "3/4/2002", "2001-03", "", "2004"]
    for n in range(60):
        text = texts[n % len(texts)]
        start = FuzzyDate.parse(text) if text else None
        end = FuzzyDate.parse("2005") if start is not None and n % 5 == 0 else None
        eid = case.create_event(
            title=f"{'meeting' if n % 4 == 0 else 'call'} {n}",
            description="=1+1" if n % 6 == 0 else "",
            start=start,
            end=end,
            status=("alleged", "disputed", "undisputed", "established")[n % 4],
            key_fact=n % 3 == 0,
            lane=f"lane {n % 2}" if n % 3 else None,
            tags=[["plain", "b"], [], ["z", "a"]][n % 3],
            entities=[[(jane, "witness"), (acme, "")], [], [(acme, "seller")]][n % 3],
        ).created("event")
        if n % 2:
            case.add_citation(event_id=eid, source_id=s2, pinpoint=f"p. {n}", stance="context")
            case.add_citation(event_id=eid, source_id=s1, quote="said so")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory):
    case = Case.create(tmp_path_factory.mktemp("rows") / "rows.case", title="rows")
    _fill(case)
    yield case
    case.close()


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f)[:60])
def test_export_rows_match_events(filled: Case, flt: EventFilter) -> None:
    rows = list(filled.export_rows(flt))
    assert rows == [_as_row(ev) for ev in filled.events(flt)]
    if flt.is_empty:
        assert len(rows) == 60


def test_export_rows_of_the_demo_case(demo_case: Case) -> None:
    assert list(demo_case.export_rows()) == [_as_row(ev) for ev in demo_case.events()]


def test_equal_dates_are_one_object(filled: Case) -> None:
    starts = [r[1] for r in filled.export_rows() if r[1] is not None]
    assert len({id(d) for d in starts}) == len({(d.to_iso(), d.text, d.ambiguous) for d in starts})


def test_export_rows_of_an_empty_case(empty_case, tmp_path: Path) -> None:
    with empty_case(tmp_path / "empty.case", title="empty") as case:
        assert list(case.export_rows()) == []
