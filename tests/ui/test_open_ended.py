"""Open-ended dates on screen and in images: Fit, the overview strip and ``casetrail image``
show the real events, and a "before"/"after" date is a fading arrow from its known bound."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from app.domain.dates import FuzzyDate
from app.store.case import Case
from app.timeline.drawn import ARROW_PX
from app.ui.canvas import TimelineCanvas, seconds
from app.ui.main_window import MainWindow


def add(case: Case, start: str, end: str | None = None, title: str = "Open") -> object:
    return case.create_event(
        title=title,
        start=FuzzyDate.parse(start),
        end=FuzzyDate.parse(end) if end else None,
        status="established",
    )


def year(y: int) -> float:
    return seconds(datetime(y, 1, 1))


def test_fit_after_adding_an_after_date_shows_the_real_events(
    make_window: Callable[[Case | None], MainWindow], demo_case: Case
) -> None:
    window = make_window(demo_case)
    canvas = window.timeline.canvas
    window.session.announce(add(demo_case, "after 2016", title="Later, date unknown"))  # type: ignore[arg-type]
    canvas.fit_all()
    scale = canvas.scale
    # the demo case runs 2004-2019: the view is around it, not the years 5800-6400
    assert year(2000) < scale.start < year(2005)
    assert year(2019) < scale.end < year(2030)
    frame = canvas.relayout()
    assert frame is not None
    shown = {canvas.cols.titles[i.index] for i in frame.items if i.event_id >= 0}  # type: ignore[union-attr]
    assert "Later, date unknown" in shown
    lo, hi = window.timeline.overview._range
    assert year(2000) < lo and hi < year(2025)  # the overview strip too


def test_fit_of_a_case_with_only_a_before_date(qtbot: QtBot, new_case: Case) -> None:
    add(new_case, "before 2010")
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(1000, 400)
    canvas.set_data(new_case.timeline_columns(), None, [])
    assert canvas.scale.start < year(2010) < canvas.scale.end
    assert canvas.scale.span < 3 * 365.25 * 86400
    (item,) = canvas.relayout().items  # type: ignore[union-attr]
    assert item.x1 - item.x0 == ARROW_PX  # the arrow, never a bar to year 1
    assert item.x1 == canvas.scale.x_of(year(2010))


def paint(canvas: TimelineCanvas, width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    canvas.paint(painter, width, height)
    painter.end()
    return image


def test_the_arrow_fades_towards_the_open_side(qtbot: QtBot, new_case: Case) -> None:
    add(new_case, "after 2016")
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(1000, 400)
    canvas.set_data(new_case.timeline_columns(), None, [])
    image = paint(canvas, 1000, 400)
    (item,) = canvas.frame.items  # type: ignore[union-attr]
    y = int(canvas.lane_y(item.lane, item.row) + canvas.geo.row_h / 2)
    hx = canvas.geo.header_w
    background = image.pixelColor(int(hx + item.x0 - 30), y)

    def distance(c: QColor) -> int:
        return sum(abs(a - b) for a, b in zip(c.getRgb()[:3], background.getRgb()[:3], strict=True))

    near = distance(image.pixelColor(int(hx + item.x0 + 4), y))
    far = distance(image.pixelColor(int(hx + item.x0 + ARROW_PX - 3), y))
    assert near > 3 * max(far, 1)  # solid at the known bound, faded at the open end
    assert "any time from 1 Jan 2017 on" in canvas.tooltip(item)


def test_image_of_an_after_date_shows_the_event(tmp_path: Path, new_case: Case) -> None:
    from app.cli import main
    from app.ui.image import canvas_for

    add(new_case, "2014", title="Known")
    add(new_case, "after 2016", title="Open")
    size = QSize(900, 300)
    canvas = canvas_for(new_case, size=size)
    assert year(2013) < canvas.scale.end and canvas.scale.start < year(2014)
    assert canvas.scale.end < year(2025)  # not 5800-6400
    new_case.close()
    out = tmp_path / "t.png"
    assert main(["image", str(new_case.path), str(out), "--size", "900x300"]) == 0
    image = QImage(str(out))
    frame = canvas.relayout(900)
    assert frame is not None
    hx = canvas.geo.header_w
    for item in frame.items:
        y = int(canvas.lane_y(item.lane, item.row) + canvas.geo.row_h / 2)
        background = image.pixelColor(5 + int(hx), image.height() // 2 + 40)
        x = int(hx + (item.x0 + 3 if item.x1 - item.x0 > 6 else (item.x0 + item.x1) / 2))
        assert image.pixelColor(x, y) != background, canvas.cols.titles[item.index]  # type: ignore[union-attr]
    assert len(frame.items) == 2


def test_image_from_an_open_date(tmp_path: Path, new_case: Case) -> None:
    from app.ui.image import canvas_for

    add(new_case, "2014")
    d = FuzzyDate.parse
    canvas = canvas_for(new_case, date_from=d("after 2012"), date_to=d("before 2016"))
    assert canvas.scale.start >= year(2012) and canvas.scale.end <= year(2017)
