"""Exports come back whole: Casetrail CSV into a new case and into the same case."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.interchange import csv_import, csvfmt
from app.interchange.import_outcome import ImportRejected
from app.store.case import Case


def _events(case: Case) -> list[tuple]:
    return [
        (
            e.id,
            e.title,
            e.description,
            e.start.to_iso() if e.start else None,
            e.end.to_iso() if e.end else None,
            e.status,
            e.key_fact,
            e.lane,
            e.tags,
            tuple((x.name, x.role) for x in e.entities),
            tuple((c.source_id, c.pinpoint, c.stance, c.quote) for c in e.citations),
        )
        for e in sorted(case.events(), key=lambda e: e.id)
    ]


def test_csv_into_a_new_case_recreates_the_cited_sources(demo_case: Case, empty_case, tmp_path):
    data = csvfmt.export_csv(demo_case)
    with empty_case(tmp_path / "copy.case", title="Copy") as copy:
        report = csv_import.import_csv(copy, data)
        assert _events(copy) == _events(demo_case)
        cited = {c.source_id for e in demo_case.events() for c in e.citations}
        assert {s.id: s.title for s in copy.sources()} == {
            s.id: s.title for s in demo_case.sources() if s.id in cited
        }
        assert sorted(report.sources) == sorted(cited)
        assert any("created from the sources column" in w for w in report.warnings)
        assert copy.check() == []
        assert copy.title == "Copy"


def test_csv_into_the_same_case(demo_case: Case) -> None:
    data = csvfmt.export_csv(demo_case)
    before = _events(demo_case)
    with pytest.raises(ImportRejected) as caught:
        csv_import.import_csv(demo_case, data)
    assert "--merge" in caught.value.errors[0].reason
    assert _events(demo_case) == before

    report = csv_import.import_csv(demo_case, data, merge=True)
    assert _events(demo_case) == before  # matched by id: nothing to change
    assert report.updated == [e[0] for e in before] and report.sources == []
    assert f"updated {len(before)} by id" in report.summary()

    report = csv_import.import_csv(demo_case, data, keep_ids=False)
    n = len(before)
    assert len(demo_case.events()) == 2 * n
    top = max(e[0] for e in before)
    assert report.events == list(range(top + 1, top + n + 1))
    assert f"as new events with new ids {top + 1}-{top + n}" in report.summary()
    copies = {e[0]: e for e in _events(demo_case) if e[0] > top}
    assert sorted(e[1:] for e in copies.values()) == sorted(e[1:] for e in before)


def test_merge_updates_a_changed_row(demo_case: Case) -> None:
    data = csvfmt.export_csv(demo_case).decode("utf-8-sig")
    first = sorted(demo_case.events(), key=lambda e: e.id)[0]
    changed = data.replace(first.title, first.title + " (revised)", 1)
    report = csv_import.import_csv(demo_case, changed.encode(), merge=True, dry_run=True)
    assert report.dry_run and demo_case.event(first.id).title == first.title
    csv_import.import_csv(demo_case, changed.encode(), merge=True)
    assert demo_case.event(first.id).title == first.title + " (revised)"
    assert demo_case.check() == []


def test_column_named_as_spelled(new_case: Case) -> None:
    data = b"ID,Title,Start,Status\r\n1,a,2020,maybe\r\n"
    with pytest.raises(ImportRejected) as caught:
        csv_import.import_csv(new_case, data)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "Status")]


def test_cli_round_trips(demo_case_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.csv"
    assert main(["export", str(demo_case_path), str(out)]) == 0
    assert main(["import", str(demo_case_path), str(out)]) == 2
    assert "--merge" in capsys.readouterr().err
    assert main(["import", str(demo_case_path), str(out), "--merge"]) == 0
    assert "updated" in capsys.readouterr().out
    with pytest.raises(SystemExit) as caught:
        main(["import", str(demo_case_path), str(out), "--merge", "--new-ids"])
    assert caught.value.code == 2
    copy = tmp_path / "copy.case"
    assert main(["new", str(copy), "--title", "Copy"]) == 0
    assert main(["import", str(copy), str(out), "--dry-run"]) == 0
    assert "would import" in capsys.readouterr().out
    assert main(["import", str(copy), str(out)]) == 0
    assert "new source(s)" in capsys.readouterr().out


def test_json_into_the_same_case(demo_case: Case, tmp_path: Path) -> None:
    from app.interchange import casejson
    from app.interchange.formats import ImportProblem, import_file

    path = tmp_path / "case.json"
    path.write_text(
        casejson.dumps(casejson.export_document(demo_case, include_history=True)), encoding="utf-8"
    )
    before = _events(demo_case)
    with pytest.raises(ImportProblem) as caught:
        import_file(demo_case, path)
    assert "the case already has the ids of" in caught.value.headline
    assert "--new-ids" in caught.value.headline and _events(demo_case) == before

    report = import_file(demo_case, path, new_ids=True)
    top = max(e[0] for e in before)
    assert report.events == list(range(top + 1, top + len(before) + 1))
    assert "as new events with new ids" in report.summary()
    after = _events(demo_case)
    copies = [e for e in after if e[0] > top]
    # the same events; entities are the case's own (reused by name), sources are new ones
    assert sorted((e[1], e[2], e[3], e[9]) for e in copies) == sorted(
        (e[1], e[2], e[3], e[9]) for e in before
    )
    assert len(demo_case.entities()) == len({x.name for x in demo_case.entities()})
    assert demo_case.check() == []
