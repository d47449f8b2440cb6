"""Audio and video files: recognised by their first bytes (and, for a bare MP3, the name),
so the viewer plays them from a cited timecode instead of refusing them (no Qt here)."""

from __future__ import annotations

from typing import Literal

MediaKind = Literal["audio", "video"]

AUDIO_SUFFIXES = (".mp3", ".wav", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma")
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".wmv", ".ogv")
MEDIA_SUFFIXES = AUDIO_SUFFIXES + VIDEO_SUFFIXES


def media_kind(data: bytes, name: str = "") -> MediaKind | None:
    """ "audio" or "video" when ``data`` is a sound or video file, else None.

    The container is judged by its signature; whether it is audio or video by the name when
    the container holds either (MP4, Ogg, Matroska, ASF)."""
    head = data[:16]
    lower = name.lower()
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video"
    if head[:3] == b"ID3" or head[:4] == b"fLaC" or head[:2] in (b"\xff\xfb", b"\xff\xf3"):
        return "audio"
    if head[:2] in (b"\xff\xf1", b"\xff\xf9"):  # AAC in ADTS frames
        return "audio"
    either = (
        head[4:8] == b"ftyp"  # MP4, M4A, QuickTime
        or head[:4] == b"OggS"
        or head[:4] == b"\x1a\x45\xdf\xa3"  # Matroska, WebM
        or head[:4] == b"\x30\x26\xb2\x75"  # ASF: WMV, WMA
    )
    if either:
        if lower.endswith(AUDIO_SUFFIXES) or (head[4:8] == b"ftyp" and head[8:11] == b"M4A"):
            return "audio"
        return "video"
    return None


# libraries Qt Multimedia loads that are often missing from a minimal system:
# soname -> (Debian/Ubuntu package, Fedora package)
MEDIA_LIBRARIES = {
    "libpulse.so.0": ("libpulse0", "pulseaudio-libs"),
    "libpulse-mainloop-glib.so.0": ("libpulse-mainloop-glib0", "pulseaudio-libs-glib2"),
    "libasound.so.2": ("libasound2", "alsa-lib"),
    "libva.so.2": ("libva2", "libva"),
}


def install_hint(soname: str) -> str:
    """How to install the library ``soname``: the Debian/Ubuntu and Fedora lines."""
    debian, fedora = MEDIA_LIBRARIES.get(soname, (None, None))
    if debian is None:
        stem, _, version = soname.partition(".so.")
        joiner = "-" if stem[-1:].isdigit() else ""
        debian = f"{stem.lower()}{joiner}{version.split('.')[0]}" if version else stem.lower()
        fedora = stem
    return f"Debian/Ubuntu: sudo apt-get install -y {debian}; Fedora: sudo dnf install -y {fedora}"
