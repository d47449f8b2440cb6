"""Writing a merge's rows (see :mod:`app.store.merge`) into a case, audited, on either
backend: deletions first (the tables in reverse order), then insertions and updates in an
order every foreign key is met in; rows both sides created under one id get a new id here,
and the rows sent that refer to them follow."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from app.store.audit import AuditWriter
from app.store.fingerprints import SPECS, Key
from app.store.merge import TABLE_OF, Row, matching, read_rows
from app.store.shared_copy import TABLES
from app.store.tables import stories_t

ORDER = [t.name for t in TABLES[:-1]]


def _new_ids(
    conn: Connection, send: list[tuple[str, Key, Row]], renumbered: dict[tuple[str, int], int]
) -> dict[tuple[str, int], int]:
    """Fresh ids for the rows both sides created under one id: past every id here and every
    id sent."""
    out: dict[tuple[str, int], int] = {}
    for table_name in ORDER:
        clashing = sorted(k for t, k in renumbered if t == table_name)
        if not clashing:
            continue
        table = TABLE_OF[table_name]
        here = conn.execute(select(func.max(table.c.id))).scalar() or 0
        sent = max((int(k) for t, k, _r in send if t == table_name), default=0)
        next_id = max(int(here), sent) + 1
        for key in clashing:
            out[(table_name, key)] = next_id
            next_id += 1
    return out


def _remap(table: Table, row: dict[str, Any], ids: dict[tuple[str, int], int]) -> dict[str, Any]:
    if not ids:
        return row
    row = dict(row)
    for fk in table.foreign_keys:
        column, target = fk.parent.name, fk.column.table.name
        value = row.get(column)
        if value is not None and (target, value) in ids:
            row[column] = ids[(target, value)]
    if table is stories_t and row.get("steps_json"):
        steps = json.loads(row["steps_json"])
        for step in steps:
            if isinstance(step, dict) and ("events", step.get("event")) in ids:
                step["event"] = ids[("events", step["event"])]
        row["steps_json"] = json.dumps(steps, ensure_ascii=False)
    return row


def _meta(row: dict[str, Any], blob: str | None) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != blob}


def _record(
    writer: AuditWriter, table: str, key: Key, old: Row, new: Row, action: str | None = None
) -> None:
    spec = SPECS[table]
    if spec.blob:
        writer.record(
            action or ("delete" if new is None else "store"),
            table,
            None,
            old and _meta(old, spec.blob),
            new and _meta(new, spec.blob),
        )
    elif not spec.int_key:
        links = {"links": [new or old]}
        writer.record(
            "unlink" if new is None else "link", table, key[0], old and links, new and links
        )
    else:
        if old is not None and new is not None:
            changed = [k for k in new if old.get(k) != new[k]]
            old, new = {k: old[k] for k in changed}, {k: new[k] for k in changed}
        verb = "delete" if new is None else "create" if old is None else "update"
        writer.record(action or verb, table, int(key), old, new)


def write_rows(
    conn: Connection,
    writer: AuditWriter,
    send: list[tuple[str, Key, Row]],
    renumbered: dict[tuple[str, int], int] | None = None,
    written: set[tuple[str, Key]] | None = None,
) -> dict[tuple[str, int], int]:
    """Make the rows ``send`` names as given (``None``: delete them), each audited; return the
    new ids given to rows created on both sides under one id (``written`` gets the keys of
    the rows as written, new ids and the links to them included)."""
    ids = _new_ids(conn, send, renumbered or {})
    by_table: dict[str, list[tuple[Key, Row]]] = {}
    for table_name, key, row in send:
        by_table.setdefault(table_name, []).append((key, row))
    for table_name in reversed(ORDER):
        table, spec = TABLE_OF[table_name], SPECS[table_name]
        gone = [k for k, row in by_table.get(table_name, ()) if row is None]
        present = read_rows(conn, table_name, gone) if gone else {}
        for key in gone:
            if key in present:
                conn.execute(delete(table).where(matching(table, spec, key)))
                _record(writer, table_name, key, present[key], None)
    for table_name in ORDER:
        table, spec = TABLE_OF[table_name], SPECS[table_name]
        rows = [(k, r) for k, r in by_table.get(table_name, ()) if r is not None]
        for key, row in rows:
            values = _remap(table, row, ids)
            if spec.int_key and (table_name, int(key)) in ids:
                values["id"] = ids[(table_name, int(key))]
            target = spec.key_of(tuple(values[k] for k in spec.key))
            if written is not None:
                written.add((table_name, target))
            before = read_rows(conn, table_name, [target]).get(target)
            if before is None:
                conn.execute(insert(table).values(**values))
            elif before != values:
                changed = {k: v for k, v in values.items() if before.get(k) != v}
                conn.execute(update(table).where(matching(table, spec, target)).values(**changed))
            else:
                continue
            _record(writer, table_name, target, before, values)
    return ids
