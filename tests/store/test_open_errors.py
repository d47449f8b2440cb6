"""Every kind of bad file gets a one-line message naming it, and is left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from pathlib import Path

import pytest

from app.store.case import Case
from app.store.engine import CaseFileError, Mode, NewerSchemaError
from app.store.schema import APPLICATION_ID, SCHEMA_VERSION


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _assert_refused(path: Path, expected: str, mode: Mode = Mode.OPEN) -> CaseFileError:
    folder = path.parent if path.parent.exists() else None
    before = _listing(folder) if folder else None
    digest = _digest(path) if path.is_file() else None
    with pytest.raises(CaseFileError) as info:
        Case.open(path, mode)
    message = str(info.value)
    assert str(path) in message and expected in message
    assert "\n" not in message
    if folder:
        assert _listing(folder) == before, "opening created or removed files"
    if digest:
        assert _digest(path) == digest, "opening changed the file"
    return info.value


def test_missing_path_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing.case"
    _assert_refused(path, "no such file")
    assert not path.exists()


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.case"
    folder.mkdir()
    _assert_refused(folder, "is a folder")


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.case"
    path.write_text("These are some notes, not a case.\n", encoding="utf-8")
    _assert_refused(path, "is a text file")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.case"
    path.write_bytes(b"")
    _assert_refused(path, "is empty")


def test_pdf(tmp_path: Path) -> None:
    from app.interchange.textpdf import text_pdf

    path = tmp_path / "memo.pdf"
    path.write_bytes(text_pdf(["a page"]))
    _assert_refused(path, "is a PDF document")


def test_other_programs_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things(id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO things(name) VALUES ('x')")
    conn.commit()
    conn.close()
    _assert_refused(path, "another program")


def test_truncated_case(new_case: Case, case_path: Path) -> None:
    new_case.close()
    data = case_path.read_bytes()
    truncated = case_path.with_name("truncated.case")
    truncated.write_bytes(data[: len(data) // 2])
    _assert_refused(truncated, "truncated")


def test_truncated_within_header(new_case: Case, case_path: Path) -> None:
    new_case.close()
    cut = case_path.with_name("cut.case")
    cut.write_bytes(case_path.read_bytes()[:60])
    _assert_refused(cut, "truncated")


def test_byte_flipped_case(demo_case: Case) -> None:
    path = demo_case.path
    demo_case.close()
    data = bytearray(path.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    # Damage the page of the events table's b-tree: flip bytes in its cell area.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    conn.close()
    start = (root - 1) * page_size
    for offset in range(start + 8, start + page_size, 7):
        data[offset] ^= 0xFF
    flipped = path.with_name("flipped.case")
    flipped.write_bytes(bytes(data))
    _assert_refused(flipped, "is damaged")


def test_newer_schema_refused_for_editing_and_opens_for_review(
    new_case: Case, case_path: Path
) -> None:
    new_case.close()
    conn = sqlite3.connect(case_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    error = _assert_refused(case_path, "newer Casetrail")
    assert isinstance(error, NewerSchemaError)
    digest = _digest(case_path)
    with Case.open(case_path, Mode.REVIEW) as case:
        assert case.read_only
        assert case.notice and "newer Casetrail" in case.notice
        assert case.title == "Test case"
    assert _digest(case_path) == digest


def test_application_id_is_casetrails(new_case: Case, case_path: Path) -> None:
    new_case.close()
    conn = sqlite3.connect(f"file:{case_path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_new_refuses_to_overwrite(new_case: Case, case_path: Path) -> None:
    digest = _digest(case_path)
    with pytest.raises(CaseFileError, match="already exists"):
        Case.create(case_path, title="Again")
    assert _digest(case_path) == digest


def test_new_in_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="does not exist"):
        Case.create(tmp_path / "no" / "such" / "x.case", title="T")
    assert not (tmp_path / "no").exists()
