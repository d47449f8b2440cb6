"""Casetrail's TimelineJS exports in the real TimelineJS (the npm release, in headless
Chromium with the network blocked): the slides, dates and headlines TimelineJS shows, the
status and sources on each slide, eras, the title slide, the undated slide and BCE years;
and TimelineJS files rendered as they are and after Casetrail's import-then-export."""

from __future__ import annotations

import base64
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.dates import FuzzyDate
from app.interchange import timelinejs as tljs
from app.store.case import Case
from tests.chromium import Chromium, Shown, render_timeline

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
# A 1x1 PNG: the stand-in for an image a file cites on the web (never fetched).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

# The demo's dated events as TimelineJS shows them: (headline, date) in its order.
DEMO_SLIDES = [
    ("Backpage launches", "2004"),
    ("Salesforce begins working with Backpage", "2013"),
    ("Salesforce tools said to power Backpage's growth", "2013 — 2018"),
    ("California charges Backpage's chief executive and former owners", "December 2016"),
    ("Backpage is shut down for good", "2018"),
    ("Fifty survivors sue Salesforce", "March 2019"),
    ("Salesforce responds to the lawsuit", "March 2019"),
]


def _export(case: Case, **options: object) -> str:
    return json.dumps(tljs.export_timelinejs(case, **options), ensure_ascii=False)


