"""``casetrail salvage IN OUT``: the rows of a refused or damaged case copied into a new,
clean case through the program's own checks; IN never changed; OUT's history says where its
rows came from and what was left behind."""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.interchange.salvage import SalvageCancelled, salvage
from app.store.case import Case, CaseFileError, date_columns
from tests.hostile import HOSTILE, digest, shell

ROOT = Path(__file__).resolve().parents[2]


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def _everything(case: Case) -> dict[str, object]:
    """What a case holds, comparable between two cases."""
    return {
        "events": [
            (
                e.id,
                e.title,
                e.description,
                e.status,
                e.key_fact,
                e.lane,
                e.start.to_iso() if e.start else None,
                e.end.to_iso() if e.end else None,
                sorted(e.tags),
                sorted((x.entity_id, x.role) for x in e.entities),
                [(c.id, c.source_id, c.pinpoint, c.quote, c.stance) for c in e.citations],
            )
            for e in case.events()
        ],  # fmt: skip
        "sources": [(s.id, s.title, s.kind, s.file_sha256, s.file_stored) for s in case.sources()],
        "entities": [(x.id, x.name, x.kind) for x in case.entities()],
        "tags": [(t.id, t.name) for t in case.tags()],
        "eras": [(e.id, e.name, e.start.to_iso(), e.end.to_iso()) for e in case.eras()],
        "views": [(v.name, v.filter) for v in case.saved_views()],
        "files": sorted(
            (s.file_sha256, case.file_data(s.file_sha256)) for s in case.sources() if s.file_sha256
        ),
        "title": case.title,
    }


def _salvage_note(case: Case) -> dict[str, object]:
    last = case.audit_log()[-1]
    assert last.action == "salvage"
    return json.loads(last.new)


@pytest.fixture
def demo_with_view(demo_case_path: Path) -> Path:
    with Case.open(demo_case_path) as case:
        case.save_view(name="Key facts", flt=EventFilter(key_only=True, statuses=("alleged",)))
    return demo_case_path


def test_salvage_of_a_case_with_a_foreign_trigger_copies_everything(
    demo_with_view: Path, tmp_path: Path
) -> None:
    with Case.open(demo_with_view) as case:
        expected = _everything(case)
    HOSTILE["status_trigger_on_search_pending"](demo_with_view)
    before, listing = digest(demo_with_view), _listing(tmp_path)
    out = tmp_path / "clean.case"
    report = salvage(demo_with_view, out)
    assert digest(demo_with_view) == before
    assert _listing(tmp_path) == sorted([*listing, "clean.case"])  # no journal, no leftovers
    assert report.sha256 == before
    assert any("trigger `promote`" in line for line in report.left_behind)
    with Case.open(out) as case:
        assert _everything(case) == expected
        assert case.check() == []
        note = _salvage_note(case)
    assert note["source"] == demo_with_view.name and note["sha256"] == before
    from app.interchange.history import describe, format_line

    with Case.open(out) as case:
        line = format_line(describe(case.audit_log()[-1]))
    assert "salvage" in line and f"from: {demo_with_view.name} (SHA-256 {before[:20]}" in line
    assert "left behind: 1" in line
    assert any("promote" in line for line in note["left_behind"])  # type: ignore[union-attr]
    assert "alleged" in {e[3] for e in expected["events"]}  # type: ignore[union-attr]


def test_rows_that_fail_the_checks_are_left_behind_with_the_reason(
    demo_case_path: Path, tmp_path: Path
) -> None:
    HOSTILE["altered_check"](demo_case_path)  # 'proven' is now allowed by the file's CHECK
    shell(
        demo_case_path,
        "UPDATE events SET status = 'proven' WHERE id = 3",
        "PRAGMA ignore_check_constraints = ON",  # as a user of the sqlite3 shell may
        "UPDATE tags SET name = 'bad' || char(0) || 'name' WHERE id = 1",
        "UPDATE entities SET kind = 'alien' WHERE id = 2",
    )
    out = tmp_path / "clean.case"
    report = salvage(demo_case_path, out)
    left = "\n".join(report.left_behind)
    assert "event 3: 'proven' is not a valid status" in left
    assert "tag 1: its name contains a NUL character" in left
    assert "entity 2: 'alien' is not a valid entity kind" in left
    assert "table `events`" in left  # the altered table is named as not Casetrail's
    assert "citation" in left  # event 3's citations had no event to go to
    with Case.open(out) as case:
        ids = [e.id for e in case.events()]
        assert 3 not in ids and len(ids) == 7
        assert all(e.status != "proven" for e in case.events())
        assert case.check() == []
        note = _salvage_note(case)
    assert note["left_behind_count"] == len(report.left_behind)


def test_renamed_table_and_extra_view(demo_case_path: Path, tmp_path: Path) -> None:
    HOSTILE["renamed_table"](demo_case_path)
    HOSTILE["extra_view"](demo_case_path)
    report = salvage(demo_case_path, tmp_path / "clean.case")
    left = "\n".join(report.left_behind)
    assert "table `periods` (2 rows): not created by Casetrail" in left
    assert "view `summary`" in left and "table `eras`: not in the case" in left
    assert report.copied["eras"] == 0 and report.copied["events"] == 8


