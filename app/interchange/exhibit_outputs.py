"""An exhibit pack under an output policy (:mod:`app.interchange.output_policy`): a filter
applied to the pack's inputs and a check of what it would write, kept apart from the pack's
own planning and drawing.

- :func:`plan_for_output` plans the exhibits through the policy: with pseudonyms, the
  descriptions (source titles) show them; with privileged notes included, each exhibit's
  description is followed by the work-product notes of the citations of it.
- :func:`check_pack` refuses a pseudonymised pack whose list, cited pages or original files
  still name a real person (an original document is evidence: it is never altered, so a
  pack of documents that name the person cannot be pseudonymised).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from app.domain.records import EventFilter
from app.interchange.exhibits import Exhibit, plan_exhibits
from app.interchange.output_policy import (
    NOTE_LABEL,
    OutputPolicy,
    check_bytes,
    check_pages,
    output_case,
)
from app.interchange.privileged_notes import citation_label


def _notes_by_source(events: list[Any]) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    for event in events:
        for c in event.citations:
            if c.privileged_note.strip():
                where = citation_label(event.title, c.pinpoint)
                notes.setdefault(c.source_id, []).append(f"{where}: {c.privileged_note.strip()}")
    return notes


def plan_for_output(case: Any, flt: EventFilter | None, policy: OutputPolicy) -> list[Exhibit]:
    """The exhibits of the events ``flt`` selects, as ``policy`` lets the pack show them."""
    seen = output_case(case, policy)
    exhibits = plan_exhibits(seen, flt)
    if not policy.include_privileged:
        return exhibits
    notes = _notes_by_source(seen.events(flt or EventFilter()))
    return [
        replace(e, description=f"{e.description}\n{NOTE_LABEL}s: " + "; ".join(notes[e.source_id]))
        if e.source_id in notes
        else e
        for e in exhibits
    ]


def check_pack(
    policy: OutputPolicy,
    where: str,
    pdf: bytes,
    exhibits: list[Exhibit],
    pdf_text: Callable[[bytes], list[str]],
) -> None:
    """Raise :class:`~app.interchange.output_policy.RealNameLeft` when a real name of a
    pseudonymised entity is in the pack's PDF or in one of the original files beside it."""
    if not policy.pseudonyms:
        return
    check_pages(policy, where, pdf_text(pdf))
    for e in exhibits:
        if not e.produced:
            continue
        original = f"{where}: exhibit {e.label}'s original file {e.name!r}"
        if e.kind == "pdf":
            check_pages(policy, original, pdf_text(e.data))
        else:
            check_bytes(policy, original, e.data)
