"""A filter in words, for the status bar and saved views."""

from __future__ import annotations

from app.domain.records import EventFilter


def active_filter_summary(flt: EventFilter) -> str:
    """A short line for the status bar, e.g. "tags: negligence; status: alleged; 2013 to
    2016"; empty for an empty filter."""
    parts: list[str] = []
    if flt.search.strip():
        parts.append(f"search: {flt.search.strip()}")
    if flt.tags:
        parts.append("tags: " + ", ".join(flt.tags))
    if flt.entities:
        parts.append("entities: " + ", ".join(flt.entities))
    if flt.statuses:
        parts.append("status: " + ", ".join(flt.statuses))
    if flt.date_from is not None and flt.date_to is not None:
        parts.append(f"{flt.date_from.text} to {flt.date_to.text}")
    elif flt.date_from is not None:
        parts.append(f"from {flt.date_from.text}")
    elif flt.date_to is not None:
        parts.append(f"until {flt.date_to.text}")
    if flt.key_only:
        parts.append("key facts only")
    if flt.unsourced_only:
        parts.append("unsourced only")
    if flt.source_kinds:
        parts.append("source kinds: " + ", ".join(flt.source_kinds))
    if flt.standings:
        parts.append("standing: " + ", ".join(flt.standings))
    if flt.warnings_only:
        parts.append("status not supported by the citations")
    return "; ".join(parts)
