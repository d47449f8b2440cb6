"""A shared case exports the same CSV as a case file holding the same events: the rows come
from the server a block at a time (more than one block here) and are counted as written."""

from __future__ import annotations

from app.interchange import csv_import, csvfmt
from app.store.case import Case
from tests.bench.bench_interchange import tagged_csv
from tests.interchange.test_tagged_import_paths import HOSTILE

ROWS = 4990  # more than one of the cursor's blocks of 4096 rows (the hostile rows are ids 5001-2)


def test_a_shared_case_exports_the_csv_its_file_twin_does(
    shared_new_case: Case, new_case: Case
) -> None:
    data = tagged_csv(ROWS) + HOSTILE.encode()
    exported = []
    for case in (new_case, shared_new_case):
        case.create_source(title="Deposition", source_id=1)
        csv_import.import_csv(case, data)
        exported.append(csvfmt.export_csv_counted(case))
    (file_csv, file_count), (shared_csv, shared_count) = exported
    assert file_count == shared_count == ROWS + 2 == len(shared_new_case.event_ids())
    assert shared_csv == file_csv
    assert shared_csv.count(b"\r\n") >= ROWS + 3  # a header and every event
    assert "Ünï ☃".encode() in shared_csv