def test_a_view_in_place_of_a_table_is_never_read(demo_case_path: Path, tmp_path: Path) -> None:
    HOSTILE["table_swapped_for_view"](demo_case_path)
    report = salvage(demo_case_path, tmp_path / "clean.case")
    assert report.copied["tags"] == 0
    with Case.open(tmp_path / "clean.case") as case:
        assert case.tags() == []  # the view's upper-cased names were not taken for tags


def test_stored_file_whose_data_does_not_match_is_not_copied(
    demo_case_path: Path, tmp_path: Path
) -> None:
    shell(demo_case_path, "UPDATE source_files SET data = X'00' WHERE data IS NOT NULL")
    report = salvage(demo_case_path, tmp_path / "clean.case")
    assert any("does not match its SHA-256" in line for line in report.left_behind)
    with Case.open(tmp_path / "clean.case") as case:
        assert all(not s.file_stored for s in case.sources())
        assert case.check() == []


def _leaf_pages(path: Path, table: str) -> list[int]:
    """The child pages of ``table``'s root (an interior b-tree page), read from the file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = path.read_bytes()
    start = (root - 1) * page_size
    page = data[start : start + page_size]
    assert page[0] == 0x05, "the table is not deep enough for this test"
    cells = struct.unpack(">H", page[3:5])[0]
    pointers = struct.unpack(f">{cells}H", page[12 : 12 + 2 * cells])
    children = [struct.unpack(">I", page[p : p + 4])[0] for p in pointers]
    return [*children, struct.unpack(">I", page[8:12])[0]]


def test_a_case_with_damaged_pages_gives_up_only_what_cannot_be_read(
    empty_case, tmp_path: Path
) -> None:
    path = tmp_path / "big.case"
    case = empty_case(path, title="Big")
    day = FuzzyDate.parse("2020-01-01")
    case.bulk_insert_events(
        [
            {"id": i, "title": f"event number {i} " + "x" * 40, "description": "",
             **date_columns("start", day), **date_columns("end", None),
             "status": "alleged", "key_fact": False, "lane": None, "version": 1}
            for i in range(1, 3001)
        ]
    )  # fmt: skip
    case.close()
    leaves = _leaf_pages(path, "events")
    victim = leaves[len(leaves) // 2]
    page_size = 4096
    with open(path, "r+b") as fh:
        fh.seek((victim - 1) * page_size)
        fh.write(b"\xa5" * page_size)
    with pytest.raises(CaseFileError, match="damaged"):
        Case.open(path)
    before = digest(path)
    report = salvage(path, tmp_path / "clean.case")
    assert digest(path) == before
    damaged = [line for line in report.left_behind if "table `events`: rows" in line]
    assert damaged, report.left_behind
    assert 2800 < report.copied["events"] < 3000
    with Case.open(tmp_path / "clean.case") as clean:
        titles = {e.id: e.title for e in clean.events()}
        assert clean.check() == []
    assert all(title == f"event number {i} " + "x" * 40 for i, title in titles.items())


def test_out_must_not_exist_and_in_must_be_a_case(demo_case_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "taken.case"
    out.write_text("mine")
    with pytest.raises(CaseFileError, match="already exists"):
        salvage(demo_case_path, out)
    assert out.read_text() == "mine"
    notes = tmp_path / "notes.txt"
    notes.write_text("not a case")
    with pytest.raises(CaseFileError, match="not a Casetrail case"):
        salvage(notes, tmp_path / "new.case")
    assert not (tmp_path / "new.case").exists()


def test_a_cancelled_salvage_leaves_nothing(demo_case_path: Path, tmp_path: Path) -> None:
    listing = _listing(tmp_path)
    with pytest.raises(SalvageCancelled):
        salvage(demo_case_path, tmp_path / "clean.case", progress=lambda done, total: done < 5)
    assert _listing(tmp_path) == listing


def test_cli_salvage(demo_case_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    HOSTILE["extra_view"](demo_case_path)
    assert main(["salvage", str(demo_case_path), str(tmp_path / "clean.case")]) == 0
    out = capsys.readouterr().out
    assert "copied" in out and "8 events" in out and "view `summary`" in out
    assert main(["salvage", str(demo_case_path), str(tmp_path / "clean.case")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err


def test_cli_salvage_in_a_process_of_its_own(demo_case_path: Path, tmp_path: Path) -> None:
    HOSTILE["foreign_schema"](demo_case_path)
    result = subprocess.run(
        [sys.executable, "-m", "app", "salvage", str(demo_case_path), str(tmp_path / "c.case")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "table `things` (1 row)" in result.stdout and "Traceback" not in result.stderr
    with Case.open(tmp_path / "c.case") as case:
        assert case.events() == [] and case.title == "demo"


def test_a_schema_sqlite_cannot_parse_is_salvaged(demo_case_path: Path, tmp_path: Path) -> None:
    HOSTILE["garbage_schema_entry"](demo_case_path)
    before = digest(demo_case_path)
    report = salvage(demo_case_path, tmp_path / "clean.case")
    assert digest(demo_case_path) == before
    assert report.copied["events"] == 8
    assert any("trigger `junk`" in line for line in report.left_behind)


def test_a_table_that_lost_columns(demo_case_path: Path, tmp_path: Path) -> None:
    """An altered events table: without `lane` its rows keep their meaning (left empty);
    without `status` they cannot be checked and are left behind."""
    shell(
        demo_case_path,
        "DROP TRIGGER events_search_update",  # it names the columns
        "ALTER TABLE events DROP COLUMN lane",
        "ALTER TABLE entities DROP COLUMN description",
    )
    report = salvage(demo_case_path, tmp_path / "clean.case")
    left = "\n".join(report.left_behind)
    assert "table `events`: has no column `lane`; left None" in left
    assert "table `entities`: has no column `description`" in left
    assert report.copied["events"] == 8 and report.copied["entities"] == 8
    shell(demo_case_path, "ALTER TABLE events RENAME COLUMN status TO state")
    report = salvage(demo_case_path, tmp_path / "second.case")
    assert report.copied["events"] == 0
    assert "event 1: it has no status" in report.left_behind


def test_a_crashed_case_with_its_journal_is_salvaged_as_last_committed(
    demo_case_path: Path, tmp_path: Path
) -> None:
    """A case copied mid-transaction with its hot journal: the salvage reads the last
    committed state (SQLite rolls the journal back on a private copy) and neither the case
    nor its journal is touched."""
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    conn = sqlite3.connect(demo_case_path, isolation_level=None)
    conn.execute("PRAGMA cache_size=1")  # spill the change into the file before commit
    conn.execute("BEGIN")
    conn.execute("UPDATE events SET title = 'CRASHED'")
    conn.execute(  # enough new pages that the changed ones are written out
        "INSERT INTO source_files VALUES (lower(hex(randomblob(32))), 1, 'x', 'x', "
        "zeroblob(3000000))"
    )
    in_case, journal = crashed / "in.case", crashed / "in.case-journal"
    in_case.write_bytes(demo_case_path.read_bytes())
    journal.write_bytes((demo_case_path.parent / "demo.case-journal").read_bytes())
    conn.execute("ROLLBACK")
    conn.close()
    raw = sqlite3.connect(f"file:{in_case}?immutable=1", uri=True)  # the file alone
    assert "CRASHED" in {t for (t,) in raw.execute("SELECT title FROM events")}
    raw.close()
    before = (digest(in_case), digest(journal))
    report = salvage(in_case, tmp_path / "clean.case")
    assert (digest(in_case), digest(journal)) == before
    assert sorted(os.listdir(crashed)) == ["in.case", "in.case-journal"]
    with Case.open(tmp_path / "clean.case") as case:
        titles = {e.title for e in case.events()}
    assert "CRASHED" not in titles and len(titles) == 8 and report.copied["events"] == 8


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_hostile_case_salvages_into_a_healthy_case(
    demo_case_path: Path, tmp_path: Path, name: str
) -> None:
    HOSTILE[name](demo_case_path)
    before, listing = digest(demo_case_path), _listing(tmp_path)
    report = salvage(demo_case_path, tmp_path / "clean.case")
    assert digest(demo_case_path) == before
    assert _listing(tmp_path) == sorted([*listing, "clean.case"])
    with Case.open(tmp_path / "clean.case") as case:
        assert case.check() == []
        assert _salvage_note(case)["sha256"] == before
    assert report.sha256 == before


def test_no_room_for_the_private_copy_is_one_clear_line(
    demo_case_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store.sqlite import salvage_read

    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(salvage_read.tempfile, "TemporaryDirectory", full)
    with pytest.raises(CaseFileError, match="cannot be salvaged.*No space left"):
        salvage(demo_case_path, tmp_path / "clean.case")
    monkeypatch.undo()
    monkeypatch.setattr(salvage_read.shutil, "copyfile", full)  # the journal beside IN
    (demo_case_path.parent / "demo.case-journal").write_bytes(b"")
    with pytest.raises(CaseFileError, match="no private copy could be made"):
        salvage(demo_case_path, tmp_path / "clean.case")
    assert not (tmp_path / "clean.case").exists()


def test_stories_are_salvaged_without_the_steps_of_events_left_behind(
    demo_case_path: Path, tmp_path: Path
) -> None:
    from app.domain.stories import StoryStep
    from app.store.stories import stories_of

    with Case.open(demo_case_path) as case:
        stories_of(case).create(
            name="Opening", introduction="Intro", steps=[StoryStep(5, "five"), StoryStep(3, "")]
        )
    HOSTILE["altered_check"](demo_case_path)
    shell(demo_case_path, "UPDATE events SET status = 'proven' WHERE id = 3")
    out = tmp_path / "clean.case"
    report = salvage(demo_case_path, out)
    assert "story 1: 1 step(s) whose event is not kept" in "\n".join(report.left_behind)
    with Case.open(out) as case:
        story = stories_of(case).find("opening")
        assert story is not None and story.introduction == "Intro"
        assert story.steps == (StoryStep(5, "five"),)
        assert case.check() == []
