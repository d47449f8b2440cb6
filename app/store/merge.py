"""Merging a pulled case's offline edits with what was changed on the shared case meanwhile.

Which rows each side changed is read from the audit logs' row states (see
:mod:`app.store.fingerprints`): the file's states up to its last ``pull`` row give every row's
digest at the pull (the *base*); the file's later states give its own changes, the shared
case's states after the pull position give the other side's. A row only one side changed
takes that side's version. A row both sides changed is merged field by field when its base
is known (its values rebuilt from the audit rows and checked against the base digest): a
field changed on one side only takes that side's value. Fields changed on both sides to
different values, and a row deleted on one side and changed on the other, are
:class:`Conflict` s: nothing of them is sent unless the person chooses, per conflict (keys
like ``events:3``; see :func:`conflict_key`). A row both sides created with the same id is
no conflict: the file's row is given a new id on the shared case (references to it follow).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, select, tuple_

from app.store import audit
from app.store.errors import CaseError
from app.store.fingerprints import SPECS, Key, Spec, apply_state, digest
from app.store.postgresql.forms import json_array
from app.store.shared_copy import TABLES
from app.store.tables import audit_t

UNKNOWN = "(not known)"
ROW = "(row)"
TABLE_OF: dict[str, Table] = {t.name: t for t in TABLES}
Digests = dict[str, dict[Key, str]]
Row = dict[str, Any] | None


@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed: the shared case's value, the file's, and the value at
    the pull (:data:`UNKNOWN` when the audit log cannot tell it)."""

    field: str
    theirs: Any
    ours: Any
    base: Any


@dataclass(frozen=True)
class Conflict:
    table: str
    key: Key
    fields: tuple[FieldConflict, ...]

    @property
    def name(self) -> str:
        return conflict_key(self.table, self.key)


@dataclass(frozen=True)
class Choices:
    """How a push settles conflicts: the keys to take from the file, those to keep as the
    shared case has them (``all`` names every conflict)."""

    take_mine: frozenset[str] = frozenset()
    take_theirs: frozenset[str] = frozenset()


