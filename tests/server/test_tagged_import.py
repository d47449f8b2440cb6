"""A CSV file with tags, entity links and citations (hostile texts among them) imported into a
shared case: every row and link lands, and ``check`` proves each against the audit log, whose
digests the import made from the values it wrote."""

from __future__ import annotations

from app.interchange import csv_import
from app.store.case import Case
from tests.bench.bench_interchange import tagged_csv
from tests.interchange.test_tagged_import_paths import HOSTILE, assert_hostile_rows_landed


def test_a_tagged_import_checks_clean_on_the_server(shared_new_case: Case) -> None:
    case = shared_new_case
    case.create_source(title="Deposition", source_id=1)
    report = csv_import.import_csv(case, tagged_csv(1200) + HOSTILE.encode())
    assert len(report.events) == 1202
    assert_hostile_rows_landed(case)
    assert case.check() == []
