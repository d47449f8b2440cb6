"""Starting the window on Linux: missing system libraries are named, with the packages that
provide them, before Qt gets a chance to blame the wrong one."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.cli.qt_libraries import missing_from, packages_for, problem

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f2)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-xinerama.so.0 => not found
"""


def test_the_libraries_ldd_cannot_find_are_listed_once() -> None:
    assert missing_from(LDD_OUTPUT) == [
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libxcb-xinerama.so.0",
    ]
    assert missing_from("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize(
    "soname, debian, fedora",
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
        ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
        ("libxcb-xinerama.so.0", "libxcb-xinerama0", "libxcb"),
        ("libxcb.so.1", "libxcb1", "libxcb"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
        ("libEGL.so.1", "libegl1", "libglvnd-egl"),
        ("libfoo2.so.7", "libfoo2-7", "libfoo2"),
    ],
)
def test_packages_for_a_library(soname: str, debian: str, fedora: str) -> None:
    assert packages_for(soname) == (debian, fedora)


@pytest.fixture
def fake_ldd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``ldd`` on PATH that reports LDD_OUTPUT, and an xcb desktop environment."""
    ldd = tmp_path / "bin" / "ldd"
    ldd.parent.mkdir()
    ldd.write_text("#!/bin/sh\ncat <<'OUT'\n" + LDD_OUTPUT + "OUT\n")
    ldd.chmod(ldd.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{ldd.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    return ldd


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_the_window_does_not_start_without_its_libraries(
    fake_ldd: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main([str(tmp_path / "any.case")]) == 2
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libxcb-xinerama.so.0" in err
    assert "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0" in err
    assert "sudo dnf install -y libxcb xcb-util-keysyms xcb-util-wm" in err
    assert "Traceback" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_no_display_is_said_plainly(monkeypatch: pytest.MonkeyPatch, fake_ldd: Path) -> None:
    fake_ldd.write_text("#!/bin/sh\necho '\tlibc.so.6 => /lib/libc.so.6 (0x1)'\n")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert "there is no display" in (problem() or "")


def test_offscreen_and_other_platforms_are_not_checked(
    monkeypatch: pytest.MonkeyPatch, fake_ldd: Path
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert problem() is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_the_installed_xcb_plugin_is_found_without_importing_qt() -> None:
    from app.cli.qt_libraries import xcb_plugin

    plugin = xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so" and plugin.is_file()
