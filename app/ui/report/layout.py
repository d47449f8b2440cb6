"""The chronology report laid out into pages.

Each block (an entry, a table row, a heading) becomes a list of *bands*, one per line of
text across its columns; the paginator places bands one at a time, keeps the first two bands
of a block together (so an entry's date and title are never left alone at the foot of a
page), keeps headings with what follows, and repeats a table's header on each page it
continues onto. Footnotes are page footnotes: a band moves to the next page when it and its
notes do not both fit; a note too long for the rest of the page continues on the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtGui import (
    QPagedPaintDevice,
)

from app.interchange.chronology import Chronology, Entry, Footnote
from app.interchange.output_policy import NOTE_LABEL
from app.ui.report.typeset import (
    CELL_PAD,
    COLUMN_GAP,
    DATE_COLUMN,
    ENTRY_GAP,
    FOOTER_GAP,
    HEADER_GAP,
    KEEP_WHOLE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    NOTE_GUTTER,
    NOTE_RULE_GAP,
    Fragment,
    Line,
    Typesetter,
)

# -- bands, blocks and pages -----------------------------------------------------------------


@dataclass
class Band:
    """One row of lines across a block's columns, placed as a unit."""

    height: float
    cells: list[tuple[float, Line]]  # (x offset in the body, line)
    notes: list[Line] = field(default_factory=list)  # footnote lines this band's markers need
    rule_above: bool = False
    shade: bool = False
    bar: bool = False  # the key-fact bar in the left margin
    grid: list[float] = field(default_factory=list)  # x positions of table cell borders


@dataclass
class Block:
    bands: list[Band]
    space_before: float = 0.0
    break_before: bool = False
    keep: int = 2  # leading bands kept together
    keep_with_next: bool = False
    header: list[Band] | None = None  # a table's header, placed above it on each new page
    continued: list[Band] | None = None  # placed above the rest of a block split by a page


@dataclass
class Page:
    number: int
    cover: bool = False
    body: list[tuple[float, Band]] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)
    used: float = 0.0
    notes_height: float = 0.0


class Paginator:
    def __init__(self, body_height: float, note_rule: float) -> None:
        self.height = body_height
        self.note_rule = note_rule  # space taken by the rule above the first note
        self.pages: list[Page] = []
        self.carry: list[Line] = []
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page(number=len(self.pages) + 1))
        while self.carry:
            line = self.carry[0]
            extra = self.note_rule if not self.page.notes else 0.0
            if self.page.notes and self.page.notes_height + extra + line.height > self.height:
                # Notes fill the whole page: continue them on another one.
                self.pages.append(Page(number=len(self.pages) + 1))
                continue
            self.page.notes.append(self.carry.pop(0))
            self.page.notes_height += extra + line.height

    def _need(self, bands: Sequence[Band]) -> float:
        body = sum(b.height for b in bands)
        notes = sum(n.height for b in bands for n in b.notes)
        if notes and not self.page.notes:
            notes += self.note_rule
        return body + notes

    def fits(self, bands: Sequence[Band], extra: float = 0.0) -> bool:
        page = self.page
        return page.used + extra + page.notes_height + self._need(bands) <= self.height + 1e-6

    def place(self, band: Band, extra: float = 0.0) -> None:
        page = self.page
        page.used += extra
        page.body.append((page.used, band))
        page.used += band.height
        for note in band.notes:
            rule = self.note_rule if not page.notes else 0.0
            if not self.carry and page.used + page.notes_height + rule + note.height <= (
                self.height + 1e-6
            ):
                page.notes.append(note)
                page.notes_height += rule + note.height
            else:
                self.carry.append(note)

    def add(self, blocks: Sequence[Block]) -> list[Page]:
        for i, block in enumerate(blocks):
            if not block.bands:
                continue
            if block.break_before and (self.page.body or self.page.notes):
                self.new_page()
            lead = block.bands[: block.keep]
            if block.keep_with_next and i + 1 < len(blocks):
                lead = lead + blocks[i + 1].bands[: blocks[i + 1].keep]
            space = block.space_before if self.page.body else 0.0
            if not self.fits(lead, space) and self.page.body:
                self.new_page()
                space = 0.0
                self._repeat_header(block)
            for n, band in enumerate(block.bands):
                if not self.fits([band], space) and self.page.body:
                    self.new_page()
                    space = 0.0
                    self._repeat_header(block)
                    for extra in block.continued or ():
                        self.place(extra)
                self.place(band, space if n == 0 else 0.0)
                space = 0.0
        while self.carry:
            self.new_page()
        return self.pages

    def _repeat_header(self, block: Block) -> None:
        for band in block.header or ():
            self.place(band)


