"""The one link policy as the UI carries it out: what is refused, confirmed and never run."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.store.case import Case
from app.ui import opener as opener_module
from app.ui.opener import NOTHING_TO_OPEN, SourceOpener


class Hooks:
    """Records what the opener would have told, asked and opened."""

    def __init__(self, answer: bool = False) -> None:
        self.answer = answer
        self.messages: list[tuple[str, str]] = []
        self.questions: list[tuple[str, str]] = []
        self.urls: list[str] = []

    def inform(self, parent: object, title: str, text: str) -> None:
        self.messages.append((title, text))

    def confirm(self, parent: object, title: str, text: str) -> bool:
        self.questions.append((title, text))
        return self.answer

    def open_url(self, url: str) -> None:
        self.urls.append(url)

    def opener(self) -> SourceOpener:
        return SourceOpener(inform=self.inform, confirm=self.confirm, open_url=self.open_url)


def web_source(case: Case, url: str) -> int:
    return case.create_source(title="Web page", kind="web", url=url).created("source")


def linked_source(case: Case, path: Path) -> int:
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=None, size=len(data), original_name=path.name)
    return case.create_source(title="Linked", file_path=str(path), file_sha256=sha).created(
        "source"
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "ftp://example.com/file.pdf",
        "exhibits/report.pdf",
        "   ",
        "http://bank.example@evil.example/",
        "vbscript:msgbox(1)",
        "smb://server/share/doc.pdf",
    ],
)
def test_refused_addresses_are_never_opened(qtbot, new_case, url: str) -> None:
    hooks = Hooks(answer=True)
    result = hooks.opener().open_source(new_case, web_source(new_case, url))
    assert result.status in ("refused", "nothing")
    assert hooks.urls == []
    assert hooks.questions == []
    assert len(hooks.messages) == 1


def test_empty_address_is_nothing_to_open(qtbot, new_case) -> None:
    hooks = Hooks(answer=True)
    result = hooks.opener().open_source(new_case, web_source(new_case, ""))
    assert result.status == "nothing"
    assert hooks.messages == [("Nothing to open", NOTHING_TO_OPEN)]
    assert hooks.urls == []


def test_https_is_opened_only_after_confirmation(qtbot, new_case) -> None:
    source_id = web_source(new_case, "https://News.Example.com/2019/story?id=7")
    hooks = Hooks(answer=False)
    result = hooks.opener().open_source(new_case, source_id)
    assert result.status == "cancelled"
    assert hooks.urls == []
    assert len(hooks.questions) == 1
    assert "https://news.example.com/2019/story?id=7" in hooks.questions[0][1]
    assert "news.example.com" in hooks.questions[0][1]

    hooks.answer = True
    result = hooks.opener().open_source(new_case, source_id)
    assert result.status == "web"
    assert hooks.urls == ["https://news.example.com/2019/story?id=7"]
    assert hooks.messages == []


def test_default_confirmation_is_a_plain_text_box(qtbot, new_case, monkeypatch) -> None:
    seen: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(box)
        return 0  # closed without choosing Open

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    urls: list[str] = []
    opener = SourceOpener(open_url=urls.append)
    result = opener.open_source(new_case, web_source(new_case, "https://example.com/<b>x</b>"))
    assert result.status == "cancelled"
    assert urls == []
    (box,) = seen
    assert "https://example.com/%3Cb%3Ex%3C/b%3E" in box.text()
    from PySide6.QtCore import Qt

    assert box.textFormat() == Qt.TextFormat.PlainText
    assert {b.text() for b in box.buttons()} >= {"Open", "Cancel"}


def test_default_confirmation_open_button(qtbot, new_case, monkeypatch) -> None:
    def click_open(box: QMessageBox) -> int:
        button = next(b for b in box.buttons() if b.text() == "Open")
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_open)
    urls: list[str] = []
    opener = SourceOpener(open_url=urls.append)
    opener.open_source(new_case, web_source(new_case, "https://example.com/a"))
    assert urls == ["https://example.com/a"]


def test_default_browser_hook_is_not_reached_for_refusals(qtbot, new_case, monkeypatch) -> None:
    called: list[object] = []
    monkeypatch.setattr(opener_module, "open_in_browser", lambda url: called.append(url))
    monkeypatch.setattr(opener_module.QDesktopServices, "openUrl", lambda *a: called.append(a))
    hooks = Hooks(answer=True)
    opener = SourceOpener(inform=hooks.inform, confirm=hooks.confirm)
    opener.open_source(new_case, web_source(new_case, "javascript:alert(1)"))
    assert called == []


def _sh(tmp_path: Path) -> Path:
    path = tmp_path / "run.sh"
    path.write_text("#!/bin/sh\necho hi\n")
    path.chmod(0o755)
    return path


def _exe(tmp_path: Path) -> Path:
    path = tmp_path / "setup.exe"
    path.write_bytes(b"just bytes")
    return path


def _mz(tmp_path: Path) -> Path:
    path = tmp_path / "invoice.pdf"  # a program pretending to be a document
    path.write_bytes(b"MZ\x90\x00\x03" + bytes(200))
    return path


def _bit(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("plain words")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("make", [_sh, _exe, _mz, _bit])
def test_executables_are_refused_and_never_launched(
    qtbot, new_case, tmp_path, monkeypatch, make
) -> None:
    if make in (_sh, _bit) and os.name != "posix":
        pytest.skip("POSIX permission bits")
    launched: list[object] = []
    monkeypatch.setattr(opener_module.QDesktopServices, "openUrl", lambda *a: launched.append(a))
    monkeypatch.setattr(os, "startfile", lambda *a: launched.append(a), raising=False)
    hooks = Hooks(answer=True)
    opener = hooks.opener()
    result = opener.open_source(new_case, linked_source(new_case, make(tmp_path)))
    assert result.status == "refused"
    assert result.window is None
    assert opener.windows == []
    assert "program or script" in hooks.messages[0][1]
    assert launched == [] and hooks.urls == [] and hooks.questions == []


def test_symlink_to_a_program_is_refused(qtbot, new_case, tmp_path) -> None:
    target = _exe(tmp_path)
    link = tmp_path / "statement.txt"
    link.symlink_to(target)
    hooks = Hooks()
    result = hooks.opener().open_source(new_case, linked_source(new_case, link))
    assert result.status == "refused"


def test_source_known_only_by_citation(qtbot, demo_case) -> None:
    hooks = Hooks(answer=True)
    result = hooks.opener().open_source(demo_case, 4)
    assert result.status == "nothing"
    assert hooks.messages == [("Nothing to open", NOTHING_TO_OPEN)]
    assert hooks.urls == []


def test_citation_of_a_source_without_url_or_file(qtbot, demo_case) -> None:
    hooks = Hooks(answer=True)
    demo_case.add_citation(event_id=7, source_id=4, stance="context")  # the complaint: no copy
    citation = next(c for c in demo_case.event(7).citations if c.source_id == 4)
    result = hooks.opener().open_citation(demo_case, citation, None)
    assert result.status == "nothing"
    assert hooks.messages[0][1] == NOTHING_TO_OPEN


def test_unknown_source_is_refused(qtbot, new_case) -> None:
    hooks = Hooks()
    result = hooks.opener().open_source(new_case, 999)
    assert result.status == "refused"
    assert "no source 999" in hooks.messages[0][1]


def test_a_folder_is_never_opened(qtbot, new_case, tmp_path) -> None:
    folder = tmp_path / "bundle.pdf"
    folder.mkdir()
    new_case.store_file(sha256="0" * 64, data=None, size=0)
    source_id = new_case.create_source(
        title="Folder", file_path=str(folder), file_sha256="0" * 64
    ).created("source")
    hooks = Hooks()
    assert hooks.opener().open_source(new_case, source_id).status == "refused"
