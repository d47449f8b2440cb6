"""Standing on the command line and in files: ``events`` (JSON and text, ``--standing``,
``--warnings``), ``info``, the chronology report's appendix and CSV export and import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.domain.dates import FuzzyDate
from app.store.case import Case

WARNING = "Status 'established' is not supported by the citations: 1 contradicts, 0 supports"


@pytest.fixture
def standing_case(tmp_path: Path, empty_case) -> Path:  # type: ignore[no-untyped-def]
    """Four events: established but contradicted (1), established and supported (2),
    undisputed but contested (3), alleged with only context (4)."""
    path = tmp_path / "standing.case"
    case: Case = empty_case(path, title="Standing")
    sid = case.create_source(title="Report").created("source")
    cites = {
        "Contradicted fact": ("established", ["contradicts"]),
        "Supported fact": ("established", ["supports"]),
        "Contested fact": ("undisputed", ["supports", "contradicts"]),
        "Context only": ("alleged", ["context"]),
    }
    for year, (title, (status, stances)) in enumerate(cites.items(), start=2010):
        eid = case.create_event(
            title=title, start=FuzzyDate.parse(str(year)), status=status
        ).created("event")
        for stance in stances:
            case.add_citation(event_id=eid, source_id=sid, stance=stance, pinpoint="p. 1")
    case.close()
    return path


def events_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(["events", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_events_json_carries_standing_and_warnings(
    standing_case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_title = {e["title"]: e for e in events_json(capsys, str(standing_case))}
    contradicted = by_title["Contradicted fact"]
    assert contradicted["standing"] == "contradicted"
    assert contradicted["warnings"] == [WARNING]
    assert by_title["Supported fact"]["standing"] == "supported"
    assert by_title["Supported fact"]["warnings"] == []
    assert by_title["Contested fact"]["standing"] == "contested"
    assert by_title["Contested fact"]["warnings"] == [
        "Status 'undisputed' is not supported by the citations: 1 contradicts, 1 supports"
    ]
    assert by_title["Context only"]["standing"] == "unsupported"
    assert by_title["Context only"]["warnings"] == []  # an allegation claims nothing proven


def test_events_text_and_filters(standing_case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", str(standing_case)]) == 0
    lines = capsys.readouterr().out.splitlines()
    first = lines.index(next(line for line in lines if "Contradicted fact" in line))
    assert "!" in lines[first][:10] and "contradicted" in lines[first]
    assert lines[first + 1].strip() == f"warning: {WARNING}"
    titles = [e["title"] for e in events_json(capsys, str(standing_case), "--warnings")]
    assert titles == ["Contradicted fact", "Contested fact"]
    got = events_json(capsys, str(standing_case), "--standing", "unsupported", "--standing",
                      "contested")  # fmt: skip
    assert [e["title"] for e in got] == ["Contested fact", "Context only"]
    with pytest.raises(SystemExit) as exited:
        main(["events", str(standing_case), "--standing", "sourced"])
    assert exited.value.code == 2


def test_info_counts_context_only_as_unsourced(
    standing_case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", str(standing_case), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unsourced"] == 2  # the contradicted and the context-only event
    assert data["warnings"] == 2
    assert data["standing"] == {
        "supported": 1, "contested": 1, "contradicted": 1, "unsupported": 1,
    }  # fmt: skip
    assert main(["info", str(standing_case)]) == 0
    text = capsys.readouterr().out
    assert "(0 undated, 2 unsourced)" in text and "warnings    2" in text


def test_report_lists_the_unsupported_statuses(
    standing_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["export", str(standing_case), str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Every event in this chronology cites a source" not in page
    assert "A citation supports every event" not in page
    appendix = page[page.index("Appendix: status not supported by the citations") :]
    assert "Contradicted fact" in appendix and "Contested fact" in appendix
    assert "Supported fact" not in appendix and WARNING.replace("'", "&#x27;") in appendix
    unsourced = page[
        page.index("Appendix: events without a supporting source") : page.index(
            "Appendix: status not supported"
        )
    ]
    assert "Context only" in unsourced and "Contradicted fact" in unsourced
    assert "Supported fact" not in unsourced
    assert "no supporting source" in page


def test_report_of_a_supported_case_says_so(
    demo_case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["export", str(demo_case_path), str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "A citation supports every event in this chronology." in page
    assert "The citations bear out every status set here." in page


def test_csv_carries_standing_and_reads_back(
    standing_case: Path,
    tmp_path: Path,
    empty_case,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "events.csv"
    assert main(["export", str(standing_case), str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    by_title = {r["title"]: r for r in rows}
    assert by_title["Contradicted fact"]["standing"] == "contradicted"
    assert by_title["Contradicted fact"]["warnings"] == WARNING
    assert by_title["Supported fact"]["warnings"] == ""
    # the derived columns are accepted and ignored on import: a round trip keeps the events
    target = tmp_path / "again.case"
    case: Case = empty_case(target)
    case.create_source(title="Report")
    case.close()
    assert main(["import", str(target), str(out)]) == 0
    capsys.readouterr()
    again = {e["title"]: e for e in events_json(capsys, str(target))}
    assert {t: (e["standing"], e["warnings"]) for t, e in again.items()} == {
        r["title"]: (r["standing"], [r["warnings"]] if r["warnings"] else []) for r in rows
    }
