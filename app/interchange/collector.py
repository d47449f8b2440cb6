"""Keeping Python's cyclic garbage collector out of a bulk import's way.

Checking and writing 100,000 rows makes millions of tuples, and the cyclic collector runs a
pass every few hundred new containers; its older generations then walk every live one, so
that at 100k rows the collector alone took a third of the import. The tuples of an import
form no reference cycles (reference counting frees them), so :func:`paused` switches the
collector off while the import runs and back on (as it was) after it, errors included.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks are fine)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
