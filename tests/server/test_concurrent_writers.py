"""Several writers at once on one shared case: the audit chain stays one chain (no fork, no
gap) and every row matches its audited digest, because every writer takes the case's lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.store.case import Case

WRITER = """
import sys
from app.store.case import Case
url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Case.open(url) as case:
    for n in range(count):
        eid = case.create_event(title=f"{name} {n}").created("event")
        case.update_event(eid, expected_version=1, description=f"by {name}")
"""


def test_writers_in_several_processes_keep_one_chain(shared_new_case: Case) -> None:
    url = str(shared_new_case.path)
    root = Path(__file__).resolve().parents[2]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, f"writer{w}", "15"],
            cwd=root,
            env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    log = shared_new_case.audit_log()
    assert len(log) == 4 * 15 * 2
    assert [r.id for r in log] == list(range(1, len(log) + 1))  # no gap
    for before, after in zip(log, log[1:], strict=False):
        assert after.prev_hash == before.row_hash  # no fork
    assert shared_new_case.stats().events == 60
    assert shared_new_case.check() == []
