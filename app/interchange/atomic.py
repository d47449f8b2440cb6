"""The program's one way of writing a file: all of it or none of it.

:func:`atomic_write` yields a binary file opened on a temporary file beside the target
(same folder, so the final rename stays on one file system). When the ``with`` block ends
normally the data is flushed and fsynced and the temporary file is renamed over the target
with ``os.replace``; when the block raises, or when ``cancelled()`` says so before the
rename, the temporary file is removed and an existing target is left exactly as it was.

The new file gets the permissions any new file of the user gets (``0o666`` less the
umask), not the ``0o600`` of :func:`tempfile.mkstemp`. Writers that need a path rather than
a file (Qt's image and PDF writers) can write into a buffer and then into the yielded
file, or use the temporary file's name (``file.name``).

No Qt here: the interchange layer and the interface both use it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "WriteCancelled",
    "atomic_write",
    "write_bytes_atomically",
    "write_text_atomically",
]


class WriteCancelled(Exception):
    """The write was cancelled before the file was put in place; nothing was changed."""


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


def _open_new(target: Path) -> tuple[Path, BinaryIO]:
    for _ in range(100):
        tmp = _temp_path(target)
        try:
            # "x" creates with mode 0o666, which the kernel narrows by the umask
            return tmp, open(tmp, "xb")  # noqa: SIM115 - closed by atomic_write
        except FileExistsError:
            continue
    raise FileExistsError(f"{target}: no free temporary name beside it")


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, cancelled: Callable[[], bool] | None = None
) -> Iterator[BinaryIO]:
    """Write ``path`` through a temporary file that replaces it only when all went well.

    Raises :class:`WriteCancelled` (after removing the temporary file) when ``cancelled``
    returns true at the end of the block; any exception from the block propagates the same
    way, with the old file untouched and no temporary file left behind.
    """
    target = Path(path)
    tmp, fh = _open_new(target)
    try:
        try:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fh.close()
        if cancelled is not None and cancelled():
            raise WriteCancelled(f"{target}: the write was cancelled; nothing was changed")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path) as fh:
        fh.write(data)


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    write_bytes_atomically(path, text.encode("utf-8"))
