"""Keeping another case's change history, imported with its data: checked link by link
against its own hash chain, then written into this case's audit log as one row of its own
(action "import", table "imported_history"), so that it is marked as history of the source
case and this case's chain stays whole."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.store.audit import GENESIS, row_hash

if TYPE_CHECKING:
    from app.store.case import Case

HISTORY_TABLE = "imported_history"
FIELDS = ("at", "actor", "action", "table", "row_id", "old", "new", "previous_hash", "hash")


def history_rows(case: Case) -> list[dict[str, Any]]:
    """The case's audit log as a document carries it (old and new exactly as hashed)."""
    return [
        {
            "id": r.id,
            "at": r.at,
            "actor": r.actor,
            "action": r.action,
            "table": r.table_name,
            "row_id": r.row_id,
            "old": r.old,
            "new": r.new,
            "previous_hash": r.prev_hash,
            "hash": r.row_hash,
            **({"state": r.state} if r.state else {}),
        }
        for r in case.audit_log()
    ]


def chain_problems(rows: Any) -> list[str]:
    """What is wrong with a carried history: its shape, or a link of the hash chain."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return ["history: must be a list of objects"]
    prev = GENESIS
    for i, r in enumerate(rows):
        missing = [k for k in FIELDS if k not in r]
        if missing:
            return [f"history[{i}]: {', '.join(missing)} missing"]
        texts = [r[k] for k in ("at", "actor", "action", "table", "old", "new")]
        texts.append(r.get("state", ""))
        if not all(isinstance(t, str) for t in texts) or not (
            r["row_id"] is None
            or (isinstance(r["row_id"], int) and not isinstance(r["row_id"], bool))
        ):
            return [f"history[{i}]: not an audit row (texts and a whole-number row_id)"]
        if r["previous_hash"] != prev:
            return [f"history[{i}]: does not follow the row before it; the history was altered"]
        digest = row_hash(
            prev,
            r["at"],
            r["actor"],
            r["action"],
            r["table"],
            r["row_id"],
            r["old"],
            r["new"],
            r.get("state", ""),
        )
        if digest != r["hash"]:
            return [f"history[{i}]: does not match its hash; the history was altered"]
        prev = digest
    return []


def record_imported_history(case: Case, source_title: str, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` (already checked) as one audit row of ``case``: the source case's
    history, marked as such. Joins an open batch."""
    summary = {
        "source_case": source_title,
        "rows": len(rows),
        "head": rows[-1]["hash"] if rows else GENESIS,
        "chain_verified": True,
        "history": rows,
    }
    with case._units.write() as w:  # the store's own audit writer
        w.audit.record("import", HISTORY_TABLE, None, None, summary)
