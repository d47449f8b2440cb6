"""``info`` and the chronology report count only the known bounds of open-ended dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.domain.dates import FuzzyDate
from app.interchange.chronology.build import build_chronology
from app.store.case import Case


def fill(case: Case, dates: list[str]) -> None:
    for text in dates:
        start, _, end = text.partition(" to ")
        case.create_event(
            title=text,
            start=FuzzyDate.parse(start),
            end=FuzzyDate.parse(end) if end else None,
            status="alleged",
        )


@pytest.mark.parametrize(
    ("dates", "earliest", "latest", "text"),
    [
        (["before 2010"], "2010-01-01T00:00:00", "2010-01-01T00:00:00", "1 Jan 2010"),
        (["after 2016"], "2017-01-01T00:00:00", "2017-01-01T00:00:00", "1 Jan 2017"),
        (
            ["before 2010", "2013", "2015 to after 2016"],
            "2010-01-01T00:00:00",
            "2017-01-01T00:00:00",
            "1 Jan 2010 to 31 Dec 2016",
        ),
        (["2013", "after 2014"], "2013-01-01T00:00:00", "2015-01-01T00:00:00", None),
    ],
)
def test_info_span(
    new_case: Case,
    capsys: pytest.CaptureFixture[str],
    dates: list[str],
    earliest: str,
    latest: str,
    text: str | None,
) -> None:
    fill(new_case, dates)
    new_case.close()
    assert main(["info", str(new_case.path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["span"] == {"earliest": earliest, "latest": latest}
    assert main(["info", str(new_case.path)]) == 0
    out = capsys.readouterr().out
    assert "9999" not in out and "0001" not in out
    if text is not None:
        assert f"date span   {text}\n" in out


def test_report_period_counts_known_bounds(new_case: Case, tmp_path: Path) -> None:
    fill(new_case, ["before 2010", "March 2013", "after 2016"])
    cover = build_chronology(new_case).cover
    assert cover.period == (
        "January 1, 2010 to December 31, 2016 (2 open-ended dates counted by the known bound)"
    )
    only = build_chronology(new_case, statuses=["established"]).cover
    assert only.period == "no dated events"
    new_case.close()
    out = tmp_path / "r.html"
    assert main(["export", str(new_case.path), str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<dt>Dates</dt><dd>January 1, 2010 to December 31, 2016" in html
    assert "9999" not in html


def test_report_period_of_exact_dates(new_case: Case) -> None:
    fill(new_case, ["2013", "25 March 2014"])
    assert build_chronology(new_case).cover.period == "January 1, 2013 to March 25, 2014"
