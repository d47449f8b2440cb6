"""Where a citation is in the exhibit pack: the exhibit's label and the cited page.

One numbering for the chronology report and the exhibit pack: every cited source is an
exhibit, labelled with its own exhibit number when it has one (those first, in natural
order), else with the next free number (in source order). The cited page of a stored PDF
comes from the citation's pinpoint (a page, a Bates number, a paragraph's page) as Open finds
it; a PDF cited without a page is cited at its first page. A page is marked as the pack
stamps it: its Bates number when the source has a Bates range, else "p. N".

The report and the pack built from the same events (the same saved view) therefore give each
citation the same exhibit and page. No Qt here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from app.domain.bates import parse_bates
from app.domain.citation_open import plan_open
from app.domain.citations import parse_pinpoint
from app.domain.document_text import DocumentText, content_kind, read_document
from app.domain.records import SourceRecord
from app.store.case import Case

__all__ = ["ExhibitPlaces", "StoredCopy", "bates_of_page", "exhibit_labels"]


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text))


def exhibit_labels(sources: Iterable[SourceRecord]) -> dict[int, str]:
    """Each source's exhibit label, by source id, in exhibit order."""
    unique = {s.id: s for s in sources}.values()
    numbered = sorted((s for s in unique if s.exhibit.strip()), key=lambda s: _natural(s.exhibit))
    rest = sorted((s for s in unique if not s.exhibit.strip()), key=lambda s: s.id)
    taken = {s.exhibit.strip() for s in numbered}
    labels, next_number = {}, 1
    for source in numbered + rest:
        label = source.exhibit.strip()
        if not label:
            while str(next_number) in taken:
                next_number += 1
            label = str(next_number)
            taken.add(label)
        labels[source.id] = label
    return labels


def bates_of_page(bates_start: str, page: int) -> str:
    """The Bates number of ``page`` (1-based) of a source whose range starts at
    ``bates_start``, as written ("DEMO-000002"); "" when it has none."""
    try:
        first = parse_bates(bates_start.strip())
    except ValueError:
        return ""
    value = str(first.value + page - 1).zfill(len(first.digits))
    written = first.text
    head = written[: -len(first.digits)] if written.endswith(first.digits) else first.prefix
    return f"{head}{value}"


@dataclass(frozen=True)
class StoredCopy:
    """A source's stored file, as the pack uses it."""

    data: bytes
    sha256: str
    name: str
    kind: str | None  # pdf / text / image; None when it cannot be shown
    document: DocumentText | None


class ExhibitPlaces:
    """The labels of ``sources`` (every source cited) and, on demand, their stored copies
    and the page each citation cites."""

    def __init__(self, case: Case, sources: Iterable[SourceRecord]) -> None:
        self._case = case
        self.sources = {s.id: s for s in sources}
        self.labels = exhibit_labels(self.sources.values())
        self._copies: dict[int, StoredCopy | None] = {}

    def copy(self, source_id: int) -> StoredCopy | None:
        """The stored file of the source; None when it was not produced (no file)."""
        if source_id not in self._copies:
            self._copies[source_id] = self._read(self.sources[source_id])
        return self._copies[source_id]

    def _read(self, source: SourceRecord) -> StoredCopy | None:
        if not (source.file_stored and source.file_sha256):
            return None
        data = self._case.file_data(source.file_sha256)
        if data is None:
            return None
        name = PurePath(source.file_path).name if source.file_path else f"source-{source.id}"
        kind = content_kind(data, name)
        document = read_document(data, name) if kind == "pdf" else None
        return StoredCopy(data, hashlib.sha256(data).hexdigest(), name, kind, document)

    def page(self, source_id: int, pinpoint: str) -> int | None:
        """The 1-based page of the stored PDF the citation cites; None when the source is
        not a stored PDF."""
        copy = self.copy(source_id)
        if copy is None or copy.kind != "pdf":
            return None
        plan = plan_open(
            self.sources[source_id],
            parse_pinpoint(pinpoint),
            copy="present",
            document=copy.document,
        )
        place = plan.viewer_pinpoint("pdf")
        return place.page if place is not None and place.page else 1

    def mark(self, source_id: int, pinpoint: str) -> str:
        """The cited page as the pack stamps it ("DEMO-000002", "p. 3"); "" when the source
        is not a stored PDF or the page is not in it."""
        page = self.page(source_id, pinpoint)
        copy = self.copy(source_id)
        if page is None or copy is None or copy.document is None:
            return ""
        if copy.document.readable and page > copy.document.page_count:
            return ""
        return bates_of_page(self.sources[source_id].bates_start, page) or f"p. {page}"
