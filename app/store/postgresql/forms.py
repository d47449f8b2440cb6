"""The canonical form of a row (see :mod:`app.store.fingerprints`) read from PostgreSQL.

A case file computes a row's form with SQLite's ``json_array`` over its columns; here the
same bytes are made in Python from the plain column values, so a row has the same digest in
a case file and in a shared case (a pushed or pulled case's audited digests still hold).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

if TYPE_CHECKING:
    from app.store.fingerprints import Spec

_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch < " ":
            out.append(_SHORT.get(ch) or f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):  # SQLite keeps booleans as 0 and 1
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.15g}"
        return text if any(c in text for c in ".en") else text + ".0"
    return _string(str(value))


def json_array(values: Iterable[Any]) -> bytes:
    """What SQLite's ``CAST(json_array(...) AS BLOB)`` makes of these values."""
    return ("[" + ",".join(_value(v) for v in values) + "]").encode("utf-8", "surrogatepass")


def rows(conn: Connection, spec: Spec, where: str = "", params: Iterable[Any] = ()) -> list[Any]:
    """``spec``'s rows as :func:`app.store.fingerprints.rows` gives them (key columns, form,
    and for stored files the bytes); ``where`` is written with ``?`` marks."""
    columns = list(spec.columns)
    if spec.blob:
        columns.append(spec.blob)
    sql = f"SELECT {', '.join(columns)} FROM {spec.table}{where}{spec.order()}"
    driver = conn.connection.driver_connection
    with driver.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(sql.replace("?", "%s"), tuple(params))
        found = cursor.fetchall()
    n = len(spec.columns)
    key_at = [spec.columns.index(k) for k in spec.key]
    out: list[Any] = []
    for row in found:
        values = list(row[:n])
        if spec.blob:
            blob = row[n]
            values.append("null" if blob is None else "blob")  # typeof(data)
            out.append((*(row[i] for i in key_at), json_array(values), blob and bytes(blob)))
        else:
            out.append((*(row[i] for i in key_at), json_array(values)))
    return out
