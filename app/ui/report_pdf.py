"""The chronology report as PDF (``QPdfWriter``) or on a printer (``QPrinter``).

Both go through one painter: :func:`write_chronology_pdf` and :func:`print_chronology` lay
the :class:`~app.interchange.chronology.Chronology` out into pages first and then paint
them, so that the footer can say "Page N of M".

Layout. Text is plain text everywhere (nothing is read as HTML): a small line breaker
measures words with ``QFontMetricsF`` of the target device and breaks over-long words
(hashes, URLs) by character. Each block (an entry, a table row, a heading) becomes a list of
*bands*, one per line of text across its columns; the paginator places bands one at a time,
keeps the first two bands of a block together (so an entry's date and title are never left
alone at the foot of a page), keeps headings with what follows, and repeats a table's
header on each page it continues onto.

Footnotes are *page footnotes*: each citation's note is set at the foot of the page on which
its marker (the superscript after the entry's title) is printed, above the footer and under
a short rule, numbered through the whole report. The paginator moves a band to the next page
when the band and its notes do not both fit; a note too long for the rest of the page (a
very long quotation) continues at the foot of the next page. The cover page has no running
header; every page has the footer.

Files are written atomically through ``QSaveFile``: a failed or cancelled write leaves an
existing file untouched. No display is needed: without one, an offscreen application is
created.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSaveFile, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from app.interchange.chronology import Chronology, Entry, Footnote

__all__ = ["PAGE_SIZES", "print_chronology", "write_chronology_pdf"]

PAGE_SIZES = {
    "letter": QPageSize.PageSizeId.Letter,
    "a4": QPageSize.PageSizeId.A4,
}
RESOLUTION = 600  # dots per inch of the PDF's coordinate space

# Geometry, in points (1/72 inch).
MARGIN_X = 60.0
MARGIN_TOP = 58.0
MARGIN_BOTTOM = 54.0
HEADER_GAP = 16.0  # from the header's baseline to the body
FOOTER_GAP = 14.0  # from the body to the footer's baseline
DATE_COLUMN = 112.0
COLUMN_GAP = 12.0
NOTE_GUTTER = 16.0
NOTE_RULE_GAP = 6.0
ENTRY_GAP = 5.0
CELL_PAD = 3.0
KEEP_WHOLE = 10  # entries of up to this many lines are kept on one page

INK = QColor("#111111")
GREY = QColor("#555555")
RULE = QColor("#9a9a9a")
ALERT = QColor("#9b1111")
SHADE = QColor("#ececec")

SERIF = ["DejaVu Serif", "Georgia", "Times New Roman", "Liberation Serif", "serif"]
SANS = ["DejaVu Sans", "Segoe UI", "Helvetica", "Arial", "Liberation Sans", "sans-serif"]
MONO = ["DejaVu Sans Mono", "Consolas", "Menlo", "Liberation Mono", "monospace"]

# name: (families, point size, bold, italic, colour, raise as a fraction of the body ascent)
STYLES: dict[str, tuple[list[str], float, bool, bool, QColor, float]] = {
    "body": (SERIF, 9.5, False, False, INK, 0.0),
    "bold": (SERIF, 9.5, True, False, INK, 0.0),
    "sup": (SERIF, 6.0, False, False, INK, 0.38),
    "meta": (SANS, 7.0, False, False, GREY, 0.0),
    "meta_bold": (SANS, 7.0, True, False, INK, 0.0),
    "alert": (SANS, 7.0, True, False, ALERT, 0.0),
    "note_italic": (SERIF, 7.5, False, True, GREY, 0.0),
    "fn": (SERIF, 7.5, False, False, INK, 0.0),
    "fn_italic": (SERIF, 7.5, False, True, INK, 0.0),
    "fn_num": (SERIF, 7.5, True, False, INK, 0.0),
    "fn_stance": (SANS, 6.5, False, False, GREY, 0.0),
    "cell": (SERIF, 8.0, False, False, INK, 0.0),
    "cell_head": (SANS, 7.5, True, False, INK, 0.0),
    "mono": (MONO, 6.5, False, False, INK, 0.0),
    "h1": (SERIF, 22.0, True, False, INK, 0.0),
    "kicker": (SANS, 11.0, True, False, GREY, 0.0),
    "h2": (SERIF, 14.0, True, False, INK, 0.0),
    "cover_label": (SANS, 8.5, True, False, GREY, 0.0),
    "cover": (SERIF, 10.5, False, False, INK, 0.0),
    "header": (SANS, 7.5, False, False, GREY, 0.0),
}
LEADING = 1.18

_app = None  # the application this module created, kept alive
# Words, runs of spaces, and word parts ending in a dash or slash (a line may break after it).
_TOKEN = re.compile(r"\s+|[^\s\u2013\u2014/-]*[\u2013\u2014/-]+|\S+")


def ensure_gui() -> None:
    """A Qt application for rendering (offscreen when there is no display).

    A ``QApplication`` is created rather than a bare ``QGuiApplication`` so that widgets
    made later in the same process (the window, pytest-qt) still work.
    """
    global _app
    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication(sys.argv[:1])


# -- lines and the line breaker --------------------------------------------------------------


@dataclass
class Fragment:
    x: float
    text: str
    style: str


@dataclass
class Line:
    fragments: list[Fragment]
    ascent: float
    height: float
    width: float


class Typesetter:
    """Fonts and metrics for one paint device; breaks styled runs into lines."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.unit = device.logicalDpiY() / 72.0  # device pixels per point
        self.fonts: dict[str, QFont] = {}
        self.metrics: dict[str, QFontMetricsF] = {}
        self.colours: dict[str, QColor] = {}
        self.raises: dict[str, float] = {}
        for name, (families, size, bold, italic, colour, _lift) in STYLES.items():
            font = QFont()
            font.setFamilies(families)
            font.setPointSizeF(size)
            font.setBold(bold)
            font.setItalic(italic)
            font.setKerning(True)
            self.fonts[name] = font
            self.metrics[name] = QFontMetricsF(font, device)
            self.colours[name] = colour
        body_ascent = self.metrics["body"].ascent()
        for name, spec in STYLES.items():
            self.raises[name] = spec[5] * body_ascent
        self._advance_cache: dict[tuple[str, str], float] = {}

    def pt(self, points: float) -> float:
        return points * self.unit

    def advance(self, text: str, style: str) -> float:
        key = (style, text)
        width = self._advance_cache.get(key)
        if width is None:
            width = self.metrics[style].horizontalAdvance(text)
            if len(self._advance_cache) < 200_000:
                self._advance_cache[key] = width
        return width

    def line_metrics(self, styles: Iterable[str]) -> tuple[float, float]:
        """(ascent, height) of a line holding these styles."""
        ascent = descent = 0.0
        for style in styles:
            m = self.metrics[style]
            ascent = max(ascent, m.ascent() + self.raises[style])
            descent = max(descent, m.descent())
        return ascent, (ascent + descent) * LEADING

    def wrap(
        self, runs: Sequence[tuple[str, str]], width: float, *, indent: float = 0.0
    ) -> list[Line]:
        """Break ``runs`` ((text, style) pairs) into lines no wider than ``width``.

        Line breaks in the text are kept; runs of spaces are kept as written within a line
        and dropped at a break; a word wider than the line is broken by character.
        ``indent`` is where every line starts (the width is measured from 0).
        """
        lines: list[Line] = []
        current: list[Fragment] = []
        styles: set[str] = set()
        x = indent
        pending_space: tuple[str, str] | None = None

        def finish() -> None:
            nonlocal current, styles, x, pending_space
            if not styles:
                styles.add(runs[0][1] if runs else "body")
            ascent, height = self.line_metrics(styles)
            lines.append(Line(current, ascent, height, x))
            current, styles, x, pending_space = [], set(), indent, None

        def put(text: str, style: str) -> None:
            nonlocal x
            if current and current[-1].style == style:
                current[-1].text += text
            else:
                current.append(Fragment(x, text, style))
            styles.add(style)
            x += self.advance(text, style)

        for text, style in runs:
            for n, paragraph in enumerate(text.replace("\r\n", "\n").split("\n")):
                if n:
                    finish()
                for token in _TOKEN.findall(paragraph.replace("\t", " ")):
                    if token.isspace():
                        if current:
                            pending_space = (token, style)
                        continue
                    word_width = self.advance(token, style)
                    space_width = self.advance(*pending_space) if pending_space else 0.0
                    if current and x + space_width + word_width > width:
                        finish()
                        space_width = 0.0
                    if pending_space and current:
                        put(*pending_space)
                    pending_space = None
                    if x + word_width <= width or word_width <= 0:
                        put(token, style)
                        continue
                    # A word wider than the line: break it by character.
                    piece = ""
                    for ch in token:
                        if piece and x + self.advance(piece + ch, style) > width:
                            put(piece, style)
                            finish()
                            piece = ""
                        piece += ch
                    if piece:
                        put(piece, style)
        if current or not lines:
            finish()
        return lines


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
            marks.append(f"Ex. {note.exhibit}")
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
            (
                "Events",
                f"{c.events} ({c.undated} undated, {c.unsourced} without a source)",
            ),
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
            meta.append(("   NO SOURCE CITED", "alert"))
        if entry.tags:
            meta.append(("   tags: " + ", ".join(entry.tags), "meta"))
        meta.append((f"   #{entry.event_id}", "meta"))
        main_lines = title_lines + ts.wrap(meta, main_w)
        if entry.description.strip():
            main_lines += ts.wrap([(entry.description.strip(), "body")], main_w)
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
        out.append(self.heading("Appendix: events without a source"))
        if ch.unsourced:
            out.extend(
                self.table_blocks(
                    [34.0, 120.0, None, 70.0],
                    ["ID", "Date", "Title", "Status"],
                    (
                        [
                            (str(u.event_id), "cell"),
                            (u.date, "cell"),
                            (u.title, "cell"),
                            (u.status, "cell"),
                        ]
                        for u in ch.unsourced
                    ),
                )
            )
        else:
            out.append(self.note("Every event in this chronology cites a source."))
        return out

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


