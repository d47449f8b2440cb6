"""Writing an exhibit pack all or nothing: ``OUT.pdf`` and, beside it, the original files
with their ``SHA256SUMS`` manifest, as the folder ``OUT files`` or the ZIP ``OUT files.zip``.

Everything is first written under temporary names beside the target (the originals, then
the PDF); only when all of it is there, and the work was not cancelled, are they renamed
into place. A failure or a cancellation removes what was staged and leaves any earlier pack
as it was. A folder of that name that is not an earlier pack (it has no ``SHA256SUMS``) is
never replaced. No Qt here: the PDF comes in as bytes.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from app.interchange.atomic import WriteCancelled, cannot_write
from app.interchange.exhibits import NOT_PRODUCED, Exhibit

__all__ = ["PackProblem", "manifest", "originals_path", "write_pack"]

MANIFEST = "SHA256SUMS"


class PackProblem(Exception):
    """The pack cannot be written; the message names what and where."""


def originals_path(out: Path, *, as_zip: bool = False) -> Path:
    """Where the originals go: the folder ``NAME files`` or ``NAME files.zip`` beside
    ``NAME.pdf``."""
    return out.with_name(f"{out.stem} files" + (".zip" if as_zip else ""))


def manifest(exhibits: list[Exhibit]) -> tuple[list[tuple[str, bytes]], bytes]:
    """The produced exhibits' files as (file name, data) and the ``SHA256SUMS`` text, where
    an exhibit not produced is a comment line saying so."""
    files, lines = [], []
    for exhibit in exhibits:
        if not exhibit.produced:
            lines.append(f"# Exhibit {exhibit.label}: {NOT_PRODUCED} ({exhibit.description})")
            continue
        safe = re.sub(r"[^\w.\- ]", "_", exhibit.name) or "file"
        label = re.sub(r"[^\w.-]", "_", exhibit.label)
        name = f"Ex {label} - {safe}"
        files.append((name, exhibit.data))
        lines.append(f"{exhibit.sha256}  {name}")
    return files, ("\n".join(lines) + "\n").encode("utf-8")


def _staged(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


def _remove(path: Path) -> None:
    with suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def write_pack(
    out: Path,
    pdf: bytes,
    exhibits: list[Exhibit],
    *,
    as_zip: bool = False,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Path:
    """Write the pack (see the module docstring); return where the originals went.

    Raises :class:`PackProblem` (nothing changed) or :class:`WriteCancelled`."""
    target = originals_path(out, as_zip=as_zip)
    if out.is_dir():
        raise PackProblem(f"{out}: is a folder; choose a file name for the PDF")
    if target.is_dir() != (not as_zip) and target.exists():
        raise PackProblem(f"{target}: is in the way; move it or choose another name")
    if not as_zip and target.is_dir() and not (target / MANIFEST).is_file():
        raise PackProblem(
            f"{target}: this folder is not an earlier exhibit pack (it has no {MANIFEST}); "
            "move it or choose another name"
        )
    files, sums = manifest(exhibits)
    staged_originals, staged_pdf = _staged(target), _staged(out)
    old = _staged(target)
    where, moved = target, False
    try:
        if as_zip:
            with zipfile.ZipFile(staged_originals, "x", zipfile.ZIP_DEFLATED) as archive:
                for k, (name, data) in enumerate(files):
                    if cancelled is not None and cancelled():
                        raise WriteCancelled
                    archive.writestr(name, data)
                    if progress is not None:
                        progress(k + 1, len(files))
                archive.writestr(MANIFEST, sums)
        else:
            staged_originals.mkdir()
            for k, (name, data) in enumerate(files):
                if cancelled is not None and cancelled():
                    raise WriteCancelled
                (staged_originals / name).write_bytes(data)
                if progress is not None:
                    progress(k + 1, len(files))
            (staged_originals / MANIFEST).write_bytes(sums)
        where = out
        with open(staged_pdf, "xb") as fh:
            fh.write(pdf)
            fh.flush()
            os.fsync(fh.fileno())
        if cancelled is not None and cancelled():
            raise WriteCancelled
        where = target
        if target.exists():
            target.rename(old)  # the earlier pack's originals, removed once all is in
        os.replace(staged_originals, target)
        moved = True
        where = out
        os.replace(staged_pdf, out)
    except OSError as error:
        _remove(staged_originals)
        _remove(staged_pdf)
        if moved:
            _remove(target)
        if old.exists() and not target.exists():
            with suppress(OSError):
                old.rename(target)
        if where == out:
            raise PackProblem(cannot_write(out, error)) from None
        why = error.strerror or str(error)
        raise PackProblem(f"{target}: cannot be written ({why}); nothing was changed") from None
    except BaseException:
        _remove(staged_originals)
        _remove(staged_pdf)
        raise
    _remove(old)
    return target
