"""Memory a big case frees goes back to the system, so that opening one peaks lower.

Opening a million-event case makes and frees many temporaries of several megabytes (numpy
arrays as big as a column), some on worker threads. With glibc's defaults, the threshold
above which a block gets its own mapping (and is unmapped when freed) rises to the size of
the largest block freed so far, so later blocks of that size come from the heap instead and
stay resident after they are freed; and each worker thread gets a heap (arena) of its own.
:func:`return_freed_memory` fixes the threshold (``M_MMAP_THRESHOLD``) and keeps one arena
per core at most (``M_ARENA_MAX``). Elsewhere than glibc it does nothing. The first frame
calls it once it has painted (its read keeps the allocator's defaults).
"""

from __future__ import annotations

import os
import sys

M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD = 1 << 20  # bytes: blocks this big are mapped on their own (a slice's are smaller)


def return_freed_memory() -> bool:
    """Set glibc's allocation policy for this process; True when it was set."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, not before the window's first paint

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process runs on
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    fixed = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    arenas = mallopt(M_ARENA_MAX, max(2, min(os.cpu_count() or 2, 8))) == 1
    return fixed and arenas
