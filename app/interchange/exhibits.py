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

from dataclasses import dataclass

from app.domain.records import EventFilter
from app.interchange.chronology import build_chronology
from app.interchange.exhibit_places import ExhibitPlaces, bates_of_page
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


def page_bates(exhibit: Exhibit, page: int) -> str:
    """The Bates number of ``page`` (1-based) of the exhibit, "" when it has no range."""
    return bates_of_page(exhibit.bates.split("\u2013")[0], page)


def plan_exhibits(case: Case, flt: EventFilter | None = None) -> list[Exhibit]:
    """The exhibits of the events ``flt`` selects, in exhibit order (the labels and pages
    the chronology report's footnotes give)."""
    chronology = build_chronology(case, flt or EventFilter())
    cited: dict[int, list[str]] = {}
    for note in chronology.footnotes:
        cited.setdefault(note.source_id, []).append(note.pinpoint)
    places = ExhibitPlaces(case, [case.source(i) for i in cited])
    out = []
    for source_id, label in places.labels.items():
        source = places.sources[source_id]
        bates = source.bates_start
        if source.bates_end and source.bates_end != source.bates_start:
            bates = f"{source.bates_start} \u2013 {source.bates_end}"
        copy = places.copy(source_id)
        if copy is None:
            out.append(
                Exhibit(label, source_id, source.title, bates, source.date_text, "", "", None, ())
            )
            continue
        pages = {places.page(source_id, text) for text in cited[source_id]} - {None}
        out.append(
            Exhibit(
                label,
                source_id,
                source.title,
                bates,
                source.date_text,
                copy.sha256,
                copy.name,
                copy.kind,
                tuple(sorted(p for p in pages if p is not None)),
                copy.data,
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