@dataclass
class Plan:
    """What a push sends: rows to write (``None``: delete), in the order given, the ids the
    file's new rows get on the shared case, and the conflicts."""

    send: list[tuple[str, Key, Row]] = field(default_factory=list)
    renumbered: dict[tuple[str, int], int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # rows both changed, merged by field
    kept: list[str] = field(default_factory=list)  # conflicts resolved as the shared case has
    theirs: dict[str, set[Key]] = field(default_factory=dict)  # rows the shared case changed
    conflicts_kept: list[Conflict] = field(default_factory=list)

    @property
    def changed_keys(self) -> dict[str, set[Key]]:
        out: dict[str, set[Key]] = {}
        for table, key, _row in self.send:
            out.setdefault(table, set()).add(key)
        return out


class MergeConflicts(CaseError):
    """The push found conflicts nobody chose for: nothing was sent."""

    def __init__(self, conflicts: list[Conflict], where: str) -> None:
        self.conflicts = conflicts
        shown = ", ".join(c.name for c in conflicts[:10])
        more = f" and {len(conflicts) - 10} more" if len(conflicts) > 10 else ""
        super().__init__(
            f"{where}: {len(conflicts)} row(s) were changed both there and in this file "
            f"({shown}{more}); nothing was sent. Choose per row: --take-mine KEY... or "
            "--take-theirs KEY... (or all); --list-conflicts shows both versions"
        )


def conflict_key(table: str, key: Key) -> str:
    """``events:3``, ``event_tags:3/2``, ``source_files:<sha256>``."""
    if isinstance(key, tuple):
        return f"{table}:{'/'.join(str(k) for k in key)}"
    return f"{table}:{key}"


def show(value: Any) -> str:
    """A field's value in a conflict listing (plain text, one line)."""
    if value is None:
        return "(empty)"
    if isinstance(value, bytes | bytearray | memoryview):
        return f"{len(bytes(value))} bytes"
    text = str(int(value)) if isinstance(value, bool) else str(value)
    return text.replace("\n", " ")


# ---- what each side changed


def _states(conn: Connection, after: int, upto: int | None = None) -> Iterable[str]:
    if not audit.has_state(conn):
        return []
    query = select(audit_t.c.state).where(audit_t.c.id > after, audit_t.c.state != "")
    if upto is not None:
        query = query.where(audit_t.c.id <= upto)
    return conn.execute(query.order_by(audit_t.c.id)).scalars()


def _replay(states: Iterable[str]) -> dict[str, dict[Key, str | None]]:
    """Table -> key -> the digest these states leave (None: deleted)."""
    out: dict[str, dict[Key, str | None]] = {}
    for state in states:
        present: Digests = {}
        apply_state(present, state)
        for table, _shown, _digests, gone in json.loads(state):
            into = out.setdefault(table, {})
            into.update(present.get(table, {}))
            for key in gone:
                into[tuple(key) if isinstance(key, list) else key] = None
    return out


def _changed(base: Digests, after: dict[str, dict[Key, str | None]]) -> dict[str, dict[Key, Any]]:
    out: dict[str, dict[Key, Any]] = {}
    for table, keys in after.items():
        was = base.get(table, {})
        for key, now in keys.items():
            if was.get(key) != now:
                out.setdefault(table, {})[key] = now
    return out


# ---- reading rows


def _where(spec: Spec, table: Table, keys: list[Key]) -> Any:
    if len(spec.key) == 1:
        return table.c[spec.key[0]].in_(keys)
    cols = [table.c[k] for k in spec.key]
    return tuple_(*cols).in_(keys)


def read_rows(conn: Connection, table_name: str, keys: Iterable[Key]) -> dict[Key, dict[str, Any]]:
    """The rows of ``table_name`` with these keys, as plain dicts."""
    spec, table = SPECS[table_name], TABLE_OF[table_name]
    wanted = sorted(keys)
    out: dict[Key, dict[str, Any]] = {}
    for i in range(0, len(wanted), 500):
        for row in conn.execute(select(table).where(_where(spec, table, wanted[i : i + 500]))):
            values = {k: _plain(v) for k, v in row._mapping.items()}
            out[spec.key_of(tuple(values[k] for k in spec.key))] = values
    return out


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def _same(a: Any, b: Any) -> bool:
    norm = lambda v: int(v) if isinstance(v, bool) else v  # noqa: E731
    return norm(a) == norm(b)


def _form_digest(spec: Spec, row: Mapping[str, Any]) -> str:
    return digest(json_array(row.get(c) for c in spec.columns))


def _base(
    conn: Connection, spec: Spec, key: Key, now: Row, after: int, want: str | None
) -> Row | str:
    """The row at the pull, rebuilt from ``now`` by undoing the audit rows after ``after``;
    :data:`UNKNOWN` unless the result has the base digest ``want``."""
    if not spec.int_key or spec.blob:
        return UNKNOWN
    found = conn.execute(
        select(audit_t.c.old, audit_t.c.new)
        .where(audit_t.c.id > after, audit_t.c.table_name == spec.table, audit_t.c.row_id == key)
        .order_by(audit_t.c.id.desc())
    ).all()
    row = dict(now) if now is not None else None
    for old, new in found:
        before = json.loads(old) if old else None
        if not isinstance(before, dict | None):
            return UNKNOWN
        if before is None:  # its insertion
            row = None
        elif not new or row is None:  # its deletion: the whole row
            row = before
        else:
            row = {**row, **before}
    if row is None:
        return None if want is None else UNKNOWN
    if want is None or set(spec.columns) - set(row) or _form_digest(spec, row) != want:
        return UNKNOWN
    return row


# ---- the plan


@dataclass
class Sides:
    """The two connections and where their histories part."""

    file: Connection
    shared: Connection
    pull_row: int  # the file's last pull row
    position: int  # the shared case's history position at that pull


def plan(sides: Sides, choices: Choices) -> Plan:
    """What to send; conflicts not named in ``take_mine``/``take_theirs`` ("all" names
    every one) are left in :attr:`Plan.conflicts`."""
    base: Digests = {t: {} for t in SPECS}
    for state in _states(sides.file, 0, sides.pull_row):
        apply_state(base, state)
    ours = _changed(base, _replay(_states(sides.file, sides.pull_row)))
    theirs = _changed(base, _replay(_states(sides.shared, sides.position)))
    result = Plan(theirs={t: set(keys) for t, keys in theirs.items()})
    for table in TABLES[:-1]:
        mine = ours.get(table.name, {})
        if not mine:
            continue
        spec = SPECS[table.name]
        other = theirs.get(table.name, {})
        both = [k for k in mine if k in other and mine[k] != other[k]]
        our_rows = read_rows(sides.file, table.name, mine)
        their_rows = read_rows(sides.shared, table.name, both)
        for key in sorted(mine):
            if key not in other:
                result.send.append((table.name, key, our_rows.get(key)))
            elif mine[key] != other[key]:
                _both(sides, spec, key, our_rows.get(key), their_rows.get(key), base, result)
    from app.store import merge_orphans

    deleted_there = {(t, k) for t, keys in theirs.items() for k, d in keys.items() if d is None}
    merge_orphans.list_conflicts(sides, result, deleted_there)
    _choose(result, set(choices.take_mine), set(choices.take_theirs))
    _keep_dependents(sides, result)
    merge_orphans.drop_orphans(result, deleted_there)
    return result


def _keep_dependents(sides: Sides, result: Plan) -> None:
    """Rows the file deleted with a row whose deletion was refused (the shared case's
    version kept) stay too: an event kept keeps its citations and links."""
    kept = {
        (c.table, c.key)
        for c in result.conflicts_kept
        if c.fields[0].field == ROW and c.fields[0].ours == "deleted"
    }
    if not kept:
        return
    gone: dict[str, list[Key]] = {}
    for table, key, row in result.send:
        if row is None:
            gone.setdefault(table, []).append(key)
    dropped: set[tuple[str, Key]] = set()
    for table, keys in gone.items():
        refs = [(fk.parent.name, fk.column.table.name) for fk in TABLE_OF[table].foreign_keys]
        if not refs:
            continue
        for key, row in read_rows(sides.shared, table, keys).items():
            if any((target, row.get(column)) in kept for column, target in refs):
                dropped.add((table, key))
    result.send = [s for s in result.send if (s[0], s[1]) not in dropped]
    for table, key in dropped:
        result.theirs.setdefault(table, set()).add(key)  # the file takes it back


def _both(
    sides: Sides, spec: Spec, key: Key, mine: Row, theirs: Row, base: Digests, result: Plan
) -> None:
    was = base.get(spec.table, {}).get(key)
    if was is None and mine is not None and theirs is not None and spec.int_key:
        result.renumbered[(spec.table, int(key))] = 0  # both made a row with this id
        result.send.append((spec.table, key, mine))
        return
    name = conflict_key(spec.table, key)
    if mine is None or theirs is None:
        how = ("deleted", "changed")
        conflict = FieldConflict(
            ROW, how[theirs is not None], how[mine is not None], "present" if was else "absent"
        )
        result.conflicts.append(Conflict(spec.table, key, (conflict,)))
        result.send.append((spec.table, key, mine))
        return
    at_pull = _base(sides.file, spec, key, mine, sides.pull_row, was)
    if at_pull == UNKNOWN:
        at_pull = _base(sides.shared, spec, key, theirs, sides.position, was)
    merged, fields = dict(theirs), []
    for column in spec.columns:
        if column in spec.key or column == "version":
            continue
        o, t = mine.get(column), theirs.get(column)
        if _same(o, t):
            continue
        b = at_pull.get(column, UNKNOWN) if isinstance(at_pull, dict) else UNKNOWN
        if b is not UNKNOWN and _same(o, b):
            continue
        if b is not UNKNOWN and _same(t, b):
            merged[column] = o
            continue
        fields.append(FieldConflict(column, t, o, b))
    if "version" in merged:
        merged["version"] = max(int(mine["version"]), int(theirs["version"])) + 1
    if fields:
        result.conflicts.append(Conflict(spec.table, key, tuple(fields)))
        result.send.append((spec.table, key, {**merged, "__mine__": mine}))
    else:
        result.merged.append(name)
        result.send.append((spec.table, key, merged))


def _choose(result: Plan, take_mine: set[str], take_theirs: set[str]) -> None:
    """Resolve the conflicts named; what stays unresolved keeps its rows out of the plan."""
    known = {c.name for c in result.conflicts}
    unknown = sorted((take_mine | take_theirs) - known - {"all"})
    if unknown:
        raise CaseError(
            f"{', '.join(unknown)}: no such conflict (the conflicts are: "
            f"{', '.join(sorted(known)) or 'none'})"
        )
    both = (take_mine & take_theirs) - {"all"}
    if both or {"all"} <= (take_mine & take_theirs):
        raise CaseError(f"{', '.join(sorted(both)) or 'all'}: given both to take and to keep")
    by_key = {c.name: c for c in result.conflicts}
    open_: list[Conflict] = []
    send: list[tuple[str, Key, Row]] = []
    for table, key, row in result.send:
        name = conflict_key(table, key)
        conflict = by_key.get(name)
        if conflict is None:
            send.append((table, key, row))
            continue
        mine = name in take_mine or ("all" in take_mine and name not in take_theirs)
        theirs = name in take_theirs or ("all" in take_theirs and name not in take_mine)
        if not (mine or theirs):
            open_.append(conflict)
            continue
        if row is not None and "__mine__" in row:  # fields: merged, then the choice
            merged = {k: v for k, v in row.items() if k != "__mine__"}
            if mine:
                merged.update({f.field: row["__mine__"][f.field] for f in conflict.fields})
            send.append((table, key, merged))
        elif mine:
            send.append((table, key, row))  # the row as the file has it (or its deletion)
        if theirs:
            result.kept.append(name)
            result.conflicts_kept.append(conflict)
    result.send, result.conflicts = send, open_


def matching(table: Table, spec: Spec, key: Key) -> Any:
    """The WHERE clause naming the row ``key``."""
    if len(spec.key) == 1:
        return table.c[spec.key[0]] == key
    return and_(*(table.c[k] == v for k, v in zip(spec.key, key, strict=True)))
