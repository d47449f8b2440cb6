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

import errno
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "WriteCancelled",
    "atomic_write",
    "cannot_write",
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
    try:
        tmp, fh = _open_new(target)
    except OSError as error:
        raise _naming(error, target) from None
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
    except OSError as error:
        _remove_quietly(tmp)
        raise _naming(error, target) from None
    except BaseException:
        _remove_quietly(tmp)
        raise
    _fsync_folder(target.parent)


def _remove_quietly(tmp: Path) -> None:
    """Remove the temporary file; a failure here must not hide why the write failed."""
    with suppress(OSError):
        tmp.unlink(missing_ok=True)


def _naming(error: OSError, target: Path) -> OSError:
    """``error`` as raised about ``target`` (not about the temporary file)."""
    if error.errno is None:
        return error
    return OSError(error.errno, error.strerror, str(target))


def cannot_write(path: str | os.PathLike[str], error: OSError) -> str:
    """One line for a file that could not be written: what, where and why in plain words."""
    target = Path(path)
    code = error.errno
    if code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        why = "the disk is full or a file size limit was reached"
        if error.strerror:
            why += f": {error.strerror}"
    elif code == errno.ENOENT:
        why = f"folder {target.parent} does not exist"
    elif code == errno.EISDIR or target.is_dir():
        why = "it is a folder"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "read-only or not permitted"
    elif code == errno.ENOTDIR:
        why = f"{target.parent} is not a folder"
    else:
        why = error.strerror or str(error)
    return f"{target}: cannot be written ({why}); any existing file is unchanged"


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path) as fh:
        fh.write(data)


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    write_bytes_atomically(path, text.encode("utf-8"))
