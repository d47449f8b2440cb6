"""Source files on disk: hashing and checking that a linked file is still the one cited."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from app.domain.records import SourceRecord

CHUNK = 1 << 20


def sha256_file(
    path: str | os.PathLike[str], progress: Callable[[int, int], bool] | None = None
) -> tuple[str, int]:
    """SHA-256 and size of a file, read in 1 MiB chunks.

    ``progress(done, total)`` is called after each chunk; returning False cancels
    (``InterruptedError``).
    """
    digest = hashlib.sha256()
    total = os.path.getsize(path)
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress is not None and progress(done, total) is False:
                raise InterruptedError("hashing was cancelled")
    return digest.hexdigest(), done


def resolve_linked(source: SourceRecord, case_path: Path) -> Path:
    """Where a linked source file is: relative paths are relative to the case's folder."""
    p = Path(source.file_path)
    return p if p.is_absolute() else case_path.parent / p


def linked_file_state(source: SourceRecord, case_path: Path) -> tuple[str, str | None]:
    """("verified" | "changed" | "missing" | "no file", problem or None) for a linked file."""
    if source.file_stored or not source.file_path or not source.file_sha256:
        return "no file", None
    where = resolve_linked(source, case_path)
    if not where.is_file():
        return "missing", f"linked file {where} is missing"
    try:
        digest, _ = sha256_file(where)
    except OSError as error:
        return "missing", f"linked file {where} cannot be read ({error.strerror or error})"
    if digest != source.file_sha256:
        return "changed", f"linked file {where} has changed since it was registered"
    return "verified", None