def _cli_export(demo_case_path: Path, out: Path, *options: str) -> str:
    """``casetrail export ... --format timelinejs`` in a process of its own; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "app", "export", str(demo_case_path), str(out)]
        + ["--format", "timelinejs", *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_demo_export_renders_every_slide_with_status_and_sources(
    chromium: Chromium, timelinejs: Path, demo_case_path: Path, demo_case: Case, tmp_path: Path
) -> None:
    out = tmp_path / "demo.json"
    said = _cli_export(demo_case_path, out)
    assert said.startswith("wrote 7 event slide(s), 2 era(s); 1 undated event(s) left out")
    shown = render_timeline(chromium, timelinejs, out)

    assert shown.summary() == DEMO_SLIDES
    assert shown.markers == [headline for headline, _ in DEMO_SLIDES]
    assert shown.eras == [era.name for era in demo_case.eras()]
    assert shown.title is not None
    assert shown.title["headline"] == demo_case.title
    assert shown.title["text"] == (
        "7 event(s) shown.\n\n1 undated event(s) left out: TimelineJS places every slide on a date."
    )
    events = {f"event-{ev.id}": ev for ev in demo_case.events() if ev.start is not None}
    alleged = 0
    for slide in shown.slides:
        ev = events[slide["id"]]
        status = "Alleged" if ev.status == "alleged" else ev.status.capitalize()
        assert slide["text"].startswith(f"Status: {status}"), slide
        alleged += ev.status == "alleged"
        assert ev.citations, ev.title
        for c in ev.citations:  # every source, pinpoint and quote, as TimelineJS shows them
            assert c.source_title in slide["text"]
            assert f"{c.source_title}, {c.pinpoint}: “{c.quote}” ({c.stance})" in slide["text"]
        # the media credits the source quoted beside the text
        assert slide["credit"].startswith("Source: "), slide
        assert slide["credit"][len("Source: ") :].startswith(slide["caption"])
        assert any(c.source_title == slide["caption"] for c in ev.citations)
    assert alleged == 2


def test_undated_slide_lists_the_undated_events(
    chromium: Chromium, timelinejs: Path, demo_case_path: Path, demo_case: Case, tmp_path: Path
) -> None:
    out = tmp_path / "demo.json"
    said = _cli_export(demo_case_path, out, "--undated-slide")
    assert said.startswith("wrote 7 event slide(s), 1 slide listing 1 undated event(s), 2 era(s)")
    shown = render_timeline(chromium, timelinejs, out)
    assert shown.summary() == [*DEMO_SLIDES, ("Undated events (1)", "Undated")]
    assert shown.title is not None
    assert "1 undated event(s) listed on the last slide." in shown.title["text"]
    assert shown.groups[-1] == "Undated" and "" not in shown.groups  # a lane named for it
    (undated,) = [ev for ev in demo_case.events() if ev.start is None]
    text = shown.slides[-1]["text"]
    assert undated.title in text and "Status: Alleged" in text
    for c in undated.citations:
        assert f"{c.source_title}, {c.pinpoint}: “{c.quote}” ({c.stance})" in text


def test_standing_and_web_sources_render_without_fetching_them(
    chromium: Chromium, timelinejs: Path, new_case: Case
) -> None:
    page = new_case.create_source(title="Article", url="https://news.example.org/a", author="Ann")
    photo = new_case.create_source(title="Photo", url="https://images.example.org/p.png")
    against = new_case.create_source(title="Denial")
    claim = new_case.create_event(title="Contested claim", start=FuzzyDate.parse("May 2020"))
    eid = claim.created("event")
    new_case.add_citation(
        event_id=eid, source_id=page.created("source"), pinpoint="para. 2", quote="it happened"
    )
    new_case.add_citation(
        event_id=eid, source_id=against.created("source"), stance="contradicts", quote="no"
    )
    shot = new_case.create_event(title="Photographed", start=FuzzyDate.parse("2021-02-03"))
    new_case.add_citation(event_id=shot.created("event"), source_id=photo.created("source"))
    new_case.create_event(title="Nothing cited", start=FuzzyDate.parse("circa 2022"))

    shown = render_timeline(
        chromium,
        timelinejs,
        _export(new_case),
        stand_ins={"https://images.example.org/p.png": PNG},
    )
    assert shown.summary() == [
        ("Contested claim", "May 2020"),
        ("Photographed", "February 3, 2021"),
        ("Nothing cited", "circa 2022"),
    ]
    contested, photographed, uncited = shown.slides
    assert contested["text"].startswith("Status: Alleged · Contested: its sources disagree")
    # TimelineJS shows a link's address without its scheme
    assert "Article, para. 2: “it happened” (supports) news.example.org/a" in contested["text"]
    assert (contested["credit"], contested["caption"]) == ("Source: Article (Ann)", "Article")
    assert (photographed["credit"], photographed["caption"]) == ("Source: Photo", "Photo")
    assert uncited["text"].startswith("Status: Alleged · Unsupported: no source is cited for it")
    assert uncited["credit"] is None


def test_bce_and_deep_time_years_render_as_timelinejs_reads_them(
    chromium: Chromium, timelinejs: Path, new_case: Case
) -> None:
    for title, when in [
        ("The Big Bang", "13800000000 BC"),
        ("Euclid's Elements", "300 BC"),
        ("The Ides of March", "15 March 44 BC"),
        ("Hastings", "1066"),
    ]:
        new_case.create_event(title=title, start=FuzzyDate.parse(when))
    own = render_timeline(chromium, timelinejs, _export(new_case))
    theirs = render_timeline(chromium, timelinejs, DATA / "tl_deep_time.json")
    # TimelineJS's own reading of a file with the years -13800000000, -300 and -44 is the
    # yardstick: Casetrail's 300 BC must be shown as TimelineJS shows its year -300
    assert own.summary() == theirs.summary()
    assert ("Euclid's Elements", "300 BCE") in own.summary()


def _round_trip(
    chromium: Chromium, timelinejs: Path, empty_case, tmp_path: Path, name: str
) -> tuple[Shown, Shown]:
    """TimelineJS's rendering of the file, and of Casetrail's import-then-export of it."""
    data = (DATA / name).read_bytes()
    stand_ins = {"https://images.example.org/quay.png": PNG}
    theirs = render_timeline(chromium, timelinejs, data, name, stand_ins=stand_ins)
    with empty_case(tmp_path / "imported.case", title="x") as case:
        read = tljs.import_timelinejs_csv if name.endswith(".csv") else (tljs.import_timelinejs)
        read(case, data, adopt_title=True)
        exported = _export(case)
    own = render_timeline(chromium, timelinejs, exported, stand_ins=stand_ins)
    return theirs, own


@pytest.mark.parametrize("name", ["tl_events.json", "tl_deep_time.json", "tl_sheet.csv"])
def test_import_then_export_renders_the_same_slides(
    chromium: Chromium, timelinejs: Path, empty_case, tmp_path: Path, name: str
) -> None:
    theirs, own = _round_trip(chromium, timelinejs, empty_case, tmp_path, name)
    assert own.summary() == theirs.summary()
    assert len(own.slides) >= 4
    assert own.markers == theirs.markers
    assert own.eras == theirs.eras
    assert own.title is not None and theirs.title is not None
    assert own.title["headline"] == theirs.title["headline"]
    for mine, original in zip(own.slides, theirs.slides, strict=True):
        if original["credit"]:  # the image became a cited source: credited in the export
            assert mine["caption"] == original["caption"]


def _without_media(data: bytes, name: str) -> bytes:
    """The file with its media and backgrounds taken out (they are addresses on the web,
    which the blocked network would refuse); slides, dates and headlines stay as they are."""
    if name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        dropped = {"Media", "Media Credit", "Media Caption", "Media Thumbnail", "Background"}
        blank = [i for i, column in enumerate(rows[0]) if column.strip() in dropped]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(rows[0])
        for row in rows[1:]:
            writer.writerow(["" if i in blank else cell for i, cell in enumerate(row)])
        return out.getvalue().encode("utf-8")
    doc = json.loads(data)
    for item in [doc.get("title") or {}, *doc.get("events", []), *doc.get("eras", [])]:
        item.pop("media", None)
        item.pop("background", None)
    return json.dumps(doc).encode("utf-8")


@pytest.mark.parametrize(
    "name",
    ["cosmo.json", "cosmo-mixed.json", "eras.json", "all-media-types.json", "my-own-timeline.csv"],
)
def test_timelinejs_own_samples_come_back_with_the_same_slides(
    chromium: Chromium,
    timelinejs: Path,
    timelinejs_samples: Path,
    empty_case,
    tmp_path: Path,
    name: str,
) -> None:
    """TimelineJS's own sample files (from its npm package): imported, then exported, they
    render with the same slides, dates and headlines as the files themselves."""
    original = (timelinejs_samples / name).read_bytes()
    _same_slides_after_round_trip(chromium, timelinejs, empty_case, tmp_path, original, name)


# A file's display date "circa June 2020" on a slide that runs June to August 2020 names the
# start only: Casetrail keeps the end the file gives, and TimelineJS shows both.
KEPT_END = {"Goods delivered late": "circa June 2020 – August 2020"}


@pytest.mark.parametrize(
    "name, changed",
    [
        ("timelinejs.json", KEPT_END),
        ("timelinejs_real.json", {}),
        ("timelinejs_template.csv", KEPT_END),
        ("timelinejs_template_real.csv", {}),
    ],
)
def test_sample_files_of_the_tests_come_back_with_the_same_slides(
    chromium: Chromium,
    timelinejs: Path,
    empty_case,
    tmp_path: Path,
    name: str,
    changed: dict[str, str],
) -> None:
    """The TimelineJS-shaped files of tests/data (media as HTML embeds, site paths, media
    without a headline, 12-hour times ...) render as they are and after the round trip."""
    original = (ROOT / "tests" / "data" / name).read_bytes()
    _same_slides_after_round_trip(
        chromium, timelinejs, empty_case, tmp_path, original, name, changed
    )


def _same_slides_after_round_trip(
    chromium: Chromium,
    timelinejs: Path,
    empty_case,
    tmp_path: Path,
    original: bytes,
    name: str,
    changed: dict[str, str] | None = None,
) -> None:
    """The file and Casetrail's import-then-export of it show the same slides, dates and
    headlines in TimelineJS; a slide the file gives no headline (nor, then, a date shown)
    is titled on import, and ``changed`` names the dates Casetrail shows more of."""
    theirs = render_timeline(chromium, timelinejs, _without_media(original, name), name)
    with empty_case(tmp_path / "imported.case", title="x") as case:
        read = tljs.import_timelinejs_csv if name.endswith(".csv") else tljs.import_timelinejs
        read(case, original, adopt_title=True)
        exported = _without_media(_export(case).encode("utf-8"), "export.json")
    own = render_timeline(chromium, timelinejs, exported)
    assert len(theirs.slides) >= 2
    assert len(own.slides) == len(theirs.slides)
    for mine, original_slide in zip(own.summary(), theirs.summary(), strict=True):
        headline, date = original_slide
        if headline is None:  # media only: titled from its caption or credit on import
            assert mine[0], mine
            continue
        assert mine == (headline, (changed or {}).get(headline, date))
    assert own.eras == theirs.eras
