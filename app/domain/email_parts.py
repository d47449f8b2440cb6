"""An email's attachments, and what a source made of one says about where it came from.

``email_attachments`` lists the attachments of an ``.eml`` (its name as sent, made safe to
show and to store as a file name, its type and its decoded bytes). ``attachment_source`` is
the new source's fields: titled by the attachment, its kind judged by the bytes, and notes
that name the email source it was attached to (title, id, SHA-256, sender, date, subject),
so the chain from the produced email to the document stays visible. No Qt here.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import PurePath

from app.domain.document_text import content_kind
from app.domain.media import media_kind

MAX_NAME = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class Attachment:
    """One attachment: its 0-based place in the email, safe file name, type and bytes."""

    index: int
    name: str
    media_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    def describe(self) -> str:
        """ "scan.pdf (application/pdf, 12,345 bytes)"."""
        return f"{self.name} ({self.media_type}, {self.size:,} bytes)"


@dataclass(frozen=True)
class EmailOrigin:
    """The email source an attachment came from."""

    source_id: int
    title: str
    sha256: str


def safe_name(name: str, index: int) -> str:
    """A file name that is only a name: no folders, control characters or leading dots."""
    base = PurePath(name.replace("\\", "/")).name if name else ""
    base = _UNSAFE.sub("_", " ".join(base.split())).lstrip(".").strip()
    return base[:MAX_NAME] or f"attachment-{index + 1}"


def _message(data: bytes) -> EmailMessage | None:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except (ValueError, LookupError, TypeError):
        return None
    return message if isinstance(message, EmailMessage) else None


def email_attachments(data: bytes) -> list[Attachment]:
    """The attachments of an email, in order (none when it is not one, or has none)."""
    message = _message(data)
    if message is None:
        return []
    found = []
    try:
        for index, part in enumerate(message.iter_attachments()):
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            name = safe_name(part.get_filename() or "", index)
            found.append(Attachment(index, name, part.get_content_type(), payload))
    except (ValueError, LookupError, TypeError):
        return found
    return found


def _header(data: bytes, name: str) -> str:
    message = _message(data)
    try:
        value = message[name] if message is not None else None
    except (ValueError, LookupError, TypeError):
        return ""
    return " ".join(str(value).split()) if value else ""


def attachment_kind(attachment: Attachment) -> str:
    """The source kind of an attachment, judged by its bytes (and name)."""
    media = media_kind(attachment.data, attachment.name)
    if media is not None:
        return media
    kind = content_kind(attachment.data, attachment.name)
    if kind == "image":
        return "image"
    if attachment.name.lower().endswith(".eml") or attachment.media_type == "message/rfc822":
        return "email"
    return "document"


def attachment_source(
    email_data: bytes, origin: EmailOrigin, attachment: Attachment
) -> dict[str, str]:
    """The fields of a new source made of ``attachment`` (the file fields are the caller's)."""
    sender, sent, subject = (_header(email_data, h) for h in ("From", "Date", "Subject"))
    lines = [
        f"Attachment {attachment.index + 1} of the email source "
        f"\u201c{' '.join(origin.title.split())}\u201d (source {origin.source_id}, "
        f"SHA-256 {origin.sha256}).",
        f"Attached as: {attachment.name} ({attachment.media_type}, {attachment.size:,} bytes).",
    ]
    lines += [f"{label}: {value}" for label, value in (("From", sender), ("Date", sent),
              ("Subject", subject)) if value]  # fmt: skip
    return {
        "title": attachment.name,
        "kind": attachment_kind(attachment),
        "notes": "\n".join(lines),
    }
