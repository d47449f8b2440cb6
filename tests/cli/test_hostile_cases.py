"""Every verb refuses a case whose schema is not Casetrail's: exit status 2, one line on
standard error naming what is wrong, no traceback, the file byte-for-byte unchanged and
nothing left beside it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.hostile import HOSTILE, digest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def _argv(verb: str, case: Path, folder: Path) -> list[str]:
    if verb == "import":
        return ["import", str(case), str(DATA / "events.csv")]
    if verb == "export":
        return ["export", str(case), str(folder / "out.csv")]
    return [verb, str(case)]


VERBS = ("info", "check", "events", "import", "export", "history")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_verb_refuses_a_hostile_case(
    tmp_path: Path, demo_case_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mentioned = HOSTILE[name](demo_case_path)
    before = digest(demo_case_path)
    listing = sorted(os.listdir(tmp_path))
    for verb in VERBS:
        if name == "newer_user_version" and verb == "history":
            continue  # history reads for review, which a newer case allows
        status = main(_argv(verb, demo_case_path, tmp_path))
        captured = capsys.readouterr()
        assert status == 2, (verb, captured)
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1, (verb, captured.err)
        assert mentioned in lines[0] and str(demo_case_path) in lines[0]
        assert "Traceback" not in captured.err and captured.out == ""
        assert digest(demo_case_path) == before, verb
        assert sorted(os.listdir(tmp_path)) == listing, verb


def test_the_issue_example_in_processes_of_their_own(demo_case_path: Path) -> None:
    """A trigger on search_pending that promotes alleged events: info, check, events and
    import, each run as a user would, all refuse and the statuses stay as they were."""
    HOSTILE["status_trigger_on_search_pending"](demo_case_path)
    before = digest(demo_case_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "app", *_argv(verb, demo_case_path, demo_case_path.parent)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for verb in ("info", "check", "events", "import")
    ]
    folder = demo_case_path.parent
    runs += [
        subprocess.Popen(
            [sys.executable, "-m", "app", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for argv in (
            ["image", str(demo_case_path), str(folder / "t.png")],
            ["screenshot", str(demo_case_path), str(folder / "s.png"), "--review"],
            ["history", str(demo_case_path)],
        )
    ]
    for child in runs:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 2, err
        assert err.count("\n") == 1 and "trigger `promote`" in err
        assert "it was not run" in err and "Traceback" not in err
    assert not (folder / "t.png").exists() and not (folder / "s.png").exists()
    assert digest(demo_case_path) == before
    conn = sqlite3.connect(f"file:{demo_case_path}?mode=ro", uri=True)
    statuses = dict(conn.execute("SELECT id, status FROM events"))
    conn.close()
    assert "alleged" in statuses.values()
    assert not (demo_case_path.parent / (demo_case_path.name + "-journal")).exists()
