"""The link policy as decisions (pure; no Qt)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.links import decide_url, is_executable


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://example.com", "https://example.com/"),
        ("HTTP://Example.COM:80/a?b=1#c", "http://example.com/a?b=1#c"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("  https://example.com/report  ", "https://example.com/report"),
        ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
        ("https://example.com/café", "https://example.com/caf%C3%A9"),
    ],
)
def test_web_addresses_are_confirmed(text: str, url: str) -> None:
    decision = decide_url(text)
    assert decision.action == "confirm_web"
    assert decision.url == url
    assert url in decision.reason


def test_idn_host_is_shown_as_punycode() -> None:
    decision = decide_url("https://bücher.example/x")
    assert decision.action == "confirm_web"
    assert decision.host == "xn--bcher-kva.example"
    assert decision.url == "https://xn--bcher-kva.example/x"
    assert "xn--bcher-kva.example" in decision.reason


def test_credentials_trick_is_refused_naming_the_real_host() -> None:
    decision = decide_url("http://bank.com@evil.example/login")
    assert decision.action == "refuse"
    assert "evil.example" in decision.reason


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("javascript:alert(1)", "run code"),
        ("JavaScript:alert(1)", "run code"),
        ("vbscript:msgbox", "run code"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data:"),
        ("file:///etc/passwd", "registered"),
        ("ftp://example.com/x", "ftp:"),
        ("mailto:someone@example.com", "mailto:"),
        ("casetrail-custom://x", "casetrail-custom:"),
        ("docs/exhibit.pdf", "not a full web address"),
        ("//example.com/x", "not a full web address"),
        ("C:/Windows/notepad.exe", "Windows drive"),
        ("", "no web address"),
        ("   ", "no web address"),
        ("https://exa mple.com", "spaces"),
        ("https://example.com/\nx", "spaces"),
        ("https://example.com/\x00", "control character"),
        ("https://exa\u202eelpmaxe.com", "U+202E"),
        ("https://evil.example\\@bank.com", "backslash"),
        ("http:///path", "no site"),
        ("https://ex_ample.com/", "not valid"),
        ("https://example.com:99999/", "not valid"),
    ],
)
def test_everything_else_is_refused(text: str, words: str) -> None:
    decision = decide_url(text)
    assert decision.action == "refuse"
    assert words in decision.reason


@given(st.text())
def test_any_text_gives_a_decision(text: str) -> None:
    decision = decide_url(text)
    assert decision.action in ("confirm_web", "refuse")
    assert decision.reason
    if decision.action == "confirm_web":
        assert decision.url.startswith(("http://", "https://"))
        assert decision.url.isascii()
        assert not any(ch.isspace() for ch in decision.url)


@pytest.mark.parametrize(
    "name",
    [
        "setup.exe",
        "run.BAT",
        "x.cmd",
        "x.msi",
        "x.ps1",
        "x.sh",
        "x.jar",
        "x.scr",
        "x.vbs",
        "x.js",
        "x.py",
        "x.desktop",
        "x.AppImage",
        "x.dmg",
        "x.lnk",
        "report.pdf.exe",
        "x.exe. ",
    ],
)
def test_executable_by_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"harmless")
    assert is_executable(path)


@pytest.mark.parametrize(
    "head",
    [b"MZ\x90\x00", b"\x7fELF\x02", b"#!/bin/sh\n", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"],
)
def test_executable_by_magic(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "innocent.pdf"
    path.write_bytes(head + b"rest")
    assert is_executable(path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_executable_by_mode(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just text")
    assert not is_executable(path)
    path.chmod(0o755)
    assert is_executable(path)


def test_documents_and_folders(tmp_path: Path) -> None:
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert not is_executable(pdf)
    assert is_executable(tmp_path)  # a folder (or .app bundle) is never a document
    assert not is_executable(tmp_path / "missing.pdf")
    assert is_executable(tmp_path / "missing.exe")
