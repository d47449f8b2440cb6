"""Before the window starts on Linux: can Qt's platform plugin load?

Qt's own message when its xcb plugin cannot load names libxcb-cursor0 whatever is missing.
This asks the dynamic loader (``ldd`` on the plugin) which libraries are really missing and
names the packages that provide them, with the one install line that fixes it. No Qt here: it
runs before PySide6 is imported.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package)
PACKAGES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libpulse.so.0": ("libpulse0", "pulseaudio-libs"),  # Qt Multimedia (the media player)
}
# the xcb protocol libraries: libxcb-NAME.so.N is Debian's libxcb-NAMEN, Fedora's libxcb
_XCB = re.compile(r"^libxcb(?:-([a-z0-9]+))?\.so\.(\d+)$")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def packages_for(soname: str) -> tuple[str, str]:
    """The Debian/Ubuntu and Fedora packages that provide ``soname``."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    xcb = _XCB.match(soname)
    if xcb:
        name = f"libxcb-{xcb.group(1)}" if xcb.group(1) else "libxcb"
        return f"{name}{xcb.group(2)}", "libxcb"
    stem, _, version = soname.partition(".so.")
    version = version.split(".")[0]
    joiner = "-" if stem[-1:].isdigit() else ""
    return f"{stem.lower()}{joiner}{version}" if version else stem.lower(), stem


def missing_from(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as not found, each once, in order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin inside the installed PySide6 (found without importing it)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(list(spec.submodule_search_locations)[0]) / "Qt/plugins/platforms/libqxcb.so"
    return plugin if plugin.exists() else None


def _uses_xcb() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return not os.environ.get("WAYLAND_DISPLAY")  # Qt prefers Wayland where it runs


def problem() -> str | None:
    """Why the window cannot start on this Linux desktop (missing libraries or no display,
    with how to fix it), or None when nothing is known to be wrong."""
    if not sys.platform.startswith("linux") or not _uses_xcb():
        return None
    import shutil  # only here: the window starts sooner without them
    import subprocess

    plugin, ldd = xcb_plugin(), shutil.which("ldd")
    missing: list[str] = []
    if plugin is not None and ldd is not None:
        try:
            run = subprocess.run(
                [ldd, str(plugin)], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.SubprocessError):
            run = None
        if run is not None:
            missing = missing_from(run.stdout + run.stderr)
    if missing:
        debian = sorted({packages_for(m)[0] for m in missing})
        fedora = sorted({packages_for(m)[1] for m in missing})
        return (
            "the window cannot start: Qt's display plugin (xcb) needs system libraries that "
            f"are missing: {', '.join(missing)}.\n"
            f"  Debian/Ubuntu: sudo apt-get install -y {' '.join(debian)}\n"
            f"  Fedora:        sudo dnf install -y {' '.join(fedora)}"
        )
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        return (
            "the window cannot start: there is no display (DISPLAY is not set). Run it on a "
            "desktop, or use the verbs (casetrail --help) that need none."
        )
    return None
