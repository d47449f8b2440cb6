"""The benchmark suite's one entry point (tests/bench/run.py), run at tiny sizes: every part
runs and the JSON object has the keys and shape the README's table is made from. Not a
timing test: only the shape and the sizes are checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HEADLINE = ("startup_ratio", "open_100k_ratio", "open_1m_ratio", "rss_1m_mb",
            "search_p95_ms_1m", "search_api_ratio", "import_ratio", "import_tagged_ratio",
            "export_ratio", "edit_p95_ms_1m")  # fmt: skip


@pytest.mark.slow
def test_quick_run_prints_every_figure_with_its_floor(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--json", "--quick", "--folder", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    for key in HEADLINE:
        assert isinstance(result[key], (int, float)) and result[key] > 0, key
    assert result["events"] == {"10k": 100, "100k": 200, "1m": 400, "import": 200}
    figures = result["figures"]
    names = ("startup", "open_100", "open_200", "open_400", "frame_400", "search_api",
             "search_typing", "edit", "import", "import_tagged", "export", "check")  # fmt: skip
    for name in names:
        f = figures[name]
        assert f["value"] > 0 and f["floor"] > 0 and f["floor_is"], name
        assert f["ratio"] == pytest.approx(f["value"] / f["floor"], rel=0.02, abs=0.01), name
    assert result["open_1m_ratio"] == figures["open_400"]["ratio"]
    assert result["rss_1m_mb"] == figures["open_400"]["rss_mb"]
    assert figures["search_typing"]["matches"] > 0
    # the workload cases are kept for the next run
    assert sorted(p.name for p in tmp_path.glob("*.case")) == [
        "search-100.case",
        "search-200.case",
        "search-400.case",
    ]


def test_an_unknown_part_is_refused() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--only", "nothing"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no part 'nothing'" in done.stderr
