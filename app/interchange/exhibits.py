"""Exhibit packs: which sources the selected events cite, in exhibit order, and which of
their pages are cited (no Qt: ``app.ui.exhibit_pdf`` paints the pack).

Every source a selected event cites becomes an exhibit, labelled with its exhibit number
when it has one (those first, in natural order), else with the next free number. An
exhibit whose source has no file stored in the case is listed as *not produced*, never
skipped. The cited pages of a stored PDF come from the citations' pinpoints (a page, a
Bates number, a paragraph's page), as Open finds them; a PDF cited without a page shows its
first page. ``app.interchange.exhibit_pack`` writes the pack with the original files and
their ``SHA256SUMS`` manifest.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePath

from app.domain.bates import parse_bates
from app.domain.citation_open import plan_open
from app.domain.citations import parse_pinpoint
from app.domain.document_text import content_kind, read_document
from app.domain.records import EventFilter
from app.interchange.chronology import build_chronology
from app.store.case import Case

NOT_PRODUCED = "not produced"


@dataclass(frozen=True)
class Exhibit:
    label: str
    source_id: int
    description: str
    bates: str  # the source's Bates range, "" when none
    date: str  # the source's date as written
    sha256: str  # of the stored file; "" when not produced
    name: str  # the original file name
    kind: str | None  # pdf / text / image; None when not produced or not viewable
    pages: tuple[int, ...]  # 1-based cited pages of a PDF, in order
    data: bytes = b""

    @property
    def produced(self) -> bool:
        return bool(self.sha256)


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text))


def page_bates(exhibit: Exhibit, page: int) -> str:
    """The Bates number of ``page`` (1-based) of the exhibit, "" when it has no range."""
    start = exhibit.bates.split("\u2013")[0].strip()
    try:
        first = parse_bates(start)
    except ValueError:
        return ""
    value = str(first.value + page - 1).zfill(len(first.digits))
    written = first.text
    head = written[: -len(first.digits)] if written.endswith(first.digits) else first.prefix
    return f"{head}{value}"  # as written: "DEMO-000002"


def plan_exhibits(case: Case, flt: EventFilter | None = None) -> list[Exhibit]:
    """The exhibits of the events ``flt`` selects, in exhibit order."""
    chronology = build_chronology(case, flt or EventFilter())
    cited: dict[int, list[str]] = {}
    for note in chronology.footnotes:
        cited.setdefault(note.source_id, []).append(note.pinpoint)
    sources = [case.source(i) for i in cited]
    numbered = sorted((s for s in sources if s.exhibit.strip()), key=lambda s: _natural(s.exhibit))
    rest = sorted((s for s in sources if not s.exhibit.strip()), key=lambda s: s.id)
    taken = {s.exhibit.strip() for s in numbered}
    out, next_number = [], 1
    for source in numbered + rest:
        label = source.exhibit.strip()
        if not label:
            while str(next_number) in taken:
                next_number += 1
            label = str(next_number)
            taken.add(label)
        bates = source.bates_start
        if source.bates_end and source.bates_end != source.bates_start:
            bates = f"{source.bates_start} \u2013 {source.bates_end}"
        data = case.file_data(source.file_sha256) if source.file_stored else None
        if data is None or not source.file_sha256:
            out.append(
                Exhibit(label, source.id, source.title, bates, source.date_text, "", "", None, ())
            )
            continue
        name = PurePath(source.file_path).name if source.file_path else f"source-{source.id}"
        kind = content_kind(data, name)
        pages: list[int] = []
        if kind == "pdf":
            document = read_document(data, name)
            for text in cited[source.id]:
                place = plan_open(
                    source, parse_pinpoint(text), copy="present", document=document
                ).viewer_pinpoint("pdf")
                page = place.page if place is not None and place.page else 1
                if page not in pages:
                    pages.append(page)
        digest = hashlib.sha256(data).hexdigest()
        out.append(
            Exhibit(
                label,
                source.id,
                source.title,
                bates,
                source.date_text,
                digest,
                name,
                kind,
                tuple(sorted(pages)),
                data,
            )
        )
    return out


def plan_pack(case: Case, view: str | None = None) -> tuple[str, list[Exhibit]]:
    """The pack's title and exhibits: of every event, or of the saved view named ``view``
    (raises ``PublishProblem`` naming it when there is none)."""
    from app.interchange.publish import find_view

    flt, title = None, f"{case.title} \u00b7 Exhibits"
    if view is not None:
        found = find_view(case, view)
        flt, title = found.filter, f"{title} \u00b7 {found.name}"
    return title, plan_exhibits(case, flt)
