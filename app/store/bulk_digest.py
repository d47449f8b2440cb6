"""The SHA-256 that a bulk insert's audit row records for the rows it meant to insert: of the
UTF-8 JSON array ``[columns, rows]`` (compact separators, non-ASCII kept; see
:mod:`app.store.bulk`), made a block of rows at a time (no 20 MB string at once). The bytes
hashed are those of the one-piece ``json.dumps`` (tests/store/test_bulk_digest.py).

It is made on the inserting thread. A second thread does not help: the insert takes the
interpreter back between every two rows, and each time it waits out the switch interval
while the digest holds it, so that the two ran one after the other (measured slower).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import islice
from typing import Any

BLOCK = 1000  # rows per json.dumps

_dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def payload_sha256(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The hex SHA-256 of ``json.dumps([list(columns), rows], ensure_ascii=False,
    separators=(",", ":"))`` encoded as UTF-8."""
    digest = hashlib.sha256()
    digest.update(("[" + _dumps(list(columns)) + ",[").encode("utf-8"))
    source = iter(rows)
    first = True
    while block := list(islice(source, BLOCK)):
        if not first:
            digest.update(b",")
        digest.update(_dumps(block)[1:-1].encode("utf-8"))
        first = False
    digest.update(b"]]")
    return digest.hexdigest()


@contextmanager
def digest_beside(
    columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Iterator[Callable[[], str]]:
    """The digest of ``rows`` for use inside the block (the function yielded returns it)."""
    value = payload_sha256(columns, rows)
    yield lambda: value
