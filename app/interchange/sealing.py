"""Sealed hand-overs: the user's Ed25519 signing key, sealing a case, and verifying a seal.

The key is made on first use and kept, PEM-encoded, in ``signing-key.pem`` in the user's
configuration folder (:func:`app.paths.user_config_dir`), readable by its owner only. Its
*key id* is the first 16 hex digits of the SHA-256 of the raw public key; the short form
(8 digits) is what the window and ``verify`` show. ``casetrail key --export`` prints
``casetrail-ed25519 <base64 public key> <key id>``, the line to give the other side.

A seal signs, with that key, the case's audit head (which commits to every recorded change
and, through the row states, to the data each left) and the data fingerprint (the SHA-256 of
every row's canonical form; :mod:`app.store.data_check`). It is recorded in the case as an
audit row (action ``seal``) and written beside it as ``CASE.seal``: JSON holding the signed
fields and the signature. ``verify`` checks the signature, then names what changed since:
recorded changes after the sealed head, data changed behind the program's back, a history
rewritten, or data that no longer matches the sealed fingerprint.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from app.interchange.atomic import write_text_atomically
from app.interchange.history import describe, format_line
from app.paths import user_config_dir
from app.store.case import Case
from app.store.seals import CaseState, seals

KEY_FILE = "signing-key.pem"
EXPORT_PREFIX = "casetrail-ed25519"
SEAL_FORMAT = 1
SIGNED = (
    "casetrail_seal",
    "case",
    "title",
    "audit_head",
    "audit_count",
    "data_fingerprint",
    "sealed_at",
    "key_id",
    "public_key",
)
MAX_SEAL_BYTES = 64 * 1024
CHANGES_LISTED = 10


class SealError(Exception):
    """A seal or key that cannot be used, in one line (exit status 2)."""


# ---- the key


def key_path() -> Path:
    return user_config_dir() / KEY_FILE


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _load_key(path: Path) -> Ed25519PrivateKey:
    if sys.platform != "win32" and path.stat().st_mode & 0o077:
        raise SealError(
            f"{path}: the signing key can be read by other users; make it private "
            f"(chmod 600 {path}) and try again"
        )
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as error:
        raise SealError(f"{path}: is not a usable signing key ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SealError(f"{path}: is not an Ed25519 signing key")
    return key


def signing_key() -> Ed25519PrivateKey:
    """The user's signing key, made (owner-only) on first use."""
    path = key_path()
    if path.exists():
        return _load_key(path)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            return _load_key(path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as error:
        raise SealError(f"{path}: the signing key cannot be made ({error.strerror})") from None
    return key


def public_key() -> bytes:
    return _raw(signing_key().public_key())


def export_line(public: bytes) -> str:
    return f"{EXPORT_PREFIX} {base64.b64encode(public).decode()} {key_id(public)}"


def parse_public_key(given: str) -> bytes:
    """A public key from ``--key``: the line ``key --export`` prints or a PEM public key,
    as text or in a file."""
    text = given
    path = Path(given)
    try:
        if len(given) < 4096 and path.is_file():
            if path.stat().st_size > MAX_SEAL_BYTES:
                raise SealError(f"--key: {given} is too large to be a public key")
            text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise SealError(f"--key: {given} cannot be read ({error.strerror})") from None
    text = text.strip()
    bad = SealError(
        "--key: not a Casetrail public key (give the line `casetrail key --export` prints, "
        "or a PEM public key, as text or a file)"
    )
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode())
        except ValueError:
            raise bad from None
        if not isinstance(key, Ed25519PublicKey):
            raise SealError("--key: not an Ed25519 public key")
        return _raw(key)
    parts = text.split()
    if len(parts) in (2, 3) and parts[0] == EXPORT_PREFIX:
        public = _b64(parts[1], 32)
        if public is None:
            raise bad
        if len(parts) == 3 and parts[2] != key_id(public):
            raise SealError("--key: the key id at the end does not match the key")
        return public
    raise bad


def _b64(text: Any, size: int | None = None) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if size is None or len(data) == size else None


# ---- sealing


def seal_path(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".seal")


