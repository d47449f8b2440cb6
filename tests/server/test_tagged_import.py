"""A CSV file with tags, entity links and citations (hostile texts among them) imported into a
shared case: every row and link lands, and ``check`` proves each against the audit log, whose
digests the import made from the values it wrote."""

from __future__ import annotations

from app.interchange import csv_import
from app.store.case import Case
from tests.bench.bench_interchange import tagged_csv
from tests.interchange.test_tagged_import_paths import HOSTILE


def test_a_tagged_import_checks_clean_on_the_server(shared_new_case: Case) -> None:
    case = shared_new_case
    case.create_source(title="Deposition", source_id=1)
    report = csv_import.import_csv(case, tagged_csv(1200) + HOSTILE.encode())
    assert len(report.events) == 1202
    event = case.event(5001)
    assert sorted(event.tags) == ['a "q" tag', "Ünï ☃"]
    assert sorted(e.role for e in event.entities) == ["payer", 'wit"ness\tx']
    assert [(c.source_id, c.pinpoint, c.stance) for c in event.citations] == [
        (1, 'p. "4" \\', "contradicts"),
        (2, "p. 9", "supports"),
    ]
    assert [s.title for s in case.sources()] == ["Deposition", "Letter"]
    assert case.check() == []
