"""``bulk_insert_events``: tuples or dicts, one audit row whose digest can be recomputed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def _rows() -> tuple[list[str], list[tuple[object, ...]]]:
    columns = ["id", "title", "description", "status", "key_fact", "lane", "version"]
    columns += ["start_ambiguous", "end_ambiguous"]
    rows = [
        (i, f"event {i} é", "", "alleged", i % 2 == 0, None, 1, False, False) for i in range(1, 6)
    ]
    return columns, rows


def test_tuples_and_dicts_insert_the_same_rows_with_the_same_digest(
    empty_case, tmp_path: Path
) -> None:
    columns, rows = _rows()
    digests = []
    for name, args in (
        ("tuples", ((rows,), {"columns": columns})),
        ("dicts", (([dict(zip(columns, r, strict=True)) for r in rows],), {})),
    ):
        with empty_case(tmp_path / f"{name}.case", title=name) as case:
            changes = case.bulk_insert_events(*args[0], **args[1])
            assert changes.ids("event", "create") == (1, 2, 3, 4, 5)
            assert [(e.id, e.title, e.key_fact) for e in case.events()] == [
                (r[0], r[1], r[4]) for r in rows
            ]
            record = json.loads(case.audit_log()[-1].new)
            assert (record["count"], record["first_id"], record["last_id"]) == (5, 1, 5)
            assert record["columns"] == columns
            payload = json.dumps([columns, rows], ensure_ascii=False, separators=(",", ":"))
            assert record["sha256"] == hashlib.sha256(payload.encode("utf-8")).hexdigest()
            assert case.check() == []
            digests.append(record["sha256"])
    assert digests[0] == digests[1]
