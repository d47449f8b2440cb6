"""The privileged work-product notes of events and citations, as an output that was asked
to include them writes them (plain text; every writer marks its file :data:`PRIVILEGED`)."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.records import EventRecord
from app.interchange.output_policy import NOTE_LABEL, PRIVILEGED

PRIVILEGED_COLUMN = f"privileged_note ({PRIVILEGED})"


def citation_label(source_title: str, pinpoint: str) -> str:
    return f"{source_title}, {pinpoint}" if pinpoint else source_title


def note_lines(event: EventRecord) -> list[str]:
    """The event's note and each citation's note (naming the citation), in order."""
    lines = []
    if event.privileged_note.strip():
        lines.append(event.privileged_note.strip())
    for c in event.citations:
        if c.privileged_note.strip():
            where = citation_label(c.source_title, c.pinpoint)
            lines.append(f"On the citation of {where}: {c.privileged_note.strip()}")
    return lines


def note_text(event: EventRecord) -> str:
    """:func:`note_lines` as one text ("" when the event has no notes)."""
    return "\n".join(note_lines(event))


def labelled(event: EventRecord) -> str:
    """``"Privileged work-product note: ..."`` or ""."""
    text = note_text(event)
    return f"{NOTE_LABEL} ({PRIVILEGED}): {text}" if text else ""


def privileged_cells(events: Iterable[EventRecord]) -> dict[str, str]:
    """Event id (as the CSV's id cell) -> its notes, for events that have any."""
    return {str(e.id): text for e in events if (text := note_text(e))}
