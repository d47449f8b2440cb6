"""The envelope of a Casetrail JSON document, shared by its import and its export: the format
name and version, reading the text into a checked top-level object, and the error that lists
every problem found in a document."""

from __future__ import annotations

import json
import mimetypes
from typing import Any

FORMAT = "casetrail"
VERSION = 1


class DocumentError(ValueError):
    """The document cannot be imported; ``problems`` lists each one with its location."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")


def read_document(text: str | bytes) -> dict[str, Any]:
    """Parse a Casetrail JSON document (its format name and version are checked)."""
    try:
        doc = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DocumentError([f"not valid JSON ({error})"]) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DocumentError(['not a Casetrail JSON document (no "format": "casetrail")'])
    if doc.get("version") != VERSION:
        raise DocumentError([f"unsupported Casetrail JSON version {doc.get('version')!r}"])
    return doc


def guess_media_type(source: dict[str, Any]) -> str:
    """The media type of a source's file, guessed from its path (octet-stream if unknown)."""
    guessed, _ = mimetypes.guess_type(str(source.get("file_path") or ""))
    return guessed or "application/octet-stream"
