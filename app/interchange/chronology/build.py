"""Building a :class:`Chronology` from a case: selection, date order, footnote numbering,
the sources table and the notes that say what an imprecise date allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np

from app.domain.citations import format_pinpoint, parse_pinpoint
from app.domain.columns import FLAG_OPEN_END, FLAG_OPEN_START, build_event_columns
from app.domain.date_format import MONTH_NAMES, year_words
from app.domain.date_interval import FINE_YEARS
from app.domain.dates import FuzzyDate, Precision, Qualifier
from app.domain.instants import from_seconds
from app.domain.known_bounds import case_span
from app.domain.records import EventFilter, EventRecord, SourceRecord
from app.interchange.chronology.model import (
    NO_FILE,
    Chronology,
    Cover,
    Entry,
    Footnote,
    SourceRow,
    UnsourcedRow,
    WarningRow,
)
from app.interchange.exhibit_places import ExhibitPlaces
from app.interchange.output_policy import PRIVILEGED, policy_of
from app.interchange.privileged_notes import note_text
from app.store.case import Case


def build_chronology(
    case: Case,
    flt: EventFilter | None = None,
    *,
    key_only: bool = False,
    tags: Sequence[str] = (),
    statuses: Sequence[str] = (),
    made_at: datetime | None = None,
) -> Chronology:
    """The chronology of ``case``'s events selected by ``flt`` and the report options."""
    flt = flt or EventFilter()
    query = replace(flt, key_only=True) if key_only else flt
    events = case.events(query)
    wanted_tags = {t.casefold() for t in tags if t.strip()}
    wanted_statuses = {s.strip().lower() for s in statuses if s.strip()}
    if wanted_tags:
        events = [e for e in events if wanted_tags & {t.casefold() for t in e.tags}]
    if wanted_statuses:
        events = [e for e in events if e.status in wanted_statuses]
    day_first = case.day_first
    sources = {s.id: s for s in case.sources()}
    privileged = policy_of(case).include_privileged

    # Dated entries in date order, then the undated ones; footnotes are numbered in the
    # order the entries are shown.
    ordered = [e for e in events if e.start is not None] + [e for e in events if e.start is None]
    footnotes: list[Footnote] = []
    dated: list[Entry] = []
    undated: list[Entry] = []
    for event in ordered:
        numbers = []
        for citation in event.citations:
            source = sources.get(citation.source_id)
            footnotes.append(
                Footnote(
                    number=len(footnotes) + 1,
                    event_id=event.id,
                    source_id=citation.source_id,
                    source_title=citation.source_title,
                    source_kind=citation.source_kind,
                    pinpoint=format_pinpoint(parse_pinpoint(citation.pinpoint)),
                    bates=_bates(source) if source else "",
                    exhibit=source.exhibit.strip() if source else "",
                    quote=citation.quote,
                    stance=citation.stance,
                )
            )
            numbers.append(len(footnotes))
        entry = _entry(event, tuple(numbers), day_first)
        if privileged:
            entry = replace(entry, privileged_note=note_text(event))
        (undated if entry.undated else dated).append(entry)

    footnotes = _in_the_pack(case, sources, footnotes)
    labels = {note.source_id: note.exhibit for note in footnotes}
    cited: dict[int, int] = {}
    for note in footnotes:
        cited[note.source_id] = cited.get(note.source_id, 0) + 1
    source_rows = tuple(
        SourceRow(
            id=s.id,
            kind=s.kind,
            title=s.title,
            bates=_bates(s),
            exhibit=labels.get(s.id, ""),
            sha256=s.file_sha256 or NO_FILE,
            citations=cited[s.id],
        )
        for s in sorted((sources[i] for i in cited if i in sources), key=lambda s: s.id)
    )
    shown = dated + undated
    appendix = tuple(
        UnsourcedRow(e.event_id, e.date or "Undated", e.title, e.status)
        for e in shown
        if e.unsourced
    )
    unsupported_status = tuple(
        WarningRow(e.event_id, e.date or "Undated", e.title, e.status, e.standing, warning)
        for e in shown
        for warning in e.warnings
    )
    made_at = made_at or datetime.now().astimezone()
    cover = Cover(
        case_title=case.title,
        made_at=made_at,
        made=_made_text(made_at, day_first),
        selection=describe_selection(
            flt, key_only=key_only, tags=tags, statuses=statuses, day_first=day_first
        ),
        events=len(shown),
        period=_period(case, [e.id for e in events if e.start is not None], day_first),
        undated=len(undated),
        unsourced=len(appendix),
        footnotes=len(footnotes),
        sources=len(source_rows),
        warnings=len({w.event_id for w in unsupported_status}),
    )
    return Chronology(
        cover=cover,
        entries=tuple(dated),
        undated=tuple(undated),
        footnotes=tuple(footnotes),
        sources=source_rows,
        unsourced=appendix,
        unsupported_status=unsupported_status,
        privileged=PRIVILEGED if privileged else "",
    )


