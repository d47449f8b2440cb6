"""Data fingerprints: the hash of every row's state, committed to by the audit log.

A row's *canonical form* is what SQLite's ``json_array`` makes of all its columns, in table
order, read as bytes (so the form is the same whoever computes it, and text SQLite cannot
decode is still hashed). A stored file adds the SHA-256 of its bytes. A row's *digest* is the
first 16 hex digits of the SHA-256 of that form.

Each write transaction notes the rows it touched (:class:`Touched`); when it ends, the last
audit row it writes carries in its ``state`` column the digests of those rows as they are
then (or that they are gone). ``state`` is part of the hash-chained content, so it cannot be
edited either. The encoding is a JSON list of sections ``[table, keys, digests, gone]``:
``keys`` are id ranges ``[[first, last], ...]`` (a link table: ``[[event_id, other_id],
...]``; stored files: their SHA-256), ``digests`` the digests of those rows concatenated in
that order, ``gone`` the keys of rows deleted. A bulk import of a million rows is one
section of one audit row (16 bytes a row). The rows are read back for their digests, but
for the link rows a bulk import has just written, whose digests it makes from the values it
wrote (:meth:`Touched.know`; any row noted after them sends every row back to the reading).

The fingerprinted tables are :data:`SPECS`; a migration that adds a column to one of them
changes its canonical form and must record a new baseline (see ``0003_fingerprints``).
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any, cast

from sqlalchemy import Connection, Table, inspect, text

from app.store.dialect import form_rows
from app.store.tables import (
    citations_t,
    entities_t,
    eras_t,
    event_entities_t,
    event_tags_t,
    events_t,
    files_t,
    reading_t,
    sources_t,
    stories_t,
    tags_t,
    views_t,
)

DIGEST_CHARS = 16
Key = Any  # int; (event_id, other_id) for a link table; a SHA-256 for a stored file


@dataclass(frozen=True)
class Spec:
    """How one table is fingerprinted: its key columns and its canonical form."""

    table: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    blob: str | None = None  # a column whose bytes are hashed apart (stored files)

    @property
    def int_key(self) -> bool:
        return self.key == ("id",)

    def select(self) -> str:
        """SELECT key columns, canonical form (and blob) FROM the table; add WHERE/ORDER."""
        cols = ", ".join(self.columns)
        if self.blob:
            cols += f", typeof({self.blob})"
        blob = f", CAST({self.blob} AS BLOB)" if self.blob else ""
        canon = f"CAST(json_array({cols}) AS BLOB)"
        return f"SELECT {', '.join(self.key)}, {canon}{blob} FROM {self.table}"

    def order(self) -> str:
        return f" ORDER BY {', '.join(self.key)}"

    def key_of(self, row: tuple[Any, ...]) -> Key:
        n = len(self.key)
        return row[0] if n == 1 else tuple(row[:n])

    def describe(self, key: Key) -> str:
        """``events row 12``, ``event_tags row (event 3, tag 2)``, ``source_files row 3f2a…``."""
        if self.table == "source_files":
            return f"source_files row {str(key)[:12]}\u2026"
        if not self.int_key:
            other = self.key[1].removesuffix("_id")
            return f"{self.table} row (event {key[0]}, {other} {key[1]})"
        return f"{self.table} row {key}"


def _spec(table: Table, key: tuple[str, ...], blob: str | None = None) -> Spec:
    columns = tuple(c.name for c in table.columns if c.name != blob)
    return Spec(table.name, key, columns, blob)


SPECS: dict[str, Spec] = {
    s.table: s
    for s in (
        _spec(events_t, ("id",)),
        _spec(sources_t, ("id",)),
        _spec(citations_t, ("id",)),
        _spec(entities_t, ("id",)),
        _spec(event_entities_t, ("event_id", "entity_id")),
        _spec(tags_t, ("id",)),
        _spec(event_tags_t, ("event_id", "tag_id")),
        _spec(eras_t, ("id",)),
        _spec(views_t, ("id",)),
        _spec(stories_t, ("id",)),
        _spec(reading_t, ("id",)),
        _spec(files_t, ("sha256",), blob="data"),
    )
}


def blob_hash(value: Any) -> bytes:
    if value is None:
        return b"-"
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    elif not isinstance(value, bytes | bytearray | memoryview):
        value = str(value).encode()
    return hashlib.sha256(value).hexdigest().encode()


def row_form(spec: Spec, row: tuple[Any, ...]) -> bytes:
    """The canonical form of a row read with :meth:`Spec.select`."""
    n = len(spec.key)
    if spec.blob:
        return bytes(row[n]) + b"\x00" + blob_hash(row[n + 1])
    return bytes(row[n])


def digest(form: bytes) -> str:
    return hashlib.sha256(form).hexdigest()[:DIGEST_CHARS]


def rows(conn: Connection, spec: Spec, where: str = "", params: Iterable[Any] = ()) -> Any:
    """A driver cursor over ``spec``'s rows (key columns, canonical form, blob), by key."""
    return form_rows(conn, spec, where, params)


