"""TextColumn behaves as the list of strings it stores, through random edits."""

from __future__ import annotations

import random

import numpy as np
import pytest

from app.domain.text_column import TextColumn

WORDS = ["", "a", "merger", "Zürich – café", "日本語の題名", "x" * 300, "emoji 🙂 here"]


def test_random_edits_match_a_list() -> None:
    rng = random.Random(5)
    texts = [rng.choice(WORDS) + str(k) for k in range(50)]
    column, model = TextColumn(texts), list(texts)
    for step in range(400):
        kind = rng.randrange(3)
        text = rng.choice(WORDS) + f"#{step}"
        if kind == 0 or not model:
            i = rng.randrange(-len(model) - 1, len(model) + 2)
            column.insert(i, text)
            model.insert(i, text)
        elif kind == 1:
            i = rng.randrange(-len(model), len(model))
            del column[i]
            del model[i]
        else:
            i = rng.randrange(-len(model), len(model))
            column[i] = text
            model[i] = text
        assert len(column) == len(model)
    assert column == model and list(column) == model
    assert [column[i] for i in range(-len(model), len(model))] == model + model
    assert column[3:10:2] == model[3:10:2]
    with pytest.raises(IndexError):
        column[len(model)]


def test_join_and_take() -> None:
    texts = WORDS * 3
    blocks = [texts[:5], texts[5:], []]
    parts = [
        (
            "".join(b).encode(),
            np.array([len(t.encode()) for t in b], dtype=np.int64),
        )
        for b in blocks
    ]
    column = TextColumn.join(parts)
    assert column == texts
    picked = np.array([4, 0, 20, 4, 7])
    assert column.take(picked) == [texts[i] for i in picked]
    assert column.take(np.zeros(0, np.int64)) == []
    assert TextColumn().take(np.zeros(0, np.int64)) == []
    assert column.nbytes == len("".join(texts).encode()) + 8 * len(texts)
    with pytest.raises(ValueError):
        TextColumn.join([(b"abc", np.array([1]))])
