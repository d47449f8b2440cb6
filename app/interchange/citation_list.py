"""Every citation of a case with what Open does for it and whether its quote is there.

The rows of ``casetrail citations``: each citation's event, source, pinpoint, quote and
stance, the :class:`~app.domain.citation_open.OpenPlan` worked out with the source's copy
read (stored in the case, or linked beside it), and ``quote_found``. Each source's copy is
read and its text extracted once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.citation_open import CopyState, OpenPlan, has_copy, plan_open, quote_found
from app.domain.citations import format_pinpoint, parse_pinpoint
from app.domain.document_text import DocumentText, read_document
from app.domain.links import is_executable
from app.domain.records import CitationRecord, EventRecord, SourceRecord
from app.store import files
from app.store.case import Case

MAX_READ_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class SourceCopy:
    """A source's copy as read for planning: its state, its text (None if not readable)
    and whether its bytes match the recorded SHA-256 (None when none was recorded)."""

    state: CopyState
    document: DocumentText | None = None
    verified: bool | None = None


def read_copy(case: Case, source: SourceRecord) -> SourceCopy:
    """Read ``source``'s stored or linked copy (never anything else) and its text."""
    if not has_copy(source):
        return SourceCopy("none")
    data: bytes | None
    if source.file_stored and source.file_sha256:
        data = case.file_data(source.file_sha256)
    else:
        path = files.resolve_linked(source, Path(case.path))
        data = None
        if path.is_file() and not is_executable(path) and path.stat().st_size <= MAX_READ_BYTES:
            try:
                data = path.read_bytes()
            except OSError:
                data = None
    if data is None:
        return SourceCopy("missing")
    verified = None
    if source.file_sha256:
        verified = hashlib.sha256(data).hexdigest() == source.file_sha256
    return SourceCopy("present", read_document(data, Path(source.file_path).name), verified)


@dataclass(frozen=True)
class CitationRow:
    event: EventRecord
    citation: CitationRecord
    plan: OpenPlan
    quote_found: bool | None

    def as_json(self) -> dict[str, Any]:
        c, plan = self.citation, self.plan
        return {
            "id": c.id,
            "event_id": self.event.id,
            "event_title": self.event.title,
            "source_id": c.source_id,
            "source_title": c.source_title,
            "pinpoint": c.pinpoint,
            "pinpoint_display": format_pinpoint(parse_pinpoint(c.pinpoint)),
            "quote": c.quote,
            "stance": c.stance,
            "opens": plan.opens,
            "open_label": plan.label,
            "page": plan.page,
            "paragraph": plan.paragraph,
            "line": plan.line,
            "address": plan.address or None,
            "note": plan.note or None,
            "quote_found": self.quote_found,
        }


class CitationPlanner:
    """Plans citations of one case, reading each source's copy once."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self._copies: dict[int, SourceCopy] = {}
        self._sources: dict[int, SourceRecord] = {}

    def copy_of(self, source_id: int) -> tuple[SourceRecord, SourceCopy]:
        if source_id not in self._copies:
            source = self.case.source(source_id)
            self._sources[source_id] = source
            self._copies[source_id] = read_copy(self.case, source)
        return self._sources[source_id], self._copies[source_id]

    def plan(self, citation: CitationRecord) -> tuple[OpenPlan, bool | None]:
        source, copy = self.copy_of(citation.source_id)
        plan = plan_open(
            source, parse_pinpoint(citation.pinpoint), copy=copy.state, document=copy.document
        )
        return plan, quote_found(citation.quote, plan, copy.document)


def citation_rows(case: Case) -> list[CitationRow]:
    """Every citation, events in date order (undated last), each event's in its order."""
    planner = CitationPlanner(case)
    rows = []
    for event in case.events():
        for citation in event.citations:
            plan, found = planner.plan(citation)
            rows.append(CitationRow(event, citation, plan, found))
    return rows