# ---- noting what a transaction touched, and its state


class Touched:
    """The keys of the rows one write transaction touched, by table."""

    def __init__(self) -> None:
        self.keys: dict[str, set[Key]] = {}
        # digests of rows just written, known from the values written (see :meth:`know`)
        self.known: dict[str, dict[Key, str]] = {}

    def add(self, table: str, keys: Iterable[Key]) -> None:
        if table in SPECS:
            self.known.clear()  # a row written since may be one whose digest was known
            self.keys.setdefault(table, set()).update(keys)

    def know(self, table: str, keys: Iterable[Key], digests: Iterable[str]) -> None:
        """The digests of rows (already noted) as written, made from the values written: the
        state takes them instead of reading the rows back, unless a later write notes any
        row (then every row is read back)."""
        self.known.setdefault(table, {}).update(zip(keys, digests, strict=True))

    def note(
        self, table: str, row_id: int | None, old: dict[str, Any] | None, new: dict[str, Any] | None
    ) -> None:
        """Derive the keys an audit row names: its row id, or its links, or its file."""
        spec = SPECS.get(table)
        if spec is None:
            return
        if spec.int_key:
            if row_id is not None:
                self.add(table, [int(row_id)])
            return
        if spec.blob:
            self.add(table, [v["sha256"] for v in (old, new) if v and "sha256" in v])
            return
        other = spec.key[1]
        for values in (old, new):
            for link in (values or {}).get("links", ()):
                event_id = link.get("event_id", row_id)
                self.add(table, [(int(event_id), int(link[other]))])

    def __bool__(self) -> bool:
        return any(self.keys.values())


def _fetch(conn: Connection, spec: Spec, keys: set[Key]) -> Iterable[tuple[Any, ...]]:
    if spec.int_key and len(keys) > 2000:
        wanted = keys
        low, high = min(keys), max(keys)
        cur = rows(conn, spec, " WHERE id BETWEEN ? AND ?", (low, high))
        if len(keys) == high - low + 1:  # every id between: no filter
            return cast(Iterable[tuple[Any, ...]], cur)
        return (r for r in cur if r[0] in wanted)
    if not (spec.int_key or spec.blob) and len(keys) > 2000:
        first = spec.key[0]
        where = f" WHERE {first} BETWEEN ? AND ?"
        span = (min(keys)[0], max(keys)[0])
        cur = rows(conn, spec, where, span)
        if _count(conn, spec, first, *span) == len(keys):  # the links of new events, as a rule
            return cast(Iterable[tuple[Any, ...]], cur)  # state_of drops any row not touched
        return (r for r in cur if (r[0], r[1]) in keys)
    return chain.from_iterable(_chunks(conn, spec, sorted(keys)))


def _count(conn: Connection, spec: Spec, column: str, low: Any, high: Any) -> int:
    """How many rows of ``spec``'s table have ``column`` from ``low`` to ``high``."""
    sql = text(f"SELECT count(*) FROM {spec.table} WHERE {column} BETWEEN :low AND :high")
    return int(conn.execute(sql, {"low": low, "high": high}).scalar_one())


def _chunks(conn: Connection, spec: Spec, ordered: list[Key]) -> Iterator[Any]:
    for i in range(0, len(ordered), 400):
        chunk = ordered[i : i + 400]
        if spec.int_key or spec.blob:
            marks = ", ".join("?" for _ in chunk)
            yield rows(conn, spec, f" WHERE {spec.key[0]} IN ({marks})", chunk)
        else:
            marks = ", ".join("(?, ?)" for _ in chunk)
            flat = [v for pair in chunk for v in pair]
            yield rows(conn, spec, f" WHERE ({', '.join(spec.key)}) IN (VALUES {marks})", flat)


