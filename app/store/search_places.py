"""Where a search matched an event (title, description, quote, pinpoint, source), for the
hints the window shows beside a match."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store import dialect

if TYPE_CHECKING:
    from app.store.case import Case


def match_places(case: Case, text: str, event_id: int) -> list[str]:
    """The places of event ``event_id`` that hold every word of ``text`` (see
    :func:`app.store.sqlite.search.match_places`)."""
    with case._units.read() as conn:
        return dialect.match_places(conn, text, event_id)
