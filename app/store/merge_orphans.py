"""Offline edits that hang on a row the shared case deleted meanwhile: a citation added to an
event, a tag put on it, a source cited, where the event (or source, tag, entity) is gone on
the server. Each such parent row is a conflict of its own (``events:5``, deleted there,
still used here): taking the file's version sends the parent back with its dependents;
keeping the shared case's drops the dependents, and the file takes the deletion. Nothing
reaches the server as a broken reference."""

from __future__ import annotations

from app.store.fingerprints import Key
from app.store.merge import (
    ROW,
    TABLE_OF,
    Conflict,
    FieldConflict,
    Plan,
    Sides,
    conflict_key,
    read_rows,
)

Parent = tuple[str, Key]


def _parents(table: str, row: dict[str, object]) -> list[Parent]:
    return [
        (fk.column.table.name, row[fk.parent.name])  # type: ignore[misc]
        for fk in TABLE_OF[table].foreign_keys
        if row.get(fk.parent.name) is not None
    ]


def _sent_rows(result: Plan) -> set[Parent]:
    return {(t, k) for t, k, row in result.send if row is not None}


def list_conflicts(sides: Sides, result: Plan, deleted_there: set[Parent]) -> None:
    """Make a conflict of every parent the shared case deleted that a row sent refers to,
    and plan to send the file's version of it (before its first dependent)."""
    sent, named = _sent_rows(result), {c.name for c in result.conflicts}
    first_use: dict[Parent, int] = {}
    for at, (table, _key, row) in enumerate(result.send):
        if row is None:
            continue
        for parent in _parents(table, row):
            if parent in deleted_there and parent not in sent:
                first_use.setdefault(parent, at)
    for (table, key), at in sorted(first_use.items(), key=lambda item: -item[1]):
        if conflict_key(table, key) in named:
            continue
        row = read_rows(sides.file, table, [key]).get(key)
        if row is None:  # the file has no version of it either
            continue
        conflict = FieldConflict(ROW, "deleted", "changed", "present")
        result.conflicts.append(Conflict(table, key, (conflict,)))
        result.send.insert(at, (table, key, row))


def drop_orphans(result: Plan, deleted_there: set[Parent]) -> None:
    """After the choices: rows that refer to a parent deleted on the shared case and not
    sent back are not sent; the file takes the shared case's version (their absence)."""
    while True:
        sent = _sent_rows(result)
        gone = {
            (table, key)
            for table, key, row in result.send
            if row is not None
            and any(p in deleted_there and p not in sent for p in _parents(table, row))
        }
        if not gone:
            return
        result.send = [s for s in result.send if (s[0], s[1]) not in gone]
        for table, key in gone:
            result.theirs.setdefault(table, set()).add(key)
            deleted_there.add((table, key))  # their own dependents go with them
