"""The SHA-256 that a bulk insert's audit row records for the rows it meant to insert: of the
UTF-8 JSON array ``[columns, rows]`` (compact separators, non-ASCII kept; see
:mod:`app.store.bulk`), made a block of rows at a time.

For many rows it is made on a second thread while the rows go into the database: SQLite
lets go of the interpreter while it writes each row, so the JSON and the hash cost the
import next to nothing on a machine with a second core. The bytes hashed are those of the
one-piece ``json.dumps`` (tests/store/test_bulk_digest.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import islice
from typing import Any

BLOCK = 1000  # rows per json.dumps (each holds the interpreter while it runs)
THREAD_FROM = 20_000  # rows from which the digest is made beside the insert

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
    """Inside the block, the digest of ``rows`` is being made (on a second thread when they
    are many); the function yielded waits for it and returns it."""
    if len(rows) < THREAD_FROM:
        value = payload_sha256(columns, rows)
        yield lambda: value
        return
    with ThreadPoolExecutor(1, thread_name_prefix="bulk-digest") as pool:
        future = pool.submit(payload_sha256, columns, rows)
        yield future.result
