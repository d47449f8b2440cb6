"""Both palettes keep text readable, on the canvas too."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPainter, QPalette

from app.store.case import Case
from app.ui.canvas import TimelineCanvas
from app.ui.theme import contrast, make_palette


@pytest.mark.parametrize("dark", [False, True])
def test_text_contrast(dark: bool) -> None:
    pal = make_palette(dark)
    role = QPalette.ColorRole
    assert contrast(pal.color(role.Text), pal.color(role.Base)) >= 7
    assert contrast(pal.color(role.WindowText), pal.color(role.Window)) >= 7
    assert contrast(pal.color(role.HighlightedText), pal.color(role.Highlight)) >= 4.5
    assert contrast(pal.color(role.ButtonText), pal.color(role.Button)) >= 7


@pytest.mark.parametrize("dark", [False, True])
def test_canvas_paints_with_the_palette(qtbot, demo_case: Case, dark: bool) -> None:
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.setPalette(make_palette(dark))
    canvas.resize(900, 400)
    canvas.set_data(demo_case.timeline_columns(), None, demo_case.eras())
    image = QImage(900, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    canvas.paint(painter, 900, 400)
    painter.end()
    corner = image.pixelColor(canvas.geo.header_w + 5, 300)
    base = make_palette(dark).color(QPalette.ColorRole.Base)
    assert abs(corner.lightness() - base.lightness()) < 40
    assert (corner.lightness() < 100) == dark


def test_contrast_maths() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21, rel=1e-3)
    assert contrast(QColor("#777"), QColor("#777")) == pytest.approx(1)