# -- the report as blocks --------------------------------------------------------------------


class ReportLayout:
    """Turns a chronology into pages for one device and page size."""

    def __init__(self, chronology: Chronology, device: QPagedPaintDevice) -> None:
        self.chronology = chronology
        self.ts = Typesetter(device)
        pt = self.ts.pt
        self.page_width = float(device.width())
        self.page_height = float(device.height())
        self.left = pt(MARGIN_X)
        self.width = self.page_width - 2 * self.left
        self.top = pt(MARGIN_TOP) + pt(HEADER_GAP)
        self.bottom = self.page_height - pt(MARGIN_BOTTOM) - pt(FOOTER_GAP)
        self.notes_by_number = {n.number: n for n in chronology.footnotes}

    # building blocks

    def _band_rows(
        self, columns: Sequence[tuple[float, list[Line]]], *, pad: float = 0.0
    ) -> list[Band]:
        """Zip columns of lines (x offset, lines) into bands, one per row of lines."""
        rows = max((len(lines) for _, lines in columns), default=0)
        bands = []
        for r in range(rows):
            cells = [(x, lines[r]) for x, lines in columns if r < len(lines)]
            height = max(line.height for _, line in cells)
            bands.append(Band(height=height, cells=cells))
        if bands and pad:
            bands[0].height += pad
            for k, (x, line) in enumerate(bands[0].cells):
                bands[0].cells[k] = (x, _shifted(line, pad))
            bands[-1].height += pad
        return bands

    def _note_lines(self, note: Footnote) -> list[Line]:
        ts = self.ts
        runs: list[tuple[str, str]] = [(note.source_title, "fn_italic")]
        if note.pinpoint:
            runs.append((f", {note.pinpoint}", "fn"))
        marks = []
        if note.exhibit:
            marks.append(note.exhibit_text())
        if note.bates:
            marks.append(f"Bates {note.bates}")
        if marks:
            runs.append((f" ({'; '.join(marks)})", "fn"))
        runs.append((".", "fn"))
        if note.quote:
            runs.append((f" \u201c{note.quote}\u201d", "fn"))
        runs.append((f"  [{note.stance}]", "fn_stance"))
        gutter = ts.pt(NOTE_GUTTER)
        lines = ts.wrap(runs, self.width, indent=gutter)
        number = str(note.number)
        nx = gutter - ts.pt(4) - ts.advance(number, "fn_num")
        lines[0].fragments.insert(0, Fragment(nx, number, "fn_num"))
        return lines

    def cover_blocks(self) -> list[Block]:
        c = self.chronology.cover
        ts, pt = self.ts, self.ts.pt
        blocks = [
            Block(self._band_rows([(0.0, ts.wrap([(c.case_title, "h1")], self.width))])),
            Block(
                self._band_rows([(0.0, ts.wrap([("CHRONOLOGY", "kicker")], self.width))]),
                space_before=pt(6),
            ),
        ]
        label_width = pt(92)
        rows = [
            ("Made", c.made),
            ("Selection", c.selection),
            ("Dates", c.period),
            (
                "Events",
                f"{c.events} ({c.undated} undated, {c.unsourced} without a supporting source)",
            ),
            ("Status", f"{c.warnings} not supported by the citations"),
            ("Citations", f"{c.footnotes} to {c.sources} source(s)"),
        ]
        for n, (label, value) in enumerate(rows):
            bands = self._band_rows(
                [
                    (0.0, ts.wrap([(label.upper(), "cover_label")], label_width)),
                    (label_width, ts.wrap([(value, "cover")], self.width - label_width)),
                ]
            )
            blocks.append(Block(bands, space_before=pt(28 if n == 0 else 8)))
        about = (
            "Entries are in date order; events with no date follow under \u201cUndated\u201d. "
            "Dates are given as the sources give them, and an imprecise date (a year, a "
            "month, \u201ccirca\u201d, a range) is followed by the period it allows. Each "
            "superscript number after a title is a citation; its note, at the foot of the "
            "same page, gives the source, the pinpoint, the exhibit number or Bates range, "
            "any quotation and the citation's stance (supports, contradicts or context). "
            "The Sources table lists every cited source with the SHA-256 of its file; the "
            "Appendix lists the events that cite no source."
        )
        blocks.append(
            Block(
                self._band_rows([(0.0, ts.wrap([(about, "note_italic")], self.width))]),
                space_before=pt(28),
                keep=99,
            )
        )
        return blocks

    def heading(self, text: str, *, break_before: bool = False) -> Block:
        bands = self._band_rows([(0.0, self.ts.wrap([(text, "h2")], self.width))])
        bands[-1].height += self.ts.pt(6)
        return Block(
            bands, break_before=break_before, space_before=self.ts.pt(14), keep_with_next=True
        )

    def note(self, text: str) -> Block:
        return Block(
            self._band_rows([(0.0, self.ts.wrap([(text, "note_italic")], self.width))]),
            space_before=self.ts.pt(4),
        )

    def entry_block(self, entry: Entry) -> Block:
        ts, pt = self.ts, self.ts.pt
        date_w = pt(DATE_COLUMN)
        main_x = date_w + pt(COLUMN_GAP)
        main_w = self.width - main_x
        date_lines = ts.wrap([(entry.date or "Undated", "bold")], date_w)
        if entry.precision_note:
            date_lines += ts.wrap([(entry.precision_note, "note_italic")], date_w)
        title_runs = [(entry.title, "bold")]
        if entry.footnotes:
            title_runs.append(("\u2009" + ",".join(str(n) for n in entry.footnotes), "sup"))
        title_lines = ts.wrap(title_runs, main_w)
        meta: list[tuple[str, str]] = [(entry.status.upper(), "meta_bold")]
        if entry.key_fact:
            meta.append(("   \u25a0 KEY FACT", "meta_bold"))
        if entry.unsourced:
            meta.append(("   " + entry.unsourced_note.upper(), "alert"))
        meta.append((f"   standing: {entry.standing}", "meta"))
        meta.extend((f"   \u26a0 {warning}", "alert") for warning in entry.warnings)
        if entry.tags:
            meta.append(("   tags: " + ", ".join(entry.tags), "meta"))
        meta.append((f"   #{entry.event_id}", "meta"))
        main_lines = title_lines + ts.wrap(meta, main_w)
        if entry.description.strip():
            main_lines += ts.wrap([(entry.description.strip(), "body")], main_w)
        if entry.privileged_note:
            main_lines += ts.wrap([(f"{NOTE_LABEL}: {entry.privileged_note}", "alert")], main_w)
        bands = self._band_rows([(0.0, date_lines), (main_x, main_lines)], pad=pt(ENTRY_GAP))
        # The footnotes go with the band that prints the markers (the title's last line).
        marker_band = min(len(title_lines), len(bands)) - 1
        for number in entry.footnotes:
            bands[marker_band].notes.extend(self._note_lines(self.notes_by_number[number]))
        bands[0].rule_above = True
        if entry.key_fact:
            for band in bands:
                band.bar = True
        when = entry.date or "Undated"
        continued = self._band_rows(
            [(0.0, ts.wrap([(f"{when} (continued)", "note_italic")], date_w))], pad=pt(2)
        )
        # A short entry is never split; a long one keeps at least its first three lines.
        return Block(bands, keep=len(bands) if len(bands) <= KEEP_WHOLE else 3, continued=continued)

    def table_blocks(
        self,
        widths: Sequence[float | None],
        head: Sequence[str],
        rows: Iterable[Sequence[tuple[str, str]]],
    ) -> list[Block]:
        """A ruled table; ``widths`` in points, one of them ``None`` (it takes the rest)."""
        ts, pt = self.ts, self.ts.pt
        fixed = sum(pt(w) for w in widths if w is not None)
        col_widths = [pt(w) if w is not None else self.width - fixed for w in widths]
        xs = [0.0]
        for w in col_widths[:-1]:
            xs.append(xs[-1] + w)
        pad = pt(CELL_PAD)
        grid = xs + [self.width]

        def row_bands(cells: Sequence[tuple[str, str]], shade: bool) -> list[Band]:
            columns = [
                (x + pad, ts.wrap([(text, style)], w - 2 * pad))
                for x, w, (text, style) in zip(xs, col_widths, cells, strict=True)
            ]
            bands = self._band_rows(columns, pad=pad)
            for band in bands:
                band.grid = grid
                band.shade = shade
            bands[0].rule_above = True
            return bands

        header = row_bands([(h, "cell_head") for h in head], True)
        blocks = [Block(header, keep=99, keep_with_next=True)]
        for cells in rows:
            bands = row_bands(cells, False)
            blocks.append(Block(bands, keep=len(bands), header=header))
        if len(blocks) > 1:
            # close the table with a rule under its last row
            blocks.append(_closing_rule(grid))
        return blocks

    def blocks(self) -> list[Block]:
        ch = self.chronology
        out = self.cover_blocks()
        out.append(self.heading("Chronology", break_before=True))
        if not ch.all_entries:
            out.append(self.note("No events match the selection."))
        out.extend(self.entry_block(e) for e in ch.entries)
        if ch.entries:
            out.append(_closing_rule())
        if ch.undated:
            out.append(self.heading("Undated"))
            out.extend(self.entry_block(e) for e in ch.undated)
            out.append(_closing_rule())
        out.append(self.heading("Sources", break_before=True))
        if ch.sources:
            hash_width = self.ts.advance("0" * 32, "mono") / self.ts.unit + 2 * CELL_PAD + 1
            out.extend(self._sources_table(hash_width))
        else:
            out.append(self.note("No sources are cited."))
        unsourced = ([u.event_id, u.date, u.title, u.status] for u in ch.unsourced)
        out += self._appendix("Appendix: events without a supporting source", unsourced, 4,
                              "A citation supports every event in this chronology.")  # fmt: skip
        warned = (
            [w.event_id, w.date, w.title, w.status, w.standing, w.warning]
            for w in ch.unsupported_status
        )
        out += self._appendix("Appendix: status not supported by the citations", warned, 6,
                              "The citations bear out every status set here.")  # fmt: skip
        return out

    def _appendix(
        self, title: str, rows: Iterable[list[object]], n: int, empty: str
    ) -> list[Block]:
        """An appendix: its heading and a table of ``n`` columns (ID, Date, Title, Status, and
        Standing and Warning when ``n`` is 6), or the note ``empty`` when there are no rows."""
        out = [self.heading(title)]
        table = [[(str(v), "cell") for v in row] for row in rows]
        if not table:
            return [*out, self.note(empty)]
        widths: list[float | None] = [34.0, 120.0, None, 70.0] if n == 4 else [30.0, 80.0,
                                      None, 62.0, 66.0, 150.0]  # fmt: skip
        names = ["ID", "Date", "Title", "Status", "Standing", "Warning"][:n]
        return out + self.table_blocks(widths, names, table)

    def _sources_table(self, hash_width: float) -> list[Block]:
        return self.table_blocks(
            [24.0, 58.0, None, 74.0, 40.0, hash_width, 30.0],
            ["ID", "Kind", "Title", "Bates", "Exhibit", "SHA-256", "Cited"],
            (
                [
                    (str(s.id), "cell"),
                    (s.kind, "cell"),
                    (s.title, "cell"),
                    (s.bates, "cell"),
                    (s.exhibit, "cell"),
                    (_hash_text(s.sha256), "mono"),
                    (str(s.citations), "cell"),
                ]
                for s in self.chronology.sources
            ),
        )

    def paginate(self) -> list[Page]:
        ts = self.ts
        rule = ts.pt(NOTE_RULE_GAP) * 2
        paginator = Paginator(self.bottom - self.top, rule)
        paginator.pages[0].cover = True
        return paginator.add(self.blocks())


def _closing_rule(grid: list[float] | None = None) -> Block:
    return Block([Band(0.0, [], rule_above=True, grid=grid or [])], keep=1)


def _hash_text(sha256: str) -> str:
    if len(sha256) == 64:
        return sha256[:32] + "\n" + sha256[32:]
    return sha256


def _shifted(line: Line, dy: float) -> Line:
    return Line(line.fragments, line.ascent + dy, line.height, line.width)
