"""One-dimensional numpy arrays edited in place: insert, delete and move one entry, and find
one value, without copying the whole array.

An array that grows is given room at its end once (``ROOM`` more entries, about 1/16 of
its length): it is then a view of the first ``n`` entries of a longer buffer, and the
next inserts shift only the entries after the new one inside that buffer (a memmove of
the tail, no allocation, no page faults on fresh memory). A delete shifts the tail down in
place and returns the shorter view of the same buffer. So the cost of one change is the
stretch of entries that must move, never a copy of a million-entry column.

Every function returns the array to use from then on (the same buffer, or a new one when
the room ran out); the array passed in must not be used again. No Qt here.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np


def _room(n: int) -> int:
    return max(n >> 4, 64)


def _spare(array: np.ndarray) -> np.ndarray | None:
    """The buffer ``array`` is the leading part of, when it has room for one more entry."""
    base = array.base
    if (
        isinstance(base, np.ndarray)
        and base.ndim == 1
        and base.dtype == array.dtype
        and base.flags.c_contiguous
        and array.flags.c_contiguous
        and len(base) > len(array)
        and (not len(array) or array.ctypes.data == base.ctypes.data)
        and base.flags.writeable
    ):
        return base
    return None


def _slide(array: np.ndarray, to: int, start: int, stop: int) -> None:
    """Copy the entries ``start:stop`` of ``array`` to begin at ``to``, in place: one C
    ``memmove`` of a contiguous array (numpy copies overlapping slices through a temporary
    array as large as the stretch, allocated afresh for a long one: twice the memory
    traffic and its page faults)."""
    count = stop - start
    if count <= 0 or to == start:
        return
    if array.flags.c_contiguous and array.flags.writeable:
        size = array.itemsize
        base = array.ctypes.data
        ctypes.memmove(base + to * size, base + start * size, count * size)
    else:
        array[to : to + count] = array[start:stop]


def insert(array: np.ndarray, at: int, value: Any) -> np.ndarray:
    """``array`` with ``value`` inserted before position ``at`` (0 <= at <= len)."""
    n = len(array)
    if not 0 <= at <= n:
        raise IndexError(f"insert at {at} of {n} entries")
    buffer = _spare(array)
    if buffer is None:
        buffer = np.empty(n + 1 + _room(n), dtype=array.dtype)
        buffer[:at] = array[:at]
        buffer[at + 1 : n + 1] = array[at:]
    else:
        _slide(buffer, at + 1, at, n)
    buffer[at] = value
    return buffer[: n + 1]


def delete(array: np.ndarray, at: int) -> np.ndarray:
    """``array`` without its entry at ``at`` (in place: the same buffer, one shorter)."""
    n = len(array)
    if not 0 <= at < n:
        raise IndexError(f"delete at {at} of {n} entries")
    if not array.flags.writeable or not array.flags.c_contiguous:
        return np.delete(array, at)
    _slide(array, at, at + 1, n)
    return array[: n - 1]


def move(array: np.ndarray, old: int, new: int, value: Any) -> None:
    """Move the entry at ``old`` to ``new`` (positions counted with it taken out and put
    back) and set it to ``value``, in place: only the entries between shift by one."""
    if new > old:
        _slide(array, old, old + 1, new + 1)
    elif new < old:
        _slide(array, new + 1, new, old)
    array[new] = value


def find(array: np.ndarray, value: Any, hint: int | None = None) -> int:
    """The first position of ``value`` in ``array``, or -1 (one pass, no index list). A
    ``hint`` (where the value was last seen) is checked first and, when it holds the value,
    returned without the pass: for arrays of unique values (ids)."""
    if hint is not None and 0 <= hint < len(array) and array[hint] == value:
        return hint
    if not len(array):
        return -1
    hits = array == value
    at = int(hits.argmax())
    return at if hits[at] else -1