# -- painting --------------------------------------------------------------------------------


class ReportPainter:
    def __init__(self, layout: ReportLayout, pages: list[Page]) -> None:
        self.layout = layout
        self.pages = pages
        self.ts = layout.ts

    def paint(
        self, painter: QPainter, device: QPagedPaintDevice, *, on_page: Callable[[int], None]
    ) -> None:
        for index, page in enumerate(self.pages):
            if index and not device.newPage():
                raise OSError("the next page could not be started")
            on_page(index)
            self.paint_page(painter, page)

    def _text(self, painter: QPainter, x: float, baseline: float, fragment: Fragment) -> None:
        ts = self.ts
        painter.setFont(ts.fonts[fragment.style])
        painter.setPen(ts.colours[fragment.style])
        painter.drawText(
            QPointF(x + fragment.x, baseline - ts.raises[fragment.style]), fragment.text
        )

    def _line(self, painter: QPainter, x: float, top: float, line: Line) -> None:
        for fragment in line.fragments:
            self._text(painter, x, top + line.ascent, fragment)

    def paint_page(self, painter: QPainter, page: Page) -> None:
        lay, ts = self.layout, self.ts
        pt = ts.pt
        left, top = lay.left, lay.top
        thin = QPen(RULE)
        thin.setWidthF(pt(0.5))
        # running header (not on the cover) and footer
        header_font = ts.fonts["header"]
        painter.setFont(header_font)
        painter.setPen(GREY)
        metrics = ts.metrics["header"]
        if not page.cover:
            baseline = pt(MARGIN_TOP)
            title = lay.chronology.cover.case_title
            text = metrics.elidedText(
                " ".join(title.split()) + " \u00b7 Chronology",
                Qt.TextElideMode.ElideMiddle,
                lay.width * 0.75,
            )
            painter.drawText(QPointF(left, baseline), text)
            painter.setPen(thin)
            painter.drawLine(
                QPointF(left, baseline + pt(4)), QPointF(left + lay.width, baseline + pt(4))
            )
        footer = pt(MARGIN_BOTTOM)
        baseline = lay.page_height - footer
        painter.setPen(GREY)
        painter.setFont(header_font)
        folio = f"Page {page.number} of {len(self.pages)}"
        painter.drawText(
            QPointF(left + lay.width - metrics.horizontalAdvance(folio), baseline), folio
        )
        painter.drawText(QPointF(left, baseline), f"Made {lay.chronology.cover.made}")
        # body
        for y, band in page.body:
            band_top = top + y
            if band.shade:
                painter.fillRect(QRectF(left, band_top, lay.width, band.height), SHADE)
            if band.bar:
                painter.fillRect(QRectF(left - pt(7), band_top, pt(2.2), band.height), INK)
            if band.rule_above and (y > 0 or band.grid):  # the header's rule is enough
                painter.setPen(thin)
                painter.drawLine(QPointF(left, band_top), QPointF(left + lay.width, band_top))
            if band.grid:
                painter.setPen(thin)
                for gx in band.grid:
                    painter.drawLine(
                        QPointF(left + gx, band_top), QPointF(left + gx, band_top + band.height)
                    )
            for x, line in band.cells:
                self._line(painter, left + x, band_top, line)
        # footnotes, at the foot of the body
        if page.notes:
            y = lay.bottom - page.notes_height
            painter.setPen(thin)
            rule_y = y + pt(NOTE_RULE_GAP) * 0.8
            painter.drawLine(QPointF(left, rule_y), QPointF(left + pt(120), rule_y))
            y += pt(NOTE_RULE_GAP) * 2
            for line in page.notes:
                self._line(painter, left, y, line)
                y += line.height


