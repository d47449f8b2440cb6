"""The command line, run as a user would run it (in a subprocess) and in-process."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.cli import main
from app.store.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    (result,) = run_together(args, cwd=cwd)
    return result


def run_together(
    *commands: Sequence[str], cwd: Path | None = None
) -> list[subprocess.CompletedProcess[str]]:
    """Run independent commands in processes of their own at the same time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
        )
        for args in commands
    ]
    results = []
    for child in started:
        out, err = child.communicate()
        results.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
    return results


def test_demo_info_check(tmp_path: Path) -> None:
    case = tmp_path / "x.case"
    assert run("demo", str(case)).returncode == 0
    info, checked = run_together(("info", str(case), "--json"), ("check", str(case)))
    assert info.returncode == 0, info.stderr
    data = json.loads(info.stdout)
    assert data["events"] == 8 and data["unsourced"] == 0 and data["health"] == "ok"
    assert data["undated"] == 1 and data["schema_version"] == SCHEMA_VERSION
    assert data["span"] == {"earliest": "2004-01-01T00:00:00", "latest": "2019-04-01T00:00:00"}
    assert checked.returncode == 0 and "healthy" in checked.stdout


def test_events_json_shape_and_precision(
    demo_case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["events", str(demo_case_path), "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert len(events) == 8 and all(e["citations"] for e in events)
    assert [e["start"] is None for e in events] == [False] * 7 + [True]  # undated last
    by_title = {e["title"]: e for e in events}
    dec = by_title["California charges Backpage's chief executive and former owners"]["start"]
    assert dec == {
        "text": "December 2016",
        "precision": "month",
        "qualifier": "exact",
        "earliest": "2016-12-01T00:00:00",
        "latest": "2017-01-01T00:00:00",
        "ambiguous": False,
    }
    launch = by_title["Backpage launches"]
    assert launch["start"]["precision"] == "year"
    assert launch["start"]["earliest"] == "2004-01-01T00:00:00"
    assert set(launch) == {
        "id",
        "title",
        "description",
        "start",
        "end",
        "status",
        "key",
        "tags",
        "entities",
        "citations",
        "standing",
        "warnings",
    }
    assert launch["standing"] == "supported" and launch["warnings"] == []
    assert set(launch["citations"][0]) == {
        "source_id",
        "source_title",
        "pinpoint",
        "quote",
        "stance",
    }
    span = by_title["Salesforce tools said to power Backpage's growth"]
    assert span["end"]["text"] == "2018" and span["end"]["latest"] == "2019-01-01T00:00:00"
    allegation = by_title["Salesforce begins working with Backpage"]
    complaint = [c for c in allegation["citations"] if c["source_id"] == 2]
    assert complaint == [
        {
            "source_id": 2,
            "source_title": complaint[0]["source_title"],
            "pinpoint": "para. 5",
            "quote": "began working with Backpage in 2013",
            "stance": "supports",
        }
    ]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--tag", "background"], [1, 6]),
        (["--entity", "Salesforce", "--status", "established"], [7, 8]),
        (["--search", "twitter"], [4]),
        (["--from", "2016", "--to", "2018"], [3, 5, 6]),
        (["--from", "March 2019"], [7, 8]),
    ],
)
def test_events_filters(
    demo_case_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], ids: list[int]
) -> None:
    assert main(["events", str(demo_case_path), "--json", *args]) == 0
    assert [e["id"] for e in json.loads(capsys.readouterr().out)] == ids