def _in_the_pack(
    case: Case, sources: dict[int, SourceRecord], footnotes: list[Footnote]
) -> list[Footnote]:
    """The footnotes with the exhibit and page each cite has in the exhibit pack of the
    same events (``app.interchange.exhibit_places``: one numbering for both)."""
    places = ExhibitPlaces(
        case, [sources[n.source_id] for n in footnotes if n.source_id in sources]
    )
    out = []
    for note in footnotes:
        if note.source_id not in sources:
            out.append(note)
            continue
        produced = places.copy(note.source_id) is not None
        out.append(
            replace(
                note,
                exhibit=places.labels[note.source_id],
                exhibit_page=places.mark(note.source_id, note.pinpoint) if produced else "",
                produced=produced,
            )
        )
    return out


def _entry(event: EventRecord, footnotes: tuple[int, ...], day_first: bool) -> Entry:
    date = ""
    note = ""
    if event.start is not None:
        date = _as_written(event.start)
        note = precision_note(event.start, day_first=day_first)
        if event.end is not None:
            date += " \u2013 " + _as_written(event.end)
            note = _span_note(event.start, event.end, day_first)
    return Entry(
        event_id=event.id,
        date=date,
        precision_note=note,
        title=event.title,
        description=event.description,
        status=event.status,
        key_fact=event.key_fact,
        tags=event.tags,
        footnotes=footnotes,
        standing=event.standing,
        warnings=event.warnings,
    )


def _period(case: Case, dated_ids: list[int], day_first: bool) -> str:
    """The dates the selected events cover, counting only known bounds: "before 2010" counts
    as 1 January 2010 and "after 2016" as 1 January 2017, never as the limits of the
    calendar."""
    rows, _ = case.timeline_rows(dated_ids) if dated_ids else ([], [])
    cols = build_event_columns(rows, [])
    span = case_span(cols)
    if span is None:
        return "no dated events"
    lo, hi = span
    first = _day(from_seconds(lo), day_first)
    text = first if hi <= lo else f"{first} to {_day(from_seconds(hi - 1), day_first)}"
    opened = int(np.count_nonzero(cols.flags & (FLAG_OPEN_START | FLAG_OPEN_END)))
    if opened:
        text += f" ({opened} open-ended date{'s' if opened > 1 else ''} counted by the known bound)"
    return text


def _as_written(date: FuzzyDate) -> str:
    return " ".join(date.text.split()) or date.format()


def _day(instant: datetime, day_first: bool) -> str:
    if not FINE_YEARS[0] <= instant.year <= FINE_YEARS[1]:
        return year_words(instant.year)
    month, year = MONTH_NAMES[instant.month - 1], year_words(instant.year)
    return f"{instant.day} {month} {year}" if day_first else f"{month} {instant.day}, {year}"


def precision_note(date: FuzzyDate, *, day_first: bool = False) -> str:
    """What an imprecise date allows, in words; "" for an exact day or minute.

    "year only: any time in 2004", "month only: any time in December 2016", "approximate:
    any time from January 1, 2003 to December 31, 2005", "open-ended: any time before
    January 1, 2013" ...; a numeric date that could be read both ways says how it was read.
    """
    label, allowed = _allowed(date, day_first)
    parts = [f"{label}: {allowed}"] if allowed else []
    parts.extend(_ambiguity(date, day_first))
    return "; ".join(parts)


