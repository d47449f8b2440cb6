"""The chronology report as plain values: cover, entries, footnotes, sources table and
the appendices of events no citation supports and of events whose status the citations do
not support. Built by ``build``, drawn by the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
    exhibit: str  # the exhibit label in the pack of the same events ("" when none)
    quote: str
    stance: str  # supports / contradicts / context
    exhibit_page: str = ""  # the cited page as the pack stamps it ("DEMO-000002", "p. 3")
    produced: bool = True  # false when the source has no stored file (listed, no pages)

    def exhibit_text(self) -> str:
        """Where the cite is in the exhibit pack: "Ex. 2 at DEMO-000002", "Ex. 3 at p. 2",
        "Ex. 4" (an exhibit without pages: not a PDF, or not produced); "" when none."""
        if not self.exhibit:
            return ""
        return f"Ex. {self.exhibit}" + (f" at {self.exhibit_page}" if self.exhibit_page else "")

    def text(self) -> str:
        """The footnote as one line of plain text (without its number)."""
        parts = [self.source_title]
        if self.pinpoint:
            parts[0] += f", {self.pinpoint}"
        marks = []
        if self.exhibit:
            marks.append(self.exhibit_text())
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
    standing: str = "unsupported"  # from the citations' stances (app.domain.standing)
    warnings: tuple[str, ...] = ()  # where the status claims more than the citations give
    privileged_note: str = ""  # only in a report that was asked to include the notes

    @property
    def undated(self) -> bool:
        return not self.date

    @property
    def unsourced(self) -> bool:
        """No citation supports the event (it may still cite context or contradiction)."""
        return self.standing in ("contradicted", "unsupported")

    @property
    def unsourced_note(self) -> str:
        """What the entry says about its missing support; "" when a citation supports it."""
        if not self.unsourced:
            return ""
        return "no source cited" if not self.footnotes else "no supporting source"


@dataclass(frozen=True)
class SourceRow:
    id: int
    kind: str
    title: str
    bates: str
    exhibit: str  # its label in the exhibit pack of the same events
    sha256: str  # the file's SHA-256, or "no file"
    citations: int  # how many footnotes of this report cite it


@dataclass(frozen=True)
class UnsourcedRow:
    event_id: int
    date: str  # "Undated" when there is none
    title: str
    status: str


@dataclass(frozen=True)
class WarningRow:
    """An event whose status the citations do not support, for the appendix."""

    event_id: int
    date: str  # "Undated" when there is none
    title: str
    status: str
    standing: str
    warning: str  # the warning in plain words


@dataclass(frozen=True)
class Cover:
    case_title: str
    made_at: datetime
    made: str  # made_at in words
    selection: str  # the filter and report options in words
    events: int
    undated: int
    unsourced: int  # events no citation supports
    footnotes: int
    sources: int
    period: str = ""  # the dates the events cover (known bounds only), in words
    warnings: int = 0  # events whose status the citations do not support


@dataclass(frozen=True)
class Chronology:
    cover: Cover
    entries: tuple[Entry, ...]  # dated, in date order
    undated: tuple[Entry, ...]  # listed after the dated entries, under "Undated"
    footnotes: tuple[Footnote, ...]  # footnotes[i].number == i + 1
    sources: tuple[SourceRow, ...]  # the sources the footnotes cite, by id
    unsourced: tuple[UnsourcedRow, ...]  # the appendix: selected events no citation supports
    unsupported_status: tuple[WarningRow, ...] = ()  # status not supported by the citations
    privileged: str = ""  # the marking every page carries when notes are included; "" if not

    @property
    def all_entries(self) -> tuple[Entry, ...]:
        return self.entries + self.undated

    def footnote(self, number: int) -> Footnote:
        return self.footnotes[number - 1]
