"""The change history (audit log) in words and as JSON, for ``casetrail history`` and the
History panel."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.domain.records import AuditRecord

TABLE_NAMES = {
    "events": "event",
    "sources": "source",
    "citations": "citation",
    "entities": "entity",
    "tags": "tag",
    "eras": "era",
    "case_info": "case",
    "event_tags": "event tags",
    "event_entities": "event entities",
    "source_files": "file",
    "saved_views": "saved view",
    "reading_progress": "reading progress",
}
HIDDEN = {
    "start_earliest",
    "start_latest",
    "end_earliest",
    "end_latest",
    "start_iso",
    "end_iso",
    "start_precision",
    "end_precision",
    "start_qualifier",
    "end_qualifier",
    "start_ambiguous",
    "end_ambiguous",
    "version",
    "data",
}


@dataclass(frozen=True)
class HistoryLine:
    id: int
    at: str
    actor: str
    action: str
    what: str
    changes: list[tuple[str, Any, Any]]  # (field, old, new)


WITHHELD = "(privileged note withheld)"


def _load(text: str, include_privileged: bool = True) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {"?": text}
    if not isinstance(value, dict):
        return {"value": value}
    if not include_privileged and value.get("privileged_note"):
        value["privileged_note"] = WITHHELD  # never printed unless asked for
    return value


def describe(record: AuditRecord, *, include_privileged: bool = False) -> HistoryLine:
    """One change in words; a privileged note's text is withheld unless asked for."""
    old = _load(record.old, include_privileged)
    new = _load(record.new, include_privileged)
    kind = TABLE_NAMES.get(record.table_name, record.table_name)
    what = kind if record.row_id is None else f"{kind} {record.row_id}"
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in HIDDEN]
    if record.action == "salvage":  # where a salvaged case came from (app.store.provenance)
        copied = new.get("copied") if isinstance(new.get("copied"), dict) else {}
        changes = [
            ("from", None, f"{new.get('source')} (SHA-256 {new.get('sha256')})"),
            ("copied", None, ", ".join(f"{n} {k}" for k, n in copied.items() if n)),
            ("left behind", None, new.get("left_behind_count", 0)),
        ]
    elif record.action == "update":
        changes = [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]
    elif record.action in ("delete",):
        changes = [(k, old.get(k), None) for k in keys if k != "id"]
    else:
        changes = [(k, old.get(k), new.get(k)) for k in keys if k != "id"]
    return HistoryLine(record.id, record.at, record.actor, record.action, what, changes)


def short_value(value: Any, limit: int = 60) -> str:
    text = "\u2014" if value is None else " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def format_line(line: HistoryLine) -> str:
    when = line.at[:19].replace("T", " ")
    head = f"{line.id:>6}  {when}  {line.actor:<12} {line.action:<8} {line.what}"
    if line.action == "update":
        parts = [f"{k}: {short_value(a)} \u2192 {short_value(b)}" for k, a, b in line.changes]
    else:
        parts = [f"{k}: {short_value(b if b is not None else a)}" for k, a, b in line.changes]
    return head + ("  " + "; ".join(parts) if parts else "")


def history_json(
    records: list[AuditRecord], *, include_privileged: bool = False
) -> list[dict[str, Any]]:
    """The rows with their hashes (a withheld note's row no longer matches its hash)."""
    return [
        {
            "id": r.id,
            "at": r.at,
            "actor": r.actor,
            "action": r.action,
            "table": r.table_name,
            "row_id": r.row_id,
            "old": _load(r.old, include_privileged) or None,
            "new": _load(r.new, include_privileged) or None,
            "hash": r.row_hash,
            "previous_hash": r.prev_hash,
        }
        for r in records
    ]
