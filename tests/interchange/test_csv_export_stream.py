"""CSV export streams its rows from the cursor and takes a day written in ISO form as its
own cell: every date cell equals what :func:`date_cell` makes of the stored date."""

from __future__ import annotations

from app.domain.dates import FuzzyDate
from app.interchange.csvfmt import COLUMNS, date_cell, export_cells


def test_date_cells_match_the_stored_dates(new_case) -> None:  # type: ignore[no-untyped-def]
    texts = ["2010-03-04", "2010-03", "2010", "March 4, 2010", "04/03/2010", "c. 2011-05-06",
             "before 2012-01-02", "2013-Q2", "0999-01-02"]  # fmt: skip
    for k, text in enumerate(texts):
        end = FuzzyDate.parse("2020-01-01") if k % 2 else None
        new_case.create_event(title=f"=event {k}", start=FuzzyDate.parse(text), end=end)
    new_case.create_event(title="undated")
    rows = list(export_cells(new_case))
    assert len(rows) == len(texts) + 1
    start, end, precision = COLUMNS.index("start"), COLUMNS.index("end"), 3
    by_title = {row[COLUMNS.index("title")]: row for row in rows}
    for event in new_case.events():
        row = by_title["'" + event.title if event.title.startswith("=") else event.title]
        assert row[start] == date_cell(event.start, new_case.day_first)
        assert row[end] == date_cell(event.end, new_case.day_first)
        assert row[precision] == ("" if event.start is None else event.start.precision.value)
    assert by_title["'=event 0"][start] == "2010-03-04"
    assert by_title["undated"][start] == ""


def test_the_count_is_the_rows_written(demo_case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    from app.domain.records import EventFilter
    from app.interchange.csvfmt import export_csv, export_csv_counted
    from app.interchange.formats import export_file

    key = EventFilter(key_only=True)
    for flt in (EventFilter(), key):
        data, count = export_csv_counted(demo_case, flt)
        assert data == export_csv(demo_case, flt)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert count == len(rows) - 1
        assert count == len(demo_case.event_ids(flt)) > 0
        assert export_file(demo_case, tmp_path / "out.csv", flt=flt) == count
    assert export_csv_counted(demo_case, key)[1] < export_csv_counted(demo_case)[1]