def _span_note(start: FuzzyDate, end: FuzzyDate, day_first: bool) -> str:
    """ "starts any time in 2013; ends any time in 2018" (each side only when imprecise)."""
    parts = []
    for word, date in (("starts", start), ("ends", end)):
        _, allowed = _allowed(date, day_first)
        if allowed:
            parts.append(f"{word} {allowed}")
        parts.extend(_ambiguity(date, day_first))
    return "; ".join(parts)


def _allowed(date: FuzzyDate, day_first: bool) -> tuple[str, str]:
    """(kind of imprecision, the period allowed) or ("", "") for an exact day or minute."""
    first = _day(date.earliest, day_first)
    last = _day(date.latest - timedelta(microseconds=1), day_first)
    if date.qualifier is Qualifier.EXACT:
        year = year_words(date.earliest.year)
        if date.precision is Precision.YEAR:
            return "year only", f"any time in {year}"
        if date.precision is Precision.MONTH:
            month = MONTH_NAMES[date.earliest.month - 1]
            return "month only", f"any time in {month} {year}"
        if date.precision in (Precision.DAY, Precision.MINUTE, Precision.SECOND):
            return "", ""
        return f"{date.precision_word} only", f"any time from {first} to {last}"
    if date.qualifier is Qualifier.CIRCA:
        return "approximate", f"any time from {first} to {last}"
    if date.qualifier is Qualifier.BEFORE:
        return "open-ended", f"any time before {_day(date.latest, day_first)}"
    if date.qualifier is Qualifier.AFTER:
        return "open-ended", f"any time from {first} on"
    return "range", f"any time from {first} to {last}"


def _ambiguity(date: FuzzyDate, day_first: bool) -> list[str]:
    if not date.ambiguous:
        return []
    order = "day first" if day_first else "month first"
    return [f"numeric date read {order}, as {date.format(day_first=day_first)}"]


def _bates(source: SourceRecord) -> str:
    first, last = source.bates_start.strip(), source.bates_end.strip()
    if first and last and last != first:
        return f"{first}\u2013{last}"
    return first or last


def _made_text(made_at: datetime, day_first: bool) -> str:
    text = f"{_day(made_at, day_first)}, {made_at.hour:02d}:{made_at.minute:02d}"
    zone = made_at.tzname() if made_at.tzinfo is not None else None
    return f"{text} {zone}" if zone else text


def _names(values: Iterable[str], joiner: str) -> str:
    quoted = [f"\u201c{v}\u201d" for v in values]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def describe_selection(
    flt: EventFilter | None,
    *,
    key_only: bool = False,
    tags: Sequence[str] = (),
    statuses: Sequence[str] = (),
    day_first: bool = False,
) -> str:
    """The filter and report options in words ("All events." when nothing narrows)."""
    flt = flt or EventFilter()
    parts = []
    if flt.search.strip():
        parts.append(f"matching the search \u201c{flt.search.strip()}\u201d")
    if flt.tags:
        parts.append(f"tagged {_names(flt.tags, 'and')}")
    if tags:
        parts.append(f"tagged {_names(tags, 'or')}")
    if flt.entities:
        parts.append(f"naming {_names(flt.entities, 'and')}")
    if flt.statuses:
        parts.append(f"with status {_names(flt.statuses, 'or')}")
    if statuses:
        parts.append(f"with status {_names(statuses, 'or')}")
    if flt.date_from is not None:
        parts.append(f"that may fall on or after {flt.date_from.format(day_first=day_first)}")
    if flt.date_to is not None:
        parts.append(f"that may fall on or before {flt.date_to.format(day_first=day_first)}")
    if flt.source_kinds:
        parts.append(f"citing a source of kind {_names(flt.source_kinds, 'or')}")
    if flt.unsourced_only:
        parts.append("with no supporting citation")
    if flt.standings:
        parts.append(f"whose citations leave them {_names(flt.standings, 'or')}")
    if flt.warnings_only:
        parts.append("whose status the citations do not support")
    subject = "Key facts" if key_only or flt.key_only else "All events"
    if not parts:
        return subject + "."
    if subject == "All events":
        subject = "Events"
    return subject + " " + "; ".join(parts) + "."
