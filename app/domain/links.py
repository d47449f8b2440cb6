"""The one link policy (DESIGN.md §5.8) as decisions without side effects.

A source's address is opened only if it is an http or https address with a plain host, and
only after the user has seen the normalised address (``decide_url``). Everything else is
refused with a reason in plain language. Local files are opened by Casetrail itself, never
handed to another program, and never when they look executable (``is_executable``).
"""

from __future__ import annotations

import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import SplitResult, quote, urlsplit

LinkAction = Literal["confirm_web", "refuse"]

WEB_SCHEMES = ("http", "https")
_CODE_SCHEMES = ("javascript", "vbscript", "livescript", "jscript")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"

EXECUTABLE_SUFFIXES = frozenset(
    [
        ".exe",
        ".bat",
        ".cmd",
        ".com",
        ".msi",
        ".msp",
        ".msc",
        ".ps1",
        ".psm1",
        ".psd1",
        ".sh",
        ".bash",
        ".zsh",
        ".csh",
        ".ksh",
        ".fish",
        ".command",
        ".app",
        ".jar",
        ".scr",
        ".vbs",
        ".vbe",
        ".js",
        ".jse",
        ".mjs",
        ".wsf",
        ".wsh",
        ".hta",
        ".cpl",
        ".pif",
        ".reg",
        ".inf",
        ".gadget",
        ".py",
        ".pyw",
        ".pyc",
        ".pl",
        ".rb",
        ".php",
        ".lua",
        ".tcl",
        ".desktop",
        ".appimage",
        ".dmg",
        ".pkg",
        ".mpkg",
        ".run",
        ".bin",
        ".lnk",
        ".url",
        ".scf",
        ".deb",
        ".rpm",
        ".apk",
        ".msix",
        ".appx",
        ".appxbundle",
        ".xpi",
        ".crx",
        ".dll",
        ".so",
        ".dylib",
        ".sys",
        ".drv",
        ".ocx",
        ".workflow",
        ".action",
        ".applescript",
        ".scpt",
        ".elf",
        ".out",
        ".ipa",
        ".xbap",
        ".application",
        ".settingcontent-ms",
    ]
)
_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux, BSD
    b"#!",  # scripts
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit, little-endian
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit, little-endian
    b"\xca\xfe\xba\xbe",  # Mach-O universal (and Java class files)
)


@dataclass(frozen=True)
class LinkDecision:
    """What to do with an address: ask before opening ``url`` in a browser, or refuse."""

    action: LinkAction
    url: str
    reason: str
    host: str = ""


def _refuse(text: str, reason: str) -> LinkDecision:
    return LinkDecision("refuse", text, reason)


def decide_url(text: str | None) -> LinkDecision:
    """Whether and how a source's address may be opened; never raises."""
    raw = (text if isinstance(text, str) else "").strip()
    if not raw:
        return _refuse("", "This source has no web address.")
    problem = _hidden_character(raw)
    if problem:
        return _refuse(raw, problem)
    try:
        parts = urlsplit(raw)
    except ValueError:
        return _refuse(raw, "This address is malformed, so it is not opened.")
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES:
        return _refuse(raw, _scheme_reason(scheme, raw))
    return _decide_web(raw, scheme, parts)


def _hidden_character(raw: str) -> str | None:
    for ch in raw:
        category = unicodedata.category(ch)
        if ch.isspace() or category.startswith("Z"):
            return "The address contains spaces or line breaks, so it is not opened."
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return (
                f"The address contains an invisible or control character (U+{ord(ch):04X}) "
                "that can disguise where it leads, so it is not opened."
            )
    if "\\" in raw:
        return "The address contains a backslash, which browsers read differently; not opened."
    return None


def _scheme_reason(scheme: str, raw: str) -> str:
    if not scheme:
        return (
            "This is not a full web address (it does not start with http:// or https://), "
            "so it is not opened."
        )
    if scheme in _CODE_SCHEMES:
        return f"Addresses starting '{scheme}:' run code, so this one is not opened."
    if scheme == "data":
        return "Addresses starting 'data:' carry their own content, so this one is not opened."
    if scheme == "file":
        return (
            "Addresses starting 'file:' point at the computer's own files. Only files "
            "registered as sources of the case are opened, inside Casetrail."
        )
    if len(scheme) == 1 and raw[1:2] == ":":
        return "This looks like a path on a Windows drive, not a web address; it is not opened."
    return (
        f"Addresses starting '{scheme}:' are not opened; only web addresses "
        "(http:// or https://) are."
    )


def _decide_web(raw: str, scheme: str, parts: SplitResult) -> LinkDecision:
    netloc = parts.netloc
    if "@" in netloc:
        real = netloc.rpartition("@")[2] or "(none)"
        return _refuse(
            raw,
            "The address has a name before '@' that can disguise the real site; the site it "
            f"would actually open is '{real}'. It is not opened.",
        )
    try:
        host = _ascii_host(parts.hostname or "")
        port = parts.port
    except (ValueError, UnicodeError):
        return _refuse(raw, "The site's name or port in this address is not valid; not opened.")
    if not host:
        return _refuse(raw, "This address names no site, so it is not opened.")
    url = _rebuild(scheme, host, port, parts)
    reason = f"Opens {url} in your web browser."
    if not (parts.hostname or "").isascii():
        reason += (
            " The site's name contains letters from other alphabets, which can imitate a "
            f"familiar name; its encoded form is '{host}'."
        )
    return LinkDecision("confirm_web", url, reason, host)


def _ascii_host(hostname: str) -> str:
    """The host in ASCII (IDN as punycode); ``ValueError`` if it has odd characters."""
    if not hostname:
        return ""
    if ":" in hostname:  # an IPv6 literal, already checked by urlsplit
        return f"[{hostname.lower()}]"
    labels = hostname.rstrip(".").split(".")
    ascii_labels = [label.encode("idna").decode("ascii").lower() for label in labels]
    host = ".".join(ascii_labels)
    if not host or any(not label for label in ascii_labels) or set(host) - _HOST_CHARS:
        raise ValueError(f"bad host {hostname!r}")
    return host


def _rebuild(scheme: str, host: str, port: int | None, parts: SplitResult) -> str:
    default = {"http": 80, "https": 443}[scheme]
    where = host if port in (None, default) else f"{host}:{port}"
    url = f"{scheme}://{where}{quote(parts.path, safe=_PATH_SAFE) or '/'}"
    if parts.query:
        url += "?" + quote(parts.query, safe=_QUERY_SAFE)
    if parts.fragment:
        url += "#" + quote(parts.fragment, safe=_QUERY_SAFE)
    return url


def has_executable_suffix(path: Path) -> bool:
    """Whether the file name ends in an extension that runs code when opened."""
    name = path.name.rstrip(" .").lower()  # Windows ignores trailing dots and spaces
    return any(name.endswith(suffix) for suffix in EXECUTABLE_SUFFIXES)


def is_executable(path: Path) -> bool:
    """Whether ``path`` is (or may be) a program: by extension, exec bit or magic bytes.

    A directory (such as a macOS ``.app`` bundle) counts as executable. Never raises; an
    unreadable file is judged by its name alone.
    """
    path = Path(path)
    if has_executable_suffix(path):
        return True
    try:
        info = path.stat()
    except OSError:
        return False
    if stat.S_ISDIR(info.st_mode):
        return True
    if info.st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
        return True
    return starts_like_program(_head(path))


def starts_like_program(head: bytes) -> bool:
    """Whether these first bytes are those of a native program or a script."""
    return any(head.startswith(magic) for magic in _MAGIC)


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(8)
    except OSError:
        return b""