def test_events_text_listing(demo_case_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", str(demo_case_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "December 2016" in lines[3] and lines[-1].split()[1] == "undated"


def test_bad_date_argument(demo_case_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", str(demo_case_path), "--from", "2021-02-30"]) == 2
    err = capsys.readouterr().err
    assert "--from" in err and "2021-02-30" in err


def test_new_then_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "n.case"
    assert main(["new", str(path), "--title", "Smith v. Jones", "--day-first"]) == 0
    assert main(["info", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert data["title"] == "Smith v. Jones" and data["day_first"] is True
    assert data["events"] == 0 and data["span"] == {"earliest": None, "latest": None}


@pytest.mark.parametrize("verb", ["info", "events", "check"])
def test_bad_files_one_line_non_zero_unchanged(tmp_path: Path, verb: str) -> None:
    bad = tmp_path / "notes.case"
    bad.write_text("just text\n", encoding="utf-8")
    before = bad.read_bytes()
    result, missing = run_together((verb, str(bad)), (verb, str(tmp_path / "missing.case")))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert str(bad) in result.stderr and "not a Casetrail case" in result.stderr
    assert bad.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["notes.case"]
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert not (tmp_path / "missing.case").exists()


APPEND_ONLY_UPDATE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)


def test_check_reports_problems_with_exit_1(demo_case_path: Path) -> None:
    conn = sqlite3.connect(demo_case_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET new = '{}' WHERE id = 3")
    conn.commit()
    conn.close()
    # without its trigger the case is refused before anything runs
    result = run("check", str(demo_case_path))
    assert result.returncode == 2 and "audit_log_no_update" in result.stderr
    conn = sqlite3.connect(demo_case_path)
    conn.execute(APPEND_ONLY_UPDATE)
    conn.commit()
    conn.close()
    result = run("check", str(demo_case_path))
    assert result.returncode == 1
    assert "audit row 3" in result.stdout


def test_check_finds_a_changed_linked_file(
    empty_case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.store.files import sha256_file

    doc = tmp_path / "exhibit.txt"
    doc.write_text("original\n")
    digest, size = sha256_file(doc)
    with empty_case(tmp_path / "c.case", title="T") as case:
        case.store_file(sha256=digest, data=None, size=size, original_name="exhibit.txt")
        case.create_source(
            title="Exhibit", file_path="exhibit.txt", file_sha256=digest, file_size=size
        )
    assert main(["check", str(tmp_path / "c.case")]) == 0
    doc.write_text("altered\n")
    assert main(["check", str(tmp_path / "c.case")]) == 1
    assert "has changed" in capsys.readouterr().out
    doc.unlink()
    assert main(["check", str(tmp_path / "c.case")]) == 1
    assert "missing" in capsys.readouterr().out


@pytest.mark.parametrize(
    "verb", ["new", "demo", "info", "events", "check", "image", "import", "export", "salvage"]
)
def test_every_verb_has_help(verb: str) -> None:
    result = run(verb, "--help")
    assert result.returncode == 0 and "usage: casetrail " + verb in result.stdout


def test_top_level_help_lists_verbs() -> None:
    result = run("--help")
    assert result.returncode == 0
    for verb in ("new", "demo", "info", "events", "check"):
        assert verb in result.stdout
    assert result.stdout.startswith("usage: casetrail [--review] [CASE]")
    assert "opens the window" in " ".join(result.stdout.split())


def test_history_text_and_json(demo_case_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.store.case import Case

    with Case.open(demo_case_path) as case:
        case.update_event(5, expected_version=1, title="Charges filed")
    assert main(["history", str(demo_case_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "update" in lines[-2] and "title:" in lines[-2] and "Charges filed" in lines[-2]
    head = lines[-1].split()
    assert main(["history", str(demo_case_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[-1]["action"] == "update" and rows[-1]["new"]["title"] == "Charges filed"
    assert head[:2] == ["head", rows[-1]["hash"]] and f"after {len(rows)} change" in lines[-1]
    assert all(a["hash"] == b["previous_hash"] for a, b in zip(rows, rows[1:], strict=False))


def test_check_fails_after_a_row_is_edited_behind_the_programs_back(
    demo_case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(demo_case_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 10")
    conn.execute(APPEND_ONLY_UPDATE)
    conn.execute(APPEND_ONLY_UPDATE.replace("UPDATE", "DELETE").replace("_update", "_delete"))
    conn.commit()
    conn.close()
    assert main(["check", str(demo_case_path)]) == 1
    out = capsys.readouterr().out
    assert "audit row 10" in out


def test_events_text_marks_a_date_that_reads_two_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.domain.dates import FuzzyDate
    from app.store.case import Case

    path = tmp_path / "c.case"
    with Case.create(path, title="Dates") as case:
        case.create_event(title="Numeric", start=FuzzyDate.parse("03/04/2019"))
        case.create_event(title="Written", start=FuzzyDate.parse("5 March 2019"))
        case.create_event(title="Clear", start=FuzzyDate.parse("03/24/2019"))
    assert main(["events", str(path)]) == 0
    lines = {line.split()[-1]: line for line in capsys.readouterr().out.splitlines()}
    assert "[ambiguous: 03/04/2019]" in lines["Numeric"]
    assert "ambiguous" not in lines["Written"] and "ambiguous" not in lines["Clear"]
