"""The one atomic file writer: all of the new file or the old file untouched, no temporary
file left behind, and the permissions any new file of the user gets."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.interchange.atomic import (
    WriteCancelled,
    atomic_write,
    write_bytes_atomically,
    write_text_atomically,
)


def test_writes_the_whole_file(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    with atomic_write(out) as fh:
        fh.write(b"one ")
        fh.write(b"two")
    assert out.read_bytes() == b"one two"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old")
    write_text_atomically(out, "new \u00e9")
    assert out.read_text(encoding="utf-8") == "new \u00e9"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old contents")
    with pytest.raises(RuntimeError), atomic_write(out) as fh:
        fh.write(b"half a report")
        assert Path(fh.name).parent == tmp_path and Path(fh.name).exists()
        raise RuntimeError("disk on fire")
    assert out.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_failed_write_of_a_new_file_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "new.csv"
    with pytest.raises(KeyboardInterrupt), atomic_write(out) as fh:
        fh.write(b"x")
        raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_cancelled_write_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    out.write_bytes(b"old")
    with pytest.raises(WriteCancelled), atomic_write(out, cancelled=lambda: True) as fh:
        fh.write(b"new")
    assert out.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["events.csv"]
    with atomic_write(out, cancelled=lambda: False) as fh:
        fh.write(b"new")
    assert out.read_bytes() == b"new"


def test_failed_rename_removes_the_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "folder"
    out.mkdir()
    (out / "inside").write_text("x")  # a non-empty folder cannot be replaced by a file
    with pytest.raises(OSError):
        write_bytes_atomically(out, b"data")
    assert sorted(os.listdir(tmp_path)) == ["folder"]


def test_missing_folder_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_bytes_atomically(tmp_path / "missing" / "out.bin", b"data")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_permissions_follow_the_umask(tmp_path: Path, umask: int) -> None:
    out = tmp_path / "out.json"
    old = os.umask(umask)
    try:
        write_bytes_atomically(out, b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
