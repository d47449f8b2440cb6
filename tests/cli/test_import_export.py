"""casetrail import / export: formats inferred, all-or-nothing, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.interchange.casejson import export_document
from app.store.case import Case

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def empty(tmp_path: Path, empty_case) -> Path:
    path = tmp_path / "empty.case"
    empty_case(path, title="Imports").close()
    return path


@pytest.mark.parametrize(
    ("name", "events"),
    [
        ("events.csv", 4),
        ("timelinejs.json", 4),
        ("timelinejs_template.csv", 4),
        ("case.json", None),
    ],
)
def test_each_example_imports(
    empty: Path, name: str, events: int | None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(empty), str(DATA / name)]) == 0
    assert "imported" in capsys.readouterr().out
    with Case.open(empty) as case:
        count = len(case.event_ids())
    if events is None:
        events = len(json.loads((DATA / name).read_text(encoding="utf-8"))["events"])
    assert count == events


@pytest.mark.parametrize(
    "name",
    [
        "ragged.csv",
        "bad_utf8.csv",
        "nul.csv",
        "duplicate_header.csv",
        "impossible_date.csv",
        "timelinejs_hostile.json",
        "timelinejs_template_hostile.csv",
    ],
)
def test_hostile_files_import_nothing(
    empty: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Case.open(empty) as case:
        before = export_document(case)
    assert main(["import", str(empty), str(DATA / name)]) == 2
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "row " in err
    with Case.open(empty) as case:
        assert export_document(case) == before


def test_dry_run_writes_nothing(empty: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(empty), str(DATA / "events.csv"), "--dry-run"]) == 0
    assert "would import 4 event(s)" in capsys.readouterr().out
    with Case.open(empty) as case:
        assert case.event_ids() == []


def test_missing_import_file(empty: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(empty), str(empty.parent / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_export_formats_and_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_path = tmp_path / "demo.case"
    assert main(["demo", str(case_path)]) == 0
    assert main(["export", str(case_path), str(tmp_path / "all.json")]) == 0
    doc = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert doc["format"] == "casetrail" and len(doc["events"]) == 8
    assert main(["export", str(case_path), str(tmp_path / "bg.csv"), "--tag", "background"]) == 0
    lines = (tmp_path / "bg.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3 and "Backpage launches" in lines[1]
    assert (
        main(["export", str(case_path), str(tmp_path / "tl.json"), "--format", "timelinejs"]) == 0
    )
    tl = json.loads((tmp_path / "tl.json").read_text(encoding="utf-8"))
    assert len(tl["events"]) == 7  # TimelineJS cannot place the undated event
    assert main(["export", str(case_path), str(tmp_path / "x.json"), "--tag", "x"]) == 2
    assert "whole case" in capsys.readouterr().err


def test_failed_export_leaves_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case_path = tmp_path / "demo.case"
    assert main(["demo", str(case_path)]) == 0
    out = tmp_path / "out.csv"
    out.write_text("precious\n")
    import app.interchange.csvfmt as csvfmt

    def broken(*_a: object, **_k: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csvfmt, "export_csv", broken)
    monkeypatch.setattr(csvfmt, "export_csv_counted", broken)
    assert main(["export", str(case_path), str(out)]) == 2
    assert out.read_text() == "precious\n"
    assert "unchanged" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.case", "out.csv"]


def test_json_round_trip_through_the_cli(tmp_path: Path) -> None:
    case_path = tmp_path / "demo.case"
    assert main(["demo", str(case_path)]) == 0
    assert main(["export", str(case_path), str(tmp_path / "a.json")]) == 0
    assert main(["new", str(tmp_path / "copy.case"), "--title", "x"]) == 0
    copy = str(tmp_path / "copy.case")
    assert main(["import", copy, str(tmp_path / "a.json"), "--adopt-title"]) == 0
    assert main(["export", copy, str(tmp_path / "b.json")]) == 0
    a, b = (json.loads((tmp_path / n).read_text()) for n in ("a.json", "b.json"))
    history = a.pop("history")
    (carried,) = [r for r in b.pop("history") if r["table"] == "imported_history"]
    assert json.loads(carried["new"])["history"] == history  # kept, as the demo's history
    assert a == b