def _message(seal: dict[str, Any]) -> bytes:
    signed = {k: seal[k] for k in SIGNED}
    return json.dumps(signed, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def seal_case(case: Case) -> dict[str, Any]:
    """Seal ``case`` with the user's key (recorded in the case and written as CASE.seal)."""
    key = signing_key()
    public = _raw(key.public_key())

    def make(state: CaseState) -> dict[str, Any]:
        seal: dict[str, Any] = {
            "casetrail_seal": SEAL_FORMAT,
            "case": case.path.name,
            "title": case.title,
            "audit_head": state.audit_head,
            "audit_count": state.audit_count,
            "data_fingerprint": state.fingerprint,
            "sealed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "key_id": key_id(public),
            "public_key": base64.b64encode(public).decode(),
        }
        seal["signature"] = base64.b64encode(key.sign(_message(seal))).decode()
        return seal

    seal = seals(case).seal(make)
    target = seal_path(case.path)
    try:
        write_text_atomically(target, json.dumps(seal, indent=2, ensure_ascii=False) + "\n")
    except OSError as error:
        raise SealError(
            f"{case.path.name} was sealed, but {target.name} could not be written "
            f"({error.strerror}); `casetrail verify` reads the seal from the case"
        ) from None
    return seal


# ---- verifying


@dataclass
class Verdict:
    """What ``verify`` found: who sealed, when, and what changed since (empty: nothing)."""

    key_id: str
    sealed_at: str
    changes: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not self.changes

    def headline(self) -> str:
        when = self.sealed_at[:16].replace("T", " ") + " UTC"
        state = "unchanged since" if self.unchanged else "changed since"
        return f"sealed by {self.key_id[:8]} at {when}; {state}"


def _checked(seal: Any, where: str) -> dict[str, Any]:
    """The seal if it has every field with the right type; else a SealError naming ``where``."""
    if not isinstance(seal, dict):
        raise SealError(f"{where}: is not a Casetrail seal")
    for name in (*SIGNED, "signature"):
        want = int if name in ("casetrail_seal", "audit_count") else str
        if not isinstance(seal.get(name), want) or isinstance(seal.get(name), bool):
            raise SealError(f"{where}: is not a Casetrail seal (`{name}` is missing or wrong)")
    if seal["casetrail_seal"] != SEAL_FORMAT:
        raise SealError(f"{where}: seal format {seal['casetrail_seal']} is not one this "
                        "version of Casetrail reads")  # fmt: skip
    return seal


def read_seal(case: Case) -> dict[str, Any]:
    """The seal beside the case (CASE.seal), or else the newest one recorded in it."""
    path = seal_path(case.path)
    if path.exists():
        try:
            if not path.is_file() or path.stat().st_size > MAX_SEAL_BYTES:
                raise SealError(f"{path.name}: is not a Casetrail seal")
            seal = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise SealError(f"{path.name}: cannot be read ({error})") from None
        except ValueError as error:
            raise SealError(f"{path.name}: is not a Casetrail seal (not JSON: {error})") from None
        return _checked(seal, path.name)
    row = seals(case).last()
    if row is None:
        raise SealError(
            f"{case.path.name} is not sealed (no {path.name} beside it, no seal recorded in it)"
        )
    return _checked(row.seal, f"the seal recorded in {case.path.name}")


def check_signature(seal: dict[str, Any], expected: bytes | None = None) -> None:
    public = _b64(seal["public_key"], 32)
    signature = _b64(seal["signature"], 64)
    if public is None or signature is None or key_id(public) != seal["key_id"]:
        raise SealError("the seal is damaged: its key or signature cannot be read")
    if expected is not None and public != expected:
        raise SealError(
            f"sealed by key {key_id(public)[:8]}, not by the key given ({key_id(expected)[:8]})"
        )
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, _message(seal))
    except InvalidSignature:
        raise SealError(
            "the seal's signature is not valid: the seal was altered, or not made by its key"
        ) from None


def verify_case(case: Case, expected: bytes | None = None) -> Verdict:
    """Check the seal's signature (and that ``expected`` made it), then what changed since."""
    seal = read_seal(case)
    check_signature(seal, expected)
    verdict = Verdict(seal["key_id"], seal["sealed_at"])
    state = seals(case).state()
    verdict.changes += state.problems
    since = seals(case).since(seal["audit_head"])
    recorded = [] if since is None else [r for r in since if r.action != "seal"]
    if since is None:
        verdict.changes.append(
            "the audit log no longer holds the sealed head: its history was rewritten"
        )
    elif recorded:
        verdict.changes.append(f"{len(recorded)} recorded change(s) since the seal:")
        verdict.changes += ["  " + format_line(describe(r)) for r in recorded[:CHANGES_LISTED]]
        if len(recorded) > CHANGES_LISTED:
            more = len(recorded) - CHANGES_LISTED
            verdict.changes.append(f"  \u2026 and {more} more (see casetrail history)")
    if not recorded and state.fingerprint != seal["data_fingerprint"]:
        verdict.changes.append("the data no longer matches the sealed data fingerprint")
    return verdict
