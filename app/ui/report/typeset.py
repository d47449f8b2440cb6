"""Typesetting for the chronology report: page geometry, styles and fonts, and the line
breaker that measures plain text with the target device's ``QFontMetricsF`` (over-long words
such as hashes and URLs are broken by character)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageSize,
)

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
