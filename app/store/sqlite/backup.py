"""Copies of a case file made with SQLite's online backup API: on request, and beside an
older case before it is migrated."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.store.engine import Mode
from app.store.sqlite.connect import _uri


def backup_file(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """Copy a case with SQLite's online backup API (consistent even while it is open)."""
    source = sqlite3.connect(_uri(Path(src), Mode.REVIEW), uri=True)
    target = sqlite3.connect(str(dst))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def backup_before_migration(path: str | os.PathLike[str], version: int) -> Path:
    """Copy the case aside (``NAME.schema-N.bak``) before migrating it; return the copy."""
    p = Path(path)
    target = p.with_name(f"{p.name}.schema-{version}.bak")
    n = 1
    while target.exists():
        n += 1
        target = p.with_name(f"{p.name}.schema-{version}.{n}.bak")
    backup_file(p, target)
    return target
