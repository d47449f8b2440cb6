"""The append-only, hash-chained change log.

Every mutation writes one row per changed record in the same transaction: who (the OS user),
when (UTC), what (table, row id, action) and the old and new values as JSON. Each row's hash
covers its content and the previous row's hash; ``case_info`` keeps the newest hash and the
row count, so that a row altered, inserted or removed behind the program's back is found by
:func:`verify`. Triggers refuse UPDATE and DELETE on the table.

Since schema 3 the last audit row of each transaction also keeps, in ``state``, the digests of
the data rows the transaction touched (:mod:`app.store.fingerprints`); the hash covers it, so
the log proves the data too. A row without a state hashes as it did before schema 3.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.store import fingerprints
from app.store.dialect import has_column, server_audit
from app.store.errors import is_undecodable
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
    prev: str,
    at: str,
    actor: str,
    action: str,
    table: str,
    row_id: int | None,
    old: str,
    new: str,
    state: str = "",
) -> str:
    content: list[Any] = [prev, at, actor, action, table, row_id, old, new]
    if state:
        content.append(state)
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def has_state(conn: Connection) -> bool:
    """Whether the case's audit log keeps row states (schema 3 and later)."""
    return has_column(conn, "audit_log", "state")


def audit_rows(
    conn: Connection, after_id: int | None = None, *, state: bool = True, raw: bool = False
) -> Any:
    """The audit rows in order (id, at, actor, action, table, row id, old, new, prev hash,
    hash, state), after the row ``after_id`` when given; state is "" before schema 3, and
    when ``state`` is false (a bulk change's state holds a digest per row: megabytes).
    With ``raw`` (a case file) the text columns come as bytes."""
    column = "state" if state and has_state(conn) else "''"
    where = "" if after_id is None else f" WHERE id > {int(after_id)}"
    names = ["at", "actor", "action", "table_name", "old", "new", "prev_hash", "row_hash"]
    texts = {n: f"CAST({n} AS BLOB)" if raw else n for n in [*names, column]}
    return conn.exec_driver_sql(
        f"SELECT id, {texts['at']}, {texts['actor']}, {texts['action']}, {texts['table_name']}, "
        f"row_id, {texts['old']}, {texts['new']}, {texts['prev_hash']}, {texts['row_hash']}, "
        f"{texts[column]} FROM audit_log{where} ORDER BY id"
    )


def listed_audit_rows(conn: Connection, after_id: int | None, *, state: bool) -> list[Any]:
    """:func:`audit_rows` as a list to show: in a case file whose audit text is not all UTF-8
    (a hand edit; the check names the row), the bytes that are not are shown as U+FFFD."""
    try:
        return list(audit_rows(conn, after_id, state=state))
    except Exception as error:  # sqlite3's, wrapped or not
        if not is_undecodable(error):
            raise
    rows = audit_rows(conn, after_id, state=state, raw=True)
    return [
        [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in row] for row in rows
    ]


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
        self._pending: list[dict[str, Any]] = []
        self.touched = fingerprints.Touched()

    def record(
        self,
        action: str,
        table: str,
        row_id: int | None,
        old: dict[str, Any] | None,
        new: dict[str, Any] | None,
    ) -> None:
        """Note one audit row (written, with the touched rows' state, by :meth:`finish`)."""
        self._pending.append(
            {
                "at": self._at,
                "actor": self._actor,
                "action": action,
                "table_name": table,
                "row_id": row_id,
                "old": to_json(old),
                "new": to_json(new),
            }
        )
        self.touched.note(table, row_id, old, new)

    def baseline(self) -> None:
        """Make this transaction's state name every data row of the case."""
        fingerprints.touch_all(self._conn, self.touched)

    def finish(self) -> None:
        """Write the noted rows, the last with the state of every row touched, chained."""
        if not self._pending:
            return
        states = fingerprints.state_of(self._conn, self.touched)
        self._pending[-1]["state"] = states
        head = server_audit(self._conn, self._pending)
        if head is not None:  # a shared case's server wrote them, as its database user
            self._head, self._written, self._pending = head, len(self._pending), []
            return
        for n, row in enumerate(self._pending, 1):
            row["state"] = states if n == len(self._pending) else ""
            row["prev_hash"] = self._head
            self._head = row["row_hash"] = row_hash(
                self._head,
                row["at"],
                row["actor"],
                row["action"],
                row["table_name"],
                row["row_id"],
                row["old"],
                row["new"],
                row["state"],
            )
        self._conn.execute(insert(audit_t), self._pending)
        self._written = len(self._pending)
        self._pending = []
        self._conn.execute(
            update(info_t)
            .where(info_t.c.id == 1)
            .values(audit_head=self._head, audit_count=self._count + self._written)
        )


def verify(conn: Connection) -> list[str]:
    """Walk the chain; return the problems found (empty when it is whole)."""
    from app.store.audit_walk import ChainWalk  # it builds on this module

    walk = ChainWalk()
    walk.step(conn, whole=True)
    return walk.problems
