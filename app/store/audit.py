"""The append-only, hash-chained change log.

Every mutation writes one row per changed record in the same transaction: who (the OS user),
when (UTC), what (table, row id, action) and the old and new values as JSON. Each row's hash
covers its content and the previous row's hash; ``case_info`` keeps the newest hash and the
row count, so that a row altered, inserted or removed behind the program's back is found by
:func:`verify`. Triggers refuse UPDATE and DELETE on the table.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.store.sqlite.cursor import trigger_names
from app.store.tables import audit_t, info_t

GENESIS = "0" * 64


def current_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers and services)
        return "unknown"


def to_json(values: dict[str, Any] | None) -> str:
    if values is None:
        return ""
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_hash(
    prev: str, at: str, actor: str, action: str, table: str, row_id: int | None, old: str, new: str
) -> str:
    payload = json.dumps(
        [prev, at, actor, action, table, row_id, old, new],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AuditWriter:
    """Appends audit rows inside one write transaction and updates the chain head at the end."""

    def __init__(self, conn: Connection, actor: str) -> None:
        self._conn = conn
        self._actor = actor
        self._at = datetime.now(UTC).isoformat(timespec="microseconds")
        head, count = conn.execute(
            select(info_t.c.audit_head, info_t.c.audit_count).where(info_t.c.id == 1)
        ).one()
        self._head: str = head or GENESIS
        self._count: int = int(count)
        self._written = 0

    def record(
        self,
        action: str,
        table: str,
        row_id: int | None,
        old: dict[str, Any] | None,
        new: dict[str, Any] | None,
    ) -> None:
        old_json, new_json = to_json(old), to_json(new)
        digest = row_hash(
            self._head, self._at, self._actor, action, table, row_id, old_json, new_json
        )
        self._conn.execute(
            insert(audit_t).values(
                at=self._at,
                actor=self._actor,
                action=action,
                table_name=table,
                row_id=row_id,
                old=old_json,
                new=new_json,
                prev_hash=self._head,
                row_hash=digest,
            )
        )
        self._head = digest
        self._written += 1

    def finish(self) -> None:
        if self._written:
            self._conn.execute(
                update(info_t)
                .where(info_t.c.id == 1)
                .values(audit_head=self._head, audit_count=self._count + self._written)
            )


def verify(conn: Connection) -> list[str]:
    """Walk the chain; return the problems found (empty when it is whole)."""
    problems: list[str] = []
    prev = GENESIS
    count = 0
    rows = conn.execute(select(audit_t).order_by(audit_t.c.id))
    for rid, at, actor, action, table, row_id, old, new, prev_hash, stored in rows:
        count += 1
        if prev_hash != prev:
            problems.append(f"audit row {rid}: does not follow the row before it")
        if row_hash(prev_hash, at, actor, action, table, row_id, old, new) != stored:
            problems.append(f"audit row {rid}: content does not match its hash")
        prev = stored
        if len(problems) >= 20:
            problems.append("audit log: more problems not listed")
            return problems
    head, expected = conn.execute(
        select(info_t.c.audit_head, info_t.c.audit_count).where(info_t.c.id == 1)
    ).one()
    if count != expected:
        problems.append(f"audit log has {count} rows; the case recorded {expected}")
    elif (head or GENESIS) != prev:
        problems.append("audit log: the newest row is not the one the case recorded")
    triggers = trigger_names(conn, "audit_log")
    for name in ("audit_log_no_update", "audit_log_no_delete"):
        if name not in triggers:
            problems.append(f"audit log: protective trigger {name} is missing")
    return problems
