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
from operator import itemgetter
from typing import Any

from app.store.fingerprints import DIGEST_CHARS, SPECS

_dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def _kinds(rows: Sequence[Sequence[Any]], width: int) -> set[type]:
    """The types of the values in the first ``width`` columns of ``rows``."""
    kinds: set[type] = set()
    for i in range(width):
        kinds.update(map(type, map(itemgetter(i), rows)))
    return kinds


def link_forms(
    table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], tail: Sequence[Any] = ()
) -> list[bytes] | None:
    """The stored forms of ``rows`` (values in ``columns`` order) of fingerprinted ``table``,
    whose further columns in table order, after ``columns``, hold ``tail``; None when the
    columns are not the table's in its order or a value is not plain."""
    spec = SPECS[table]
    width = len(columns)
    if spec.blob or spec.columns != (*columns, *spec.columns[width:]):
        return None
    if len(spec.columns) != width + len(tail) or not set(map(type, tail)) <= {int, str}:
        return None
    kinds = _kinds(rows, width)
    pairs = width == 2 and not tail and kinds == {int} and set(map(type, rows)) == {tuple}
    if pairs:  # (event, tag): no JSON encoder needed
        return list(map(b"[%d,%d]".__mod__, rows))
    if not kinds <= {int, str}:  # a bool is JSON's true but SQLite's 1
        return None
    end = "".join("," + _dumps(v) for v in tail) + "]"
    return [(_dumps(list(r))[:-1] + end).encode("utf-8", "surrogatepass") for r in rows]


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