def _digests(spec: Spec, found: Iterable[tuple[Any, ...]]) -> list[tuple[Key, str]]:
    """(key, digest) of rows read with :meth:`Spec.select`, in the order read."""
    if spec.blob:
        return [(spec.key_of(r), digest(row_form(spec, r))) for r in found]
    sha, n = hashlib.sha256, DIGEST_CHARS
    if spec.int_key:  # the form is bytes (or a memoryview): hashed as row_form would give it
        return [(r[0], sha(r[1]).hexdigest()[:n]) for r in found]
    return [((r[0], r[1]), sha(r[2]).hexdigest()[:n]) for r in found]


def _found(conn: Connection, spec: Spec, keys: set[Key], known: dict[Key, str]) -> list[Any]:
    """(key, digest) of the rows ``keys`` now: those ``known`` without reading them."""
    if not known:
        return _digests(spec, _fetch(conn, spec, keys))
    rest = keys.difference(known)
    if known.keys() <= keys:
        found = list(known.items())
    else:
        found = [kd for kd in known.items() if kd[0] in keys]
    if rest:
        found.extend(_digests(spec, _fetch(conn, spec, rest)))
    return found


def _ranges(ids: list[int]) -> list[list[int]]:
    if ids and ids[-1] - ids[0] + 1 == len(ids):  # one run (ids are distinct and sorted)
        return [[ids[0], ids[-1]]]
    out: list[list[int]] = []
    for i in ids:
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def state_of(conn: Connection, touched: Touched) -> str:
    """The ``state`` an audit row keeps for the rows ``touched``: their digests now."""
    sections = []
    for table, keys in touched.keys.items():
        if not keys:
            continue
        spec = SPECS[table]
        found = _found(conn, spec, keys, touched.known.get(table, {}))
        key_of = operator.itemgetter(0)
        present = list(map(key_of, found))  # distinct keys
        if not keys.issuperset(present):  # a range read whole: keep the rows touched
            found = [kd for kd in found if kd[0] in keys]
            present = list(map(key_of, found))
        if not all(map(operator.lt, present, present[1:])):  # in key order already, as a rule
            found.sort(key=key_of)
            present = list(map(key_of, found))
        gone = sorted(keys.difference(present)) if len(present) < len(keys) else []
        # a link's key (a tuple) is written as a JSON array, as a list would be
        shown: list[Any] = _ranges(present) if spec.int_key else present
        sections.append(
            [
                table,
                shown,
                "".join(map(operator.itemgetter(1), found)),
                [list(k) if isinstance(k, tuple) else k for k in gone],
            ]
        )
    if not sections:
        return ""
    return json.dumps(sections, separators=(",", ":"))


def apply_state(expected: dict[str, dict[Key, str]], state: str | bytes) -> None:
    """Replay one audit row's ``state`` onto ``expected`` (table -> key -> digest)."""
    for table, shown, digests, gone in json.loads(state):
        spec = SPECS.get(table)
        if spec is None:
            continue
        into = expected.setdefault(table, {})
        if spec.int_key:
            keys: list[Key] = []
            for first, last in shown:
                keys.extend(range(first, last + 1))
        elif spec.blob:
            keys = list(shown)
        else:
            keys = [tuple(k) for k in shown]
        step = DIGEST_CHARS
        parts = (digests[i : i + step] for i in range(0, len(digests), step))
        into.update(zip(keys, parts, strict=True))
        for key in gone:
            into.pop(tuple(key) if isinstance(key, list) else key, None)


def touch_all(conn: Connection, touched: Touched) -> None:
    """Note every row of every fingerprinted table (for a baseline).

    A table that does not exist yet, or lacks a column a later migration adds, is left out:
    that migration takes its own baseline (``0006_privileged``)."""
    found = inspect(conn)
    present = set(found.get_table_names())
    for spec in SPECS.values():
        if spec.table not in present:
            continue
        columns = {c["name"] for c in found.get_columns(spec.table)}
        if not set(spec.columns) <= columns:
            continue
        keys = conn.exec_driver_sql(f"SELECT {', '.join(spec.key)} FROM {spec.table}").fetchall()
        touched.add(spec.table, [spec.key_of(tuple(k)) for k in keys])
