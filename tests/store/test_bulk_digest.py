"""The bulk insert's audit digest, made a block at a time, hashes exactly the bytes of the
one-piece JSON."""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from app.store.bulk_digest import digest_beside, payload_sha256


def _one_piece(columns: list[str], rows: list[tuple[object, ...]]) -> str:
    payload = json.dumps([columns, rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _rows(n: int, seed: int) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    texts = ["", "plain", 'quo"te', "back\\slash", "ünï ☃ 𝄞", "tab\tnew\nline", "\x1f\x7f"]
    return [
        (i, rng.choice(texts), rng.choice([None, True, False]), rng.randint(-(2**62), 2**62))
        for i in range(n)
    ]


@pytest.mark.parametrize("n", [0, 1, 999, 1000, 1001, 2500])
def test_blocks_hash_the_one_piece_json(n: int) -> None:
    columns = ["id", "title", "flag", "seconds"]
    rows = _rows(n, n)
    assert payload_sha256(columns, rows) == _one_piece(columns, rows)
    assert payload_sha256(tuple(columns), [list(r) for r in rows]) == _one_piece(columns, rows)


def test_digest_beside_gives_the_same_digest() -> None:
    rows = _rows(3000, 7)
    with digest_beside(["a", "b", "c", "d"], rows) as digest:
        value = digest()
    assert value == _one_piece(["a", "b", "c", "d"], rows)


def test_an_unwritable_value_is_an_error() -> None:
    with pytest.raises(TypeError), digest_beside(["a"], [(object(),)] * 5) as digest:
        digest()
