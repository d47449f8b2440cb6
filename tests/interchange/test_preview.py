"""The import preview and the export choices without widgets: what a dry run finds, the
format a file is read as, the rows listed, rejected rows as (row, column, reason)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.interchange.casejson import export_document
from app.interchange.export_choices import EXPORT_CHOICES, ExportOptions, choice_for
from app.interchange.formats import ImportProblem
from app.interchange.preview import dry_run, planned_rows, resolve_kind, row_errors
from app.store.case import Case

DATA = Path(__file__).resolve().parents[1] / "data"


def test_row_errors_fall_back_to_parsing_details() -> None:
    problem = ImportProblem(
        "nothing was imported: 3 problem(s)",
        ["row 4, start: not a date", "file: empty", "events[2].title: must be text"],
    )
    errors = row_errors(problem)
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (4, "start", "not a date"),
        (0, "", "empty"),
        (0, "events[2].title", "must be text"),
    ]


def test_resolve_kind_follows_the_chosen_filter_and_the_content() -> None:
    assert resolve_kind(DATA / "events.csv", None) == "csv"
    assert resolve_kind(DATA / "events.csv", "csv") == "csv"
    assert resolve_kind(DATA / "case.json", None) == "casetrail-json"
    assert resolve_kind(DATA / "case.json", "json") == "casetrail-json"
    assert resolve_kind(DATA / "events.csv", "timelinejs") == "timelinejs-csv"
    assert resolve_kind(DATA / "missing.json", "json") == "casetrail-json"


def test_dry_run_of_a_good_file_lists_its_events_and_writes_nothing(demo_case: Case) -> None:
    before = export_document(demo_case)
    result = dry_run(demo_case, DATA / "events.csv", None)
    assert result.ok and result.kind == "csv" and result.report is not None
    assert result.report.dry_run and len(result.report.events) == 4
    assert [row[1] for row in result.rows] == [
        "Contract signed",
        "Goods delivered late",
        "Undated meeting",
        "Formula-looking text",
    ]
    assert export_document(demo_case) == before


def test_dry_run_of_a_ragged_file_lists_every_rejected_row(demo_case: Case) -> None:
    result = dry_run(demo_case, DATA / "ragged.csv", None)
    assert not result.ok and result.headline
    assert [e.row for e in result.errors] == [3, 4] and all(e.reason for e in result.errors)


def test_dry_run_of_casetrail_json_rolls_back(new_case: Case) -> None:
    before = export_document(new_case)
    result = dry_run(new_case, DATA / "case.json", None)
    assert result.ok and result.kind == "casetrail-json" and len(result.rows) == 3
    assert export_document(new_case) == before


def test_planned_rows_is_empty_when_it_cannot_tell(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert planned_rows(broken, "casetrail-json", day_first=False) == []
    assert planned_rows(tmp_path / "missing.csv", "csv", day_first=False) == []


def test_export_choices() -> None:
    assert [c.fmt for c in EXPORT_CHOICES] == ["csv", "json", "timelinejs", "html", "pdf"]
    assert choice_for("pdf").report and choice_for("pdf").suffix == ".pdf"
    assert not choice_for("json").filterable
    with pytest.raises(ValueError):
        choice_for("docx")
    assert ExportOptions() == ExportOptions("csv", False, False, "Letter", True)
