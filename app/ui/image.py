"""Timeline images (PNG and SVG) painted by the same code as the on-screen canvas and
written through the program's one atomic writer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from app.domain.dates import FuzzyDate
from app.domain.known_bounds import known_interval
from app.interchange.atomic import write_bytes_atomically
from app.store.case import Case
from app.ui.canvas import TimelineCanvas, seconds


def ensure_app() -> QApplication:
    """A QApplication for headless rendering (offscreen when there is no display)."""
    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    return app  # type: ignore[return-value]


def canvas_for(
    case: Case,
    *,
    group_by: str = "none",
    date_from: FuzzyDate | None = None,
    date_to: FuzzyDate | None = None,
    size: QSize | None = None,
) -> TimelineCanvas:
    canvas = TimelineCanvas()
    canvas.resize(size or QSize(1600, 900))
    groups = None if group_by == "none" else case.event_groups(group_by)
    canvas.set_data(case.timeline_columns(), groups, case.eras())
    if date_from is not None or date_to is not None:
        lo = _known(date_from)[0] if date_from else canvas.scale.start
        hi = _known(date_to)[1] if date_to else canvas.scale.end
        canvas.show_range(lo, max(hi, lo + 86400.0))
    return canvas


def _known(date: FuzzyDate) -> tuple[float, float]:
    """The known part of a --from / --to date ("after 2016": 1 January 2017)."""
    return known_interval(date.qualifier, seconds(date.earliest), seconds(date.latest))


def image_bytes(canvas: TimelineCanvas, size: QSize, fmt: str) -> bytes:
    """The canvas painted at ``size`` as PNG or SVG bytes (``fmt``: "png" or "svg")."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if fmt == "png":
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        canvas.paint(painter, size.width(), size.height())
        painter.end()
        ok = image.save(buffer, "PNG")
    else:
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle("Casetrail timeline")
        painter = QPainter(generator)
        canvas.paint(painter, size.width(), size.height())
        ok = painter.end()
    if not ok:
        raise OSError("the image could not be painted")
    return bytes(buffer.data().data())


def write_image(canvas: TimelineCanvas, out: Path, size: QSize) -> None:
    """Write PNG or SVG (by extension) atomically: a failure leaves an old file untouched."""
    suffix = out.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{out}: the image must end in .png or .svg")
    try:
        data = image_bytes(canvas, size, suffix[1:])
    except OSError as error:
        raise OSError(f"{out}: {error}") from None
    write_bytes_atomically(out, data)


def render_to_file(
    case: Case,
    out: Path,
    width: int,
    height: int,
    *,
    group_by: str = "none",
    date_from: FuzzyDate | None = None,
    date_to: FuzzyDate | None = None,
) -> None:
    """Paint the case's timeline offscreen into ``out`` (PNG or SVG)."""
    ensure_app()
    size = QSize(width, height)
    canvas = canvas_for(case, group_by=group_by, date_from=date_from, date_to=date_to, size=size)
    write_image(canvas, out, size)