def _render(chronology: Chronology, painter: QPainter, device: QPagedPaintDevice) -> int:
    layout = ReportLayout(chronology, device)
    pages = layout.paginate()
    ReportPainter(layout, pages).paint(painter, device, on_page=lambda _i: None)
    return len(pages)


def layout_pages(chronology: Chronology, device: QPagedPaintDevice) -> list[Page]:
    """The pages ``chronology`` takes on ``device`` (for tests and previews)."""
    ensure_gui()
    return ReportLayout(chronology, device).paginate()


def write_chronology_pdf(
    chronology: Chronology, path: str | os.PathLike[str], *, page_size: str = "Letter"
) -> int:
    """Write ``chronology`` as a PDF to ``path`` atomically; return the number of pages.

    ``page_size`` is "Letter" or "A4". Raises ``OSError`` when the file cannot be written
    (an existing file is then left as it was) and ``ValueError`` for an unknown page size.
    """
    size_id = PAGE_SIZES.get(page_size.strip().lower())
    if size_id is None:
        raise ValueError(f"unknown page size {page_size!r}; use Letter or A4")
    ensure_gui()
    out = Path(path)
    saver = QSaveFile(str(out))
    if not saver.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise OSError(f"{out}: cannot be written ({saver.errorString()})")
    try:
        writer = QPdfWriter(saver)
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(size_id),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        writer.setTitle(f"{' '.join(chronology.cover.case_title.split())} \u00b7 Chronology")
        writer.setCreator("Casetrail")
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"{out}: the PDF could not be started")
        try:
            pages = _render(chronology, painter, writer)
        finally:
            ok = painter.end()
        del writer
        if not ok:
            raise OSError(f"{out}: the PDF could not be finished")
    except BaseException:
        saver.cancelWriting()
        raise
    if not saver.commit():
        raise OSError(f"{out}: cannot be written ({saver.errorString()})")
    return pages


def print_chronology(chronology: Chronology, printer: QPrinter) -> int:
    """Print ``chronology`` on ``printer`` (File > Print); return the number of pages.

    The report sets its own margins, so the printer is switched to full-page mode.
    """
    ensure_gui()
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        return _render(chronology, painter, printer)
    finally:
        painter.end()
