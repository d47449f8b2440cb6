"""The trial-ready chronology report: a pure model of it, and its HTML form.

:func:`build_chronology` reads a case once and returns a :class:`Chronology`: a cover (case
title, when it was made, the selection in words), the dated entries in date order, the
undated entries (listed last, under "Undated"), one numbered footnote per citation (numbered
through the whole report in entry order), a table of the sources the report cites, and an
appendix listing the selected events that have no citation. Renderers only draw it:
:func:`render_html` here, ``app.ui.report`` for PDF and printing.

Selection: ``flt`` (the usual :class:`EventFilter`) and then the report options, all of which
must hold: ``key_only`` keeps key facts, ``tags`` keeps events carrying *any* of the tags
(case-insensitive), ``statuses`` keeps events whose status is any of those given.

Every piece of case text is plain text. :func:`render_html` escapes all of it with
``html.escape``; the document has inline CSS only, no scripts, no external resources, a
Content-Security-Policy that forbids loading anything, and links only to its own footnotes
(``#fn-N``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.domain.citations import format_pinpoint, parse_pinpoint
from app.domain.dates import MONTH_NAMES, FuzzyDate, Precision, Qualifier
from app.domain.records import EventFilter, EventRecord, SourceRecord
from app.store.case import Case

__all__ = [
    "Chronology",
    "Cover",
    "Entry",
    "Footnote",
    "SourceRow",
    "UnsourcedRow",
    "build_chronology",
    "describe_selection",
    "precision_note",
    "render_html",
]

NO_FILE = "no file"


@dataclass(frozen=True)
class Footnote:
    """One citation of one entry, numbered through the whole report."""

    number: int
    event_id: int
    source_id: int
    source_title: str
    source_kind: str
    pinpoint: str  # canonical form ("¶ 7", "pp. 4–6", "ABC0001234"); "" when none
    bates: str  # the source's Bates range ("ABC0001–ABC0099"); "" when none
    exhibit: str  # the source's exhibit number; "" when none
    quote: str
    stance: str  # supports / contradicts / context

    def text(self) -> str:
        """The footnote as one line of plain text (without its number)."""
        parts = [self.source_title]
        if self.pinpoint:
            parts[0] += f", {self.pinpoint}"
        marks = []
        if self.exhibit:
            marks.append(f"Ex. {self.exhibit}")
        if self.bates:
            marks.append(f"Bates {self.bates}")
        out = parts[0] + (f" ({'; '.join(marks)})" if marks else "") + "."
        if self.quote:
            out += f" \u201c{self.quote}\u201d"
        return out + f" [{self.stance}]"


@dataclass(frozen=True)
class Entry:
    """One event as the chronology shows it."""

    event_id: int
    date: str  # as written; a span is "start \u2013 end"; "" when undated
    precision_note: str  # what an imprecise date allows; "" for an exact day or minute
    title: str
    description: str
    status: str
    key_fact: bool
    tags: tuple[str, ...]
    footnotes: tuple[int, ...]  # numbers into Chronology.footnotes

    @property
    def undated(self) -> bool:
        return not self.date

    @property
    def unsourced(self) -> bool:
        return not self.footnotes


@dataclass(frozen=True)
class SourceRow:
    id: int
    kind: str
    title: str
    bates: str
    exhibit: str
    sha256: str  # the file's SHA-256, or "no file"
    citations: int  # how many footnotes of this report cite it


@dataclass(frozen=True)
class UnsourcedRow:
    event_id: int
    date: str  # "Undated" when there is none
    title: str
    status: str


@dataclass(frozen=True)
class Cover:
    case_title: str
    made_at: datetime
    made: str  # made_at in words
    selection: str  # the filter and report options in words
    events: int
    undated: int
    unsourced: int
    footnotes: int
    sources: int


@dataclass(frozen=True)
class Chronology:
    cover: Cover
    entries: tuple[Entry, ...]  # dated, in date order
    undated: tuple[Entry, ...]  # listed after the dated entries, under "Undated"
    footnotes: tuple[Footnote, ...]  # footnotes[i].number == i + 1
    sources: tuple[SourceRow, ...]  # the sources the footnotes cite, by id
    unsourced: tuple[UnsourcedRow, ...]  # the appendix: selected events with no citation

    @property
    def all_entries(self) -> tuple[Entry, ...]:
        return self.entries + self.undated

    def footnote(self, number: int) -> Footnote:
        return self.footnotes[number - 1]


# -- building -------------------------------------------------------------------------------


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
        (undated if entry.undated else dated).append(entry)

    cited: dict[int, int] = {}
    for note in footnotes:
        cited[note.source_id] = cited.get(note.source_id, 0) + 1
    source_rows = tuple(
        SourceRow(
            id=s.id,
            kind=s.kind,
            title=s.title,
            bates=_bates(s),
            exhibit=s.exhibit.strip(),
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
    made_at = made_at or datetime.now().astimezone()
    cover = Cover(
        case_title=case.title,
        made_at=made_at,
        made=_made_text(made_at, day_first),
        selection=describe_selection(
            flt, key_only=key_only, tags=tags, statuses=statuses, day_first=day_first
        ),
        events=len(shown),
        undated=len(undated),
        unsourced=len(appendix),
        footnotes=len(footnotes),
        sources=len(source_rows),
    )
    return Chronology(
        cover=cover,
        entries=tuple(dated),
        undated=tuple(undated),
        footnotes=tuple(footnotes),
        sources=source_rows,
        unsourced=appendix,
    )


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
    )


def _as_written(date: FuzzyDate) -> str:
    return " ".join(date.text.split()) or date.format()


def _day(instant: datetime, day_first: bool) -> str:
    month = MONTH_NAMES[instant.month - 1]
    return (
        f"{instant.day} {month} {instant.year}"
        if day_first
        else (f"{month} {instant.day}, {instant.year}")
    )


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
        if date.precision is Precision.YEAR:
            return "year only", f"any time in {date.earliest.year}"
        if date.precision is Precision.MONTH:
            month = MONTH_NAMES[date.earliest.month - 1]
            return "month only", f"any time in {month} {date.earliest.year}"
        return "", ""
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
        parts.append("with no citation")
    subject = "Key facts" if key_only or flt.key_only else "All events"
    if not parts:
        return subject + "."
    if subject == "All events":
        subject = "Events"
    return subject + " " + "; ".join(parts) + "."


# -- HTML -----------------------------------------------------------------------------------

_CSS = """
@page { size: auto; margin: 20mm 18mm 22mm 18mm; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; font-size: 11pt;
  color: #111; background: #fff; line-height: 1.4; }
body { max-width: 52em; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.9em; margin: 0 0 .2em; }
h2 { font-size: 1.3em; margin: 2em 0 .6em; border-bottom: 1.5px solid #333;
  padding-bottom: .15em; break-after: avoid; page-break-after: avoid; }
.cover { border-bottom: 3px double #333; padding-bottom: 1em; margin-bottom: 1em; }
.cover .kind { font-size: 1.2em; letter-spacing: .08em; text-transform: uppercase;
  color: #444; margin: 0 0 1em; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1.2em; }
.cover dt { font-weight: bold; }
.cover dd { margin: 0; }
.note { color: #444; font-size: .9em; }
.entry { display: grid; grid-template-columns: 11em 1fr; gap: 0 1.2em; padding: .6em 0;
  border-top: 1px solid #bbb; break-inside: avoid; page-break-inside: avoid; }
.entry .date { font-weight: bold; }
.entry .precision { display: block; font-weight: normal; font-style: italic; color: #555;
  font-size: .85em; }
.entry .title { font-weight: bold; }
.entry .meta { font-size: .85em; color: #444; margin: .1em 0 .25em; }
.entry .description { white-space: pre-wrap; margin: 0; }
.key { border: 1.5px solid #111; padding: 0 .3em; font-size: .8em; font-weight: bold;
  letter-spacing: .05em; }
.status { font-variant: small-caps; }
.unsourced { color: #a00; font-weight: bold; }
sup { font-size: .75em; line-height: 0; }
sup a { text-decoration: none; color: #124; }
ol.footnotes { font-size: .9em; padding-left: 2.5em; }
ol.footnotes li { margin-bottom: .25em; }
.quote { font-style: italic; }
.stance { font-variant: small-caps; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border: 1px solid #999; padding: .25em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .85em;
  word-break: break-all; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  h2.section { break-before: page; page-break-before: always; }
  a { color: inherit; }
}
"""


_DOT = " \u00b7 "


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _marks(entry: Entry) -> str:
    if not entry.footnotes:
        return ""
    links = ",".join(f'<a href="#fn-{n}">{n}</a>' for n in entry.footnotes)
    return f"<sup>{links}</sup>"


def _entry_html(entry: Entry) -> str:
    date = _e(entry.date) if entry.date else "Undated"
    precision = (
        f'<span class="precision">{_e(entry.precision_note)}</span>' if entry.precision_note else ""
    )
    meta = [f'<span class="status">{_e(entry.status)}</span>']
    if entry.key_fact:
        meta.append('<span class="key">KEY FACT</span>')
    if entry.tags:
        meta.append("tags: " + _e(", ".join(entry.tags)))
    if entry.unsourced:
        meta.append('<span class="unsourced">no source cited</span>')
    meta.append(f"#{entry.event_id}")
    description = (
        f'<p class="description">{_e(entry.description)}</p>' if entry.description.strip() else ""
    )
    return (
        f'<div class="entry" id="event-{entry.event_id}">'
        f'<div class="date">{date}{precision}</div>'
        f'<div><div class="title">{_e(entry.title)}{_marks(entry)}</div>'
        f'<div class="meta">{_DOT.join(meta)}</div>{description}</div></div>'
    )


def _footnote_html(note: Footnote) -> str:
    text = f"<cite>{_e(note.source_title)}</cite>"
    if note.pinpoint:
        text += f", {_e(note.pinpoint)}"
    marks = []
    if note.exhibit:
        marks.append(f"Ex. {_e(note.exhibit)}")
    if note.bates:
        marks.append(f"Bates {_e(note.bates)}")
    if marks:
        text += f" ({'; '.join(marks)})"
    text += "."
    if note.quote:
        text += f' <span class="quote">\u201c{_e(note.quote)}\u201d</span>'
    text += f' <span class="stance">[{_e(note.stance)}]</span>'
    return f'<li id="fn-{note.number}" value="{note.number}">{text}</li>'


def render_html(chronology: Chronology) -> str:
    """A self-contained, print-friendly HTML5 document of ``chronology``."""
    c = chronology.cover
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="Casetrail">',
        f"<title>{_e(c.case_title)} \u00b7 Chronology</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<header class="cover">',
        f"<h1>{_e(c.case_title)}</h1>",
        '<p class="kind">Chronology</p>',
        "<dl>",
        f"<dt>Made</dt><dd>{_e(c.made)}</dd>",
        f"<dt>Selection</dt><dd>{_e(c.selection)}</dd>",
        f"<dt>Events</dt><dd>{c.events} ({c.undated} undated, {c.unsourced} without a source)</dd>",
        f"<dt>Citations</dt><dd>{c.footnotes} to {c.sources} source(s)</dd>",
        "</dl>",
        '<p class="note">Dates are given as the sources give them; an imprecise date is '
        "followed by the period it allows. Each superscript number is a citation, listed "
        "under Notes with its source, pinpoint, exhibit or Bates range, quotation and "
        "stance.</p>",
        "</header>",
        "<main>",
        '<h2 id="chronology">Chronology</h2>',
    ]
    if not chronology.all_entries:
        out.append('<p class="note">No events match the selection.</p>')
    out.extend(_entry_html(e) for e in chronology.entries)
    if chronology.undated:
        out.append('<h2 id="undated">Undated</h2>')
        out.extend(_entry_html(e) for e in chronology.undated)
    out.append('<h2 id="notes" class="section">Notes</h2>')
    if chronology.footnotes:
        out.append('<ol class="footnotes">')
        out.extend(_footnote_html(n) for n in chronology.footnotes)
        out.append("</ol>")
    else:
        out.append('<p class="note">No citations.</p>')
    out.append('<h2 id="sources" class="section">Sources</h2>')
    if chronology.sources:
        out.append(
            "<table><thead><tr><th>ID</th><th>Kind</th><th>Title</th><th>Bates</th>"
            "<th>Exhibit</th><th>SHA-256</th><th>Cited</th></tr></thead><tbody>"
        )
        for s in chronology.sources:
            out.append(
                f"<tr><td>{s.id}</td><td>{_e(s.kind)}</td><td>{_e(s.title)}</td>"
                f"<td>{_e(s.bates)}</td><td>{_e(s.exhibit)}</td>"
                f'<td class="hash">{_e(s.sha256)}</td><td>{s.citations}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">No sources are cited.</p>')
    out.append('<h2 id="appendix" class="section">Appendix: events without a source</h2>')
    if chronology.unsourced:
        out.append(
            "<table><thead><tr><th>ID</th><th>Date</th><th>Title</th><th>Status</th></tr>"
            "</thead><tbody>"
        )
        for u in chronology.unsourced:
            out.append(
                f"<tr><td>{u.event_id}</td><td>{_e(u.date)}</td><td>{_e(u.title)}</td>"
                f"<td>{_e(u.status)}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">Every event in this chronology cites a source.</p>')
    out.extend(["</main>", "</body>", "</html>", ""])
    return "\n".join(out)
