"""The data part of ``check``: every live row compared with the digest its last audit row
recorded (:mod:`app.store.fingerprints`), and what differs named by table, row and field.

A row whose digest differs is described field by field where the audit log holds the values
(rows written one at a time keep them in ``old``/``new``); a bulk-imported row keeps only its
digest, so a change to it is named by row. A row the log never recorded is "added outside
the program"; a row the log says exists but the file lacks is "deleted outside the program".

The same pass can compute the case's *data fingerprint*: the SHA-256 over, for each
fingerprinted table in turn, its name and then the SHA-256 of each row's canonical form, in
key order; a seal signs it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import Connection

from app.store.audit import has_state
from app.store.dialect import driver_cursor, is_sqlite
from app.store.fingerprints import DIGEST_CHARS, SPECS, Key, Spec, apply_state, row_form, rows

MAX_ROWS_NAMED = 20  # per table; the rest are counted


@dataclass
class DataScan:
    """What one pass over the data found: problems (one line each) and the fingerprint."""

    problems: list[str] = field(default_factory=list)
    fingerprint: str = ""
    rows: int = 0


def expected_digests(conn: Connection, problems: list[str]) -> dict[str, dict[Key, str]]:
    """Table -> key -> digest, as the audit log's states left them (a state that cannot be
    read is added to ``problems``)."""
    expected: dict[str, dict[Key, str]] = {t: {} for t in SPECS}
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    # a case file's state as bytes, decoded by the JSON reader: text that is not UTF-8 (a hand
    # edit) is then a state that cannot be read, not a check that stops
    state = "CAST(state AS BLOB)" if is_sqlite(conn) else "state"
    query = f"SELECT id, {state} FROM audit_log WHERE state != '' ORDER BY id"
    for audit_id, state in cursor.execute(query):
        try:
            apply_state(expected, state)
        except (ValueError, TypeError, KeyError, AttributeError):
            problems.append(f"audit row {audit_id}: its record of row states cannot be read")
    return expected


def scan(conn: Connection, *, fingerprint: bool = False) -> DataScan:
    """Compare every fingerprinted row with the audit log (and fingerprint the data)."""
    result = DataScan()
    if not has_state(conn):
        return result
    expected = expected_digests(conn, result.problems)
    whole = hashlib.sha256() if fingerprint else None
    sha256 = hashlib.sha256
    for spec in SPECS.values():
        want = expected[spec.table]
        changed: list[Key] = []
        added: list[Key] = []
        if whole is not None:
            whole.update(spec.table.encode() + b"\n")
        plain = len(spec.key) == 1 and not spec.blob
        odd: list[Key] = []  # rows with bytes where text or a number belongs: no form
        key: Any = None
        cursors: list[Any] = [partial(rows, conn, spec)]  # (its first row is read at once)
        while cursors:
            try:
                for row in cursors.pop()():
                    form = row[1] if plain else row_form(spec, row)
                    key = row[0] if plain else spec.key_of(row)
                    if whole is None:
                        digest = sha256(form).hexdigest()[:DIGEST_CHARS]
                    else:
                        full = sha256(form).digest()
                        whole.update(full)
                        digest = full[: DIGEST_CHARS // 2].hex()
                    got = want.pop(key, None)
                    if got is None:
                        added.append(key)
                    elif got != digest:
                        changed.append(key)
                    result.rows += 1
            except Exception as error:  # sqlite3's, wrapped or not: json_array refuses bytes
                if odd or "JSON cannot hold BLOB" not in str(error):
                    raise
                cursors.append(partial(_past_bytes, conn, spec, key, odd))
        odd = [k for k in odd if k is not None]
        for key in odd:
            want.pop(key, None)
        result.problems += [
            f"{spec.describe(k)} holds bytes where the case keeps text or a number (changed "
            "outside the program)"
            for k in odd[:MAX_ROWS_NAMED]
        ]
        if len(odd) > MAX_ROWS_NAMED:
            more = len(odd) - MAX_ROWS_NAMED
            result.problems.append(f"{spec.table}: {more} more rows hold bytes where text belongs")
        result.problems += _describe(conn, spec, changed, added, sorted(want))
    if whole is not None:
        result.fingerprint = whole.hexdigest()
    return result


def _past_bytes(conn: Connection, spec: Spec, last: Key, odd: list[Key]) -> Any:
    """The rest of ``spec``'s rows, after the key ``last`` (None: from the first), without
    those that have a value stored as bytes (a hand edit of a case file), whose keys go to
    ``odd``: SQLite's ``json_array`` refuses bytes, which stopped the rows' query there."""
    bytes_in = " OR ".join(f"typeof({c}) = 'blob'" for c in spec.columns)
    keys = ", ".join(spec.key)
    after, params = "", ()
    if last is not None:
        params = tuple(last) if isinstance(last, tuple) else (last,)
        after = f"({keys}) > ({', '.join('?' for _ in spec.key)}) AND "
    found = driver_cursor(conn).execute(
        f"SELECT {keys} FROM {spec.table} WHERE {after}({bytes_in}) ORDER BY {keys}", params
    )
    odd += [spec.key_of(r) for r in found] or [None]  # (not empty: the query is not run again)
    return rows(conn, spec, f" WHERE {after}NOT ({bytes_in})", params)


def _describe(
    conn: Connection, spec: Spec, changed: list[Key], added: list[Key], deleted: list[Key]
) -> list[str]:
    lines: list[str] = []
    for key in changed[:MAX_ROWS_NAMED]:
        lines += _changed_lines(conn, spec, key)
    lines += [f"{spec.describe(k)} added outside the program" for k in added[:MAX_ROWS_NAMED]]
    lines += [f"{spec.describe(k)} deleted outside the program" for k in deleted[:MAX_ROWS_NAMED]]
    for n, what in ((len(changed), "changed"), (len(added), "added"), (len(deleted), "deleted")):
        if n > MAX_ROWS_NAMED:
            lines.append(f"{spec.table}: {n - MAX_ROWS_NAMED} more rows {what} outside the program")
    return lines


def _show(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return f"{len(value)} bytes"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "\u2026'"


def _recorded(conn: Connection, spec: Spec, key: Key) -> dict[str, Any]:
    """The row's fields as its audit rows recorded them (all of them when the log holds its
    insertion; only those later updates set when it was bulk-imported)."""
    known: dict[str, Any] = {}
    cursor = driver_cursor(conn)
    # a case file's audit text as bytes: what is not UTF-8 (a hand edit) reads as nothing
    old_, new_ = ("CAST(old AS BLOB)", "CAST(new AS BLOB)") if is_sqlite(conn) else ("old", "new")
    if spec.blob:  # a stored file's audit rows name it by its SHA-256 in old or new
        found = cursor.execute(
            f"SELECT {new_} FROM audit_log WHERE table_name = ? ORDER BY id", (spec.table,)
        )
        for (new,) in found:
            values = _loads(new)
            if values.get("sha256") != key:
                continue
            known.update({k: values[k] for k in ("size", "original_name") if k in values})
        return known
    if not spec.int_key:
        return known
    found = cursor.execute(
        f"SELECT {old_}, {new_} FROM audit_log WHERE table_name = ? AND row_id = ? ORDER BY id",
        (spec.table, key),
    )
    for old, new in found:
        if not new:
            known = {}
        elif not old:
            known = _loads(new)
        else:
            known.update(_loads(new))
    return known


def _loads(text: str | bytes) -> dict[str, Any]:
    try:
        values = json.loads(text)
    except ValueError:  # (UnicodeDecodeError too)
        return {}
    return values if isinstance(values, dict) else {}


def _live(conn: Connection, spec: Spec, key: Key) -> dict[str, Any] | None:
    cursor = driver_cursor(conn)
    where = " AND ".join(f"{k} = ?" for k in spec.key)
    params = key if isinstance(key, tuple) else (key,)
    try:
        names = [*spec.columns, *([f"CAST({spec.blob} AS BLOB) AS {spec.blob}"] * bool(spec.blob))]
        cur = cursor.execute(f"SELECT {', '.join(names)} FROM {spec.table} WHERE {where}", params)
        row = cur.fetchone()
    except Exception:  # text SQLite cannot decode: the row is named without its fields
        return None
    return None if row is None else {d[0]: v for d, v in zip(cur.description, row, strict=True)}


def _changed_lines(conn: Connection, spec: Spec, key: Key) -> list[str]:
    where = spec.describe(key)
    live = _live(conn, spec, key)
    if live is not None and spec.blob:
        data = live.get(spec.blob)
        if data is not None and hashlib.sha256(
            data if isinstance(data, bytes) else str(data).encode()
        ).hexdigest() != str(key):
            return [
                f"{where}: field `{spec.blob}` changed behind the program's back "
                "(its bytes no longer match their SHA-256)"
            ]
    others = [c for c in spec.columns if c not in spec.key]
    if live is not None and not spec.int_key and not spec.blob and len(others) == 1:
        # a link's only field besides its key (an entity link's role)
        return [
            f"{where}: field `{others[0]}` changed behind the program's back "
            f"(file says {_show(live[others[0]])})"
        ]
    lines = []
    for name, value in _recorded(conn, spec, key).items():
        if live is None or name not in live:
            continue
        want = int(value) if isinstance(value, bool) else value
        got = live[name]
        if type(want) is not type(got) or want != got:
            lines.append(
                f"{where}: field `{name}` changed behind the program's back "
                f"(audit says {_show(want)}, file says {_show(got)})"
            )
    return lines or [
        f"{where} changed behind the program's back (it differs from the state the audit "
        "log recorded)"
    ]
