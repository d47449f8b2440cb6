"""A shared case's audit rows, written by the server (schema 8): the client hands the rows'
content (action, table, row id, old and new values, the rows' states) to
``casetrail_append_audit``, which names the database user and the server's time, chains the
rows and moves the head, in the same transaction. Editors may not insert audit rows
themselves, so the user named is the one who made the change."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

FIELDS = ("action", "table_name", "row_id", "old", "new", "state")
_SERVER_WRITES = "casetrail_server_writes"  # in the connection's info


def server_writes(conn: Connection) -> bool:
    """Whether this case's server writes the audit rows (its schema has the function; once
    it has, asked no more on this connection: a schema is never downgraded)."""
    if conn.info.get(_SERVER_WRITES):
        return True
    found = conn.exec_driver_sql(
        "SELECT to_regprocedure('casetrail_append_audit(json)') IS NOT NULL"
    ).scalar_one()
    conn.info[_SERVER_WRITES] = bool(found)
    return bool(found)


def append(conn: Connection, rows: Sequence[dict[str, Any]]) -> str:
    """Have the server append ``rows``; the new head of the chain."""
    entries = json.dumps([{k: row.get(k) for k in FIELDS} for row in rows], ensure_ascii=False)
    head = conn.exec_driver_sql(
        "SELECT casetrail_append_audit(%(entries)s::json)", {"entries": entries}
    ).scalar_one()
    return str(head)
