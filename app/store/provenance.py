"""Where a case came from, in its own history: the audit row a salvaged case begins with,
naming the file its rows were copied from (and its SHA-256) and what was left behind."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.domain.records import ChangeSet

if TYPE_CHECKING:
    from app.store.case import Case

SALVAGE = "salvage"  # the audit action


def record_origin(case: Case, details: dict[str, Any]) -> ChangeSet:
    """Append a "salvage" row to the audit log of ``case`` carrying ``details`` (plain JSON
    values), in a transaction of its own or as part of the open batch."""
    with case._units.write() as w:
        w.audit.record(SALVAGE, "case_info", None, None, details)
        w.touch("case", 1)
        return w.changes
