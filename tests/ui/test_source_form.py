"""Source intake: hashed off the UI thread, stored once, Bates validated."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QDialogButtonBox

from app.store.case import Case
from app.ui.dialogs.source_form import IntakeError, SourceForm, prepare_source


def save_enabled(form: SourceForm) -> bool:
    return form.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def hashed_form(qtbot, path: Path) -> SourceForm:  # type: ignore[no-untyped-def]
    form = SourceForm(None, path=path)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: not form.hashing(), timeout=10_000)
    qtbot.waitUntil(lambda: form.hashed is not None, timeout=10_000)
    assert form.wait_for_hash()  # its thread has ended too: the form may be deleted after the test
    return form


def test_file_is_hashed_with_progress_and_stored_once(
    qtbot, new_case: Case, tmp_path: Path
) -> None:
    path = tmp_path / "exhibit.pdf"
    data = os.urandom(3 * 1024 * 1024 + 17)
    path.write_bytes(data)
    form = SourceForm(None)
    qtbot.addWidget(form)
    seen: list[tuple[int, int]] = []
    form.set_file(path)
    assert form.job is not None
    form.job.progressed.connect(lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: form.hashed is not None, timeout=10_000)
    assert form.wait_for_hash()
    assert seen and seen[-1] == (len(data), len(data))
    assert form.hashed.sha256 == hashlib.sha256(data).hexdigest()
    assert form.hashed.size == len(data) and form.title_edit.text() == "exhibit"
    assert save_enabled(form)
    fields = prepare_source(new_case, form.draft())
    sid = new_case.create_source(**fields).created("source")
    again = prepare_source(new_case, form.draft())
    new_case.create_source(**again)
    source = new_case.source(sid)
    assert source.file_stored and source.file_sha256 == hashlib.sha256(data).hexdigest()
    with new_case._engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM source_files").scalar_one()
    assert stored == 1  # the same file twice is stored once
    assert new_case.file_data(source.file_sha256) == data
    assert new_case.check() == []


def test_linked_file_keeps_its_path(qtbot, new_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    form = hashed_form(qtbot, path)
    form.link_radio.setChecked(True)
    fields = prepare_source(new_case, form.draft())
    source = new_case.source(new_case.create_source(**fields).created("source"))
    assert not source.file_stored and source.file_path == str(path)
    assert new_case.file_data(source.file_sha256) is None


def test_file_changed_after_hashing_is_refused(qtbot, new_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("first\n")
    form = hashed_form(qtbot, path)
    path.write_text("second\n")
    with pytest.raises(IntakeError, match="changed after it was hashed"):
        prepare_source(new_case, form.draft())


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("ABC0001", "ABC0010", True),
        ("ABC0010", "ABC0001", False),
        ("ABC0001", "XYZ0002", False),
        ("ABC0001", "ABC01", False),
        ("", "", True),
    ],
)
def test_bates_validation(qtbot, start: str, end: str, ok: bool) -> None:
    form = SourceForm(None)
    qtbot.addWidget(form)
    form.title_edit.setText("Production")
    form.bates_start.setText(start)
    form.bates_end.setText(end)
    assert save_enabled(form) is ok
    if ok:
        assert (form.draft().bates_start, form.draft().bates_end) == (start, end)
    else:
        assert form.problem.text().startswith("Bates:")


def test_programs_and_bad_urls_are_refused(qtbot, tmp_path: Path) -> None:
    script = tmp_path / "run.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    form = SourceForm(None, path=script)
    qtbot.addWidget(form)
    assert form.hashed is None and "program" in form.file_label.text()
    form.title_edit.setText("x")
    form.url_edit.setText("javascript:alert(1)")
    assert not save_enabled(form) and form.problem.text().startswith("URL:")


def test_cancel_hashing(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "big.dat"
    path.write_bytes(b"\0" * (64 * 1024 * 1024))
    form = SourceForm(None)
    qtbot.addWidget(form)
    form.set_file(path)
    form._cancel_hashing()
    qtbot.waitUntil(lambda: not form.hashing(), timeout=20_000)
    assert form.wait_for_hash()
    assert form.hashed is None and "cancelled" in form.file_label.text()


def test_unreadable_file_says_so(qtbot, tmp_path: Path, monkeypatch) -> None:
    import app.ui.dialogs.source_form as source_form

    def unreadable(path: Path, report: object) -> tuple[str, int]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(source_form, "sha256_file", unreadable)
    path = tmp_path / "locked.txt"
    path.write_text("x")
    form = SourceForm(None, path=path)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: not form.hashing(), timeout=10_000)
    assert form.hashed is None and "cannot be read (Permission denied)" in form.file_label.text()
    assert str(path) in form.file_label.text()


def test_tiny_files_always_finish_hashing_under_cpu_pressure(qtbot, tmp_path: Path) -> None:
    """A hash that ends before the dialog gets back to its event loop is never lost (the form
    used to connect its handlers after starting the thread and could wait forever)."""
    # two busy processes (not threads: they would only fight this one for the GIL) keep the
    # cores busy so that when the hashing thread runs, and ends, varies
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        for i in range(40):
            path = tmp_path / f"tiny{i}.txt"
            path.write_bytes(b"x" * (i % 3))
            form = SourceForm(None)
            qtbot.addWidget(form)
            form.set_file(path)
            if i % 2:
                assert form.wait_for_hash()  # the thread has ended before any event is seen
            else:
                QThread.yieldCurrentThread()
            qtbot.waitUntil(lambda f=form: not f.hashing(), timeout=10_000)
            assert form.hashed is not None
            assert form.hashed.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
            assert save_enabled(form)
            form.close()
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
