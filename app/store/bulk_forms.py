"""The canonical forms (:mod:`app.store.fingerprints`) of link rows a bulk import inserts, made
from the values it inserts, so that neither the audit row's ``sha256`` nor the transaction's
state has to read the rows back or encode them twice.

A link row's form is what SQLite's ``json_array`` makes of its columns in table order: for
integers and text exactly what ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``
makes of them (the same escapes, ``\\b \\t \\n \\f \\r`` and ``\\u00XX`` for other control
characters; see :mod:`app.store.postgresql.forms`). One form per row then serves both:

- the row's digest (the first 16 hex digits of its SHA-256), and
- the bulk payload's SHA-256 (:func:`app.store.bulk_digest.payload_sha256`), which is of
  ``[columns, rows]``, each row's JSON being its form when the columns inserted are the
  table's (tests/store/test_bulk_forms.py holds the two to the same bytes).

Only plain ``int`` and ``str`` values are taken (a ``bool`` is JSON ``true`` but SQLite's 1);
anything else answers None, and the caller reads the rows back as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import partial
from itertools import repeat
from json.encoder import encode_basestring
from operator import itemgetter, methodcaller
from typing import Any

from app.store.fingerprints import DIGEST_CHARS, SPECS

_dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def _kind(rows: Sequence[Sequence[Any]], i: int) -> type | None:
    """The one type of the values in column ``i`` of ``rows`` when it is ``int`` (not a
    bool: JSON's true is SQLite's 1) or ``str``; else None."""
    kinds = set(map(type, map(itemgetter(i), rows)))
    return kinds.pop() if len(kinds) == 1 and kinds <= {int, str} else None


def link_forms(
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    tail: Sequence[Any] = (),
    ints: Sequence[bool] = (),
) -> list[bytes] | None:
    """The stored forms of ``rows`` (values in ``columns`` order) of fingerprinted ``table``,
    whose further columns in table order, after ``columns``, hold ``tail``; None when the
    columns are not the table's in its order or a column's values are not all plain ints or
    all plain strings. ``ints`` names the columns (by a true value at their place) that the
    caller made plain ints itself (with ``int()``), whose values need no looking at.

    Each form is one template filled in (C code, no encoder made per row): integers as
    ``%d``, texts escaped by the JSON encoder's own string function."""
    spec = SPECS[table]
    width = len(columns)
    if spec.blob or spec.columns != (*columns, *spec.columns[width:]):
        return None
    if len(spec.columns) != width + len(tail) or not set(map(type, tail)) <= {int, str}:
        return None
    if not rows:
        return []
    known = (*ints, *repeat(False, width - len(ints)))
    kinds = [int if known[i] else _kind(rows, i) for i in range(width)]
    if None in kinds:
        return None
    end = "".join("," + _dumps(v) for v in tail).replace("%", "%%") + "]"
    template = "[" + ",".join("%d" if k is int else "%s" for k in kinds) + end
    values = [
        map(itemgetter(i), rows) if k is int else map(encode_basestring, map(itemgetter(i), rows))
        for i, k in enumerate(kinds)
    ]
    if str not in kinds:
        fill = template.encode().__mod__
        if set(map(type, rows)) == {tuple} and set(map(len, rows)) == {width}:  # as they are
            return list(map(fill, rows))
        return list(map(fill, zip(*values, strict=True)))
    texts = map(template.__mod__, zip(*values, strict=True))
    return list(map(methodcaller("encode", "utf-8", "surrogatepass"), texts))


def payload_sha256(columns: Sequence[str], forms: Sequence[bytes]) -> str:
    """:func:`app.store.bulk_digest.payload_sha256` of the rows whose JSON are ``forms``."""
    digest = hashlib.sha256()
    digest.update(("[" + _dumps(list(columns)) + ",[").encode("utf-8"))
    digest.update(b",".join(forms))
    digest.update(b"]]")
    return digest.hexdigest()


def row_digests(forms: Sequence[bytes]) -> list[str]:
    """Each form's digest, as :func:`app.store.fingerprints.digest` makes it."""
    sha, n = hashlib.sha256, DIGEST_CHARS
    return [sha(form).hexdigest()[:n] for form in forms]
