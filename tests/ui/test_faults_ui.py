"""Faults as the window meets them (issue 10): a case that cannot be written is offered for
review, and a linked source file outside the case's folder is named in full before it is
read."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.store.case import Case
from app.ui.app import open_case_for_gui
from app.ui.opener import TITLE_OUTSIDE, SourceOpener


@pytest.fixture
def read_only_case(demo_case_path: Path):  # type: ignore[no-untyped-def]
    """The demo case made really unwritable (immutable as root, 0444 otherwise)."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(demo_case_path)], capture_output=True).returncode:
            pytest.skip("root, and chattr +i is not available here")
    else:
        demo_case_path.chmod(0o444)
    try:
        yield demo_case_path
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(demo_case_path)], check=True)
        else:
            demo_case_path.chmod(0o644)


def _answer_boxes(monkeypatch, button_text: str | None) -> list[tuple[str, list[str]]]:
    """Message boxes are answered by clicking the button named ``button_text`` (or Cancel)."""
    seen: list[tuple[str, list[str]]] = []

    def exec_box(self: QMessageBox) -> int:
        names = [b.text() for b in self.buttons()]
        seen.append((self.text(), names))
        for button in self.buttons():
            if button_text is not None and button.text() == button_text:
                button.click()
                return 0
        cancel = self.button(QMessageBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    return seen


def test_window_offers_review_for_a_read_only_case(
    make_window, new_case: Case, read_only_case: Path, monkeypatch
) -> None:
    window = make_window(new_case)
    seen = _answer_boxes(monkeypatch, "Open for Review")
    assert window.open_path(read_only_case)
    text, buttons = seen[-1]
    assert "read-only; open it for review" in text and "Open for Review" in buttons
    assert window.case is not None and window.case.read_only
    assert window.windowTitle().endswith("Review (read-only)")


def test_declining_review_keeps_the_open_case(
    make_window, new_case: Case, read_only_case: Path, monkeypatch
) -> None:
    window = make_window(new_case)
    _answer_boxes(monkeypatch, None)
    assert window.open_path(read_only_case) is False
    assert window.case is new_case


def test_starting_on_a_read_only_case_offers_review(
    qtbot, read_only_case: Path, monkeypatch
) -> None:
    _answer_boxes(monkeypatch, "Open for Review")
    case, problem = open_case_for_gui(read_only_case, review=False)
    assert problem is None and case is not None and case.read_only
    case.close()


class Hooks:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.questions: list[tuple[str, str]] = []
        self.messages: list[tuple[str, str]] = []

    def confirm(self, parent: object, title: str, text: str) -> bool:
        self.questions.append((title, text))
        return self.answer

    def inform(self, parent: object, title: str, text: str) -> None:
        self.messages.append((title, text))

    def opener(self) -> SourceOpener:
        return SourceOpener(confirm=self.confirm, inform=self.inform, open_url=lambda url: None)


def _linked(case: Case, file_path: str, data: bytes) -> int:
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=None, size=len(data), original_name="notes.txt")
    return case.create_source(title="Linked", file_path=file_path, file_sha256=sha).created(
        "source"
    )


@pytest.mark.parametrize("how", ["absolute", "dot-dot"])
def test_linked_file_outside_the_case_folder_is_named_before_it_is_read(
    qtbot, empty_case, tmp_path: Path, monkeypatch, how: str
) -> None:
    (tmp_path / "cases").mkdir()
    case = empty_case(tmp_path / "cases" / "c.case")
    outside = tmp_path / "elsewhere" / "notes.txt"
    outside.parent.mkdir()
    outside.write_text("a note outside the case's folder")
    link = str(outside) if how == "absolute" else "../elsewhere/notes.txt"
    source_id = _linked(case, link, outside.read_bytes())
    read: list[Path] = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real_read(self))

    declined = Hooks(answer=False)
    result = declined.opener().open_source(case, source_id)
    assert result.status == "cancelled" and result.window is None
    ((title, text),) = declined.questions
    assert title == TITLE_OUTSIDE and str(outside.resolve()) in text
    assert read == []  # neither shown nor hashed before the person agreed

    accepted = Hooks(answer=True)
    result = accepted.opener().open_source(case, source_id)
    assert result.status == "shown" and result.reason == ""  # verified
    assert len(accepted.questions) == 1
    result.window.close()


def test_linked_file_inside_the_case_folder_opens_without_question(
    qtbot, empty_case, tmp_path: Path
) -> None:
    case = empty_case(tmp_path / "c.case")
    inside = tmp_path / "exhibits" / "notes.txt"
    inside.parent.mkdir()
    inside.write_text("a note beside the case")
    hooks = Hooks(answer=False)
    result = hooks.opener().open_source(
        case, _linked(case, "exhibits/notes.txt", inside.read_bytes())
    )
    assert result.status == "shown" and hooks.questions == []
    result.window.close()
