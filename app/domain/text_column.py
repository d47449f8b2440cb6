"""``TextColumn``: many short texts (the timeline's titles) in one UTF-8 buffer and an array
of end offsets, with the list operations the timeline uses: a list of strings without a
Python object per text. A million titles take their UTF-8 bytes plus 8 bytes each, instead of
about 80 bytes each as ``str`` objects (and the heap they fragment).

Reading a text decodes its slice; inserting, deleting and replacing one move the bytes after
it (a memmove, as the timeline's arrays do for an edit). It compares equal to a list of the
same strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np


class TextColumn:
    """A sequence of strings stored as UTF-8 bytes and end offsets."""

    __slots__ = ("_data", "_ends")

    def __init__(self, texts: Iterable[str] = ()) -> None:
        encoded = [t.encode("utf-8") for t in texts]
        self._data = bytearray(b"".join(encoded))
        self._ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)

    @classmethod
    def join(cls, parts: Sequence[tuple[bytes, np.ndarray]]) -> TextColumn:
        """A column from blocks of (UTF-8 bytes of the texts one after another, each text's
        length in bytes)."""
        column = cls()
        column._data = bytearray(b"".join(data for data, _ in parts))
        lengths = [np.asarray(n, dtype=np.int64) for _, n in parts]
        column._ends = np.cumsum(np.concatenate(lengths) if lengths else [], dtype=np.int64)
        if (column._ends[-1] if len(column._ends) else 0) != len(column._data):
            raise ValueError("the lengths do not add up to the bytes given")
        return column

    @classmethod
    def adopt(cls, data: bytearray, lengths: np.ndarray) -> TextColumn:
        """A column over ``data`` (taken over, not copied) holding texts of ``lengths``."""
        column = cls()
        column._data = data
        column._ends = np.cumsum(lengths, dtype=np.int64)
        if (column._ends[-1] if len(column._ends) else 0) != len(data):
            raise ValueError("the lengths do not add up to the bytes given")
        return column

    def __len__(self) -> int:
        return len(self._ends)

    def _span(self, i: int) -> tuple[int, int]:
        n = len(self._ends)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("text index out of range")
        return (int(self._ends[i - 1]) if i else 0), int(self._ends[i])

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        a, b = self._span(int(i))
        return self._data[a:b].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        data, start = self._data, 0
        for end in self._ends.tolist():
            yield data[start:end].decode("utf-8")
            start = end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TextColumn):
            return self._data == other._data and np.array_equal(self._ends, other._ends)
        if isinstance(other, (list, tuple)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment] # mutable, like a list

    def __repr__(self) -> str:
        return f"TextColumn({len(self)} texts, {len(self._data)} bytes)"

    @property
    def nbytes(self) -> int:
        return len(self._data) + int(self._ends.nbytes)

    def take(self, positions: np.ndarray) -> TextColumn:
        """The texts at ``positions`` (in that order), as a new column."""
        positions = np.asarray(positions, dtype=np.int64)
        starts = np.concatenate(([0], self._ends[:-1]))[positions] if len(self) else positions
        lengths = self._ends[positions] - starts if len(self) else positions
        out = TextColumn()
        if not len(positions):
            return out
        total = int(lengths.sum())
        # each byte of the result: its text's start + its offset within the text
        within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        source = np.frombuffer(self._data, dtype=np.uint8)
        out._data = bytearray(source[np.repeat(starts, lengths) + within].tobytes())
        out._ends = np.cumsum(lengths)
        return out

    # ---- the list operations the timeline index patches with

    def __setitem__(self, i: int, text: str) -> None:
        a, b = self._span(int(i))
        encoded = text.encode("utf-8")
        self._data[a:b] = encoded
        self._ends[int(i) % len(self._ends) :] += len(encoded) - (b - a)

    def __delitem__(self, i: int) -> None:
        a, b = self._span(int(i))
        del self._data[a:b]
        k = int(i) % len(self._ends)
        self._ends = np.delete(self._ends, k)
        self._ends[k:] -= b - a

    def insert(self, i: int, text: str) -> None:
        n = len(self._ends)
        k = max(0, min(n, i + n if i < 0 else i))
        at = int(self._ends[k - 1]) if k else 0
        encoded = text.encode("utf-8")
        self._data[at:at] = encoded
        self._ends = np.insert(self._ends, k, at)
        self._ends[k:] += len(encoded)
