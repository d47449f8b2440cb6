"""TimelineCanvas: navigation, selection, keyboard, and truthful geometry."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.domain.columns import build_event_columns
from app.domain.dates import FuzzyDate
from app.store.case import Case
from app.ui.canvas import TimelineCanvas, seconds


def make_canvas(
    qtbot: QtBot, case: Case, group_by: str = "none", size: tuple[int, int] = (1200, 600)
) -> TimelineCanvas:
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(*size)
    groups = None if group_by == "none" else case.event_groups(group_by)
    canvas.set_data(case.timeline_columns(), groups, case.eras())
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.relayout()
    return canvas


def frame_items(canvas: TimelineCanvas):  # type: ignore[no-untyped-def]
    frame = canvas.relayout()
    assert frame is not None
    return frame.items


def item_for(canvas: TimelineCanvas, event_id: int):  # type: ignore[no-untyped-def]
    return next(i for i in frame_items(canvas) if i.event_id == event_id)


def centre_of(canvas: TimelineCanvas, event_id: int) -> QPoint:
    item = item_for(canvas, event_id)
    y = canvas.lane_y(item.lane, item.row) + canvas.geo.row_h / 2
    x = canvas.geo.header_w + (item.x0 + max(item.x1, item.x0 + 2)) / 2
    return QPoint(int(x), int(y))


def test_year_band_covers_exactly_that_year(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    item = item_for(canvas, 2)  # "2013"
    assert item.x0 == pytest.approx(canvas.scale.x_of(seconds(datetime(2013, 1, 1))))
    assert item.x1 == pytest.approx(canvas.scale.x_of(seconds(datetime(2014, 1, 1))))
    assert item.x1 - item.x0 > 20  # a band, not a point on 1 January
    month = item_for(canvas, 5)  # "December 2016"
    assert month.x0 == pytest.approx(canvas.scale.x_of(seconds(datetime(2016, 12, 1))))
    assert month.x1 == pytest.approx(canvas.scale.x_of(seconds(datetime(2017, 1, 1))))


def test_band_pixels_are_painted_over_the_whole_year(
    qtbot: QtBot, new_case: Case, tmp_path: Path
) -> None:
    # alleged: an uncited "established" event would carry the warning badge beside its band
    new_case.create_event(title="Y", start=FuzzyDate.parse("2013"), status="alleged")
    canvas = make_canvas(qtbot, new_case)
    canvas.show_range(seconds(datetime(2012, 1, 1)), seconds(datetime(2015, 1, 1)))
    image = QImage(1200, 600, QImage.Format.Format_ARGB32)
    from PySide6.QtGui import QPainter

    painter = QPainter(image)
    canvas.paint(painter, 1200, 600)
    painter.end()
    item = item_for(canvas, 1)
    y = int(canvas.lane_y(item.lane, item.row) + canvas.geo.row_h / 2)
    hx = canvas.geo.header_w
    background = image.pixelColor(int(hx + item.x0 - 6), y)
    inside = [
        image.pixelColor(int(hx + x), y)
        for x in (item.x0 + 2, (item.x0 + item.x1) / 2, item.x1 - 2)
    ]
    assert all(c != background for c in inside), "the band must cover the whole year"
    assert image.pixelColor(int(hx + item.x1 + 3), y + 4) == background


def test_wheel_zoom_keeps_time_under_cursor(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    x = 700.0
    t_before = canvas.scale.t_of(x - canvas.geo.header_w)
    span = canvas.scale.span
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(
        QPointF(x, 300),
        canvas.mapToGlobal(QPointF(x, 300)),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    canvas.wheelEvent(event)
    assert canvas.scale.span < span
    assert canvas.scale.t_of(x - canvas.geo.header_w) == pytest.approx(t_before, abs=1.0)


def test_keys_zoom_pan_fit(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    canvas.setFocus()
    span, start = canvas.scale.span, canvas.scale.start
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.scale.span < span
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.scale.span == pytest.approx(span)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.scale.start > start
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.scale.start == pytest.approx(start)
    for _ in range(40):
        qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.scale.span < 86400 * 2  # down to hours
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.scale.span == pytest.approx(span)


def test_drag_pans(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    start = canvas.scale.start
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(600, 500))
    qtbot.mouseMove(canvas, QPoint(700, 500))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(700, 500))
    assert canvas.scale.start == pytest.approx(start - 100 * canvas.scale.seconds_per_px)


def test_click_selects_and_escape_clears(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    with qtbot.waitSignal(canvas.selected) as signal:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre_of(canvas, 5))
    assert signal.args == [5] and canvas.selected_id == 5
    assert "California" in canvas.accessibleDescription()
    with qtbot.waitSignal(canvas.activated) as activated:
        qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=centre_of(canvas, 5))
    assert activated.args == [5]
    with qtbot.waitSignal(canvas.selected) as cleared:
        qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert cleared.args == [-1]


def test_keyboard_walks_every_event_including_undated(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    canvas.setFocus()
    seen = []
    for _ in range(8):
        qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
        seen.append(canvas.selected_id)
    assert seen == [1, 2, 3, 5, 6, 7, 8, 4]
    qtbot.keyClick(canvas, Qt.Key.Key_BracketLeft)
    assert canvas.selected_id == 8
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert canvas.selected_id == 4
    qtbot.keyClick(canvas, Qt.Key.Key_Backtab)
    assert canvas.selected_id == 8


def test_undated_tray_is_clickable(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    ((rect, eid),) = canvas.tray_rects()
    assert eid == 4
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert canvas.selected_id == 4


def test_selection_from_elsewhere_scrolls_to_the_event(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    canvas.show_range(seconds(datetime(2004, 1, 1)), seconds(datetime(2005, 1, 1)))
    canvas.select(7)
    x = canvas.scale.x_of(seconds(datetime(2019, 3, 1)))
    assert 0 <= x <= canvas.scale.width


def _labels_disjoint(items) -> bool:  # type: ignore[no-untyped-def]
    spans: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for item in items:
        if item.label:
            spans.setdefault((item.lane, item.row), []).append(
                (item.label_x, item.label_x + item.label_w)
            )
    for rects in spans.values():
        rects.sort()
        for (_a0, a1), (b0, _b1) in zip(rects, rects[1:], strict=False):
            if b0 < a1:
                return False
    return True


def test_clusters_when_zoomed_out_dissolve_when_zoomed_in(
    qtbot: QtBot, tmp_path: Path, day_case
) -> None:
    rng = random.Random(7)
    days = [datetime(2010, 1, 1) + timedelta(days=rng.randrange(365 * 3)) for _ in range(1000)]
    case = day_case(tmp_path / "crowded.case", days)
    canvas = make_canvas(qtbot, case)
    items = frame_items(canvas)
    assert canvas.frame is not None
    grouped = [i for i in items if i.event_id < 0] or canvas.frame.strips
    assert grouped, "a crowded full view must cluster or use density strips"
    assert _labels_disjoint(items)
    clusters = [sum(i.count for i in items if i.event_id < 0)]
    target = seconds(datetime(2011, 6, 1))
    while canvas.scale.span > 4 * 86400:
        canvas.zoom(1.6, canvas.geo.header_w + canvas.scale.x_of(target))
        items = frame_items(canvas)
        assert _labels_disjoint(items)
        clusters.append(sum(i.count for i in items if i.event_id < 0))
    assert clusters[-1] == 0 and max(clusters) > 0
    items = frame_items(canvas)
    assert items and all(i.event_id >= 0 for i in items), "zoomed in, every event stands alone"


def test_image_export_png_and_svg(tmp_path: Path, demo_case: Case) -> None:
    from app.cli import main

    demo_case.close()
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    assert (
        main(["image", str(demo_case.path), str(png), "--size", "800x400", "--group-by", "tag"])
        == 0
    )
    image = QImage(str(png))
    assert (image.width(), image.height()) == (800, 400)
    assert main(["image", str(demo_case.path), str(svg), "--from", "2013", "--to", "2018"]) == 0
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and 'width="' in text
    assert "Salesforce tools said to power" in text


def test_image_rejects_bad_size_and_extension(
    tmp_path: Path, demo_case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    demo_case.close()
    assert main(["image", str(demo_case.path), str(tmp_path / "x.png"), "--size", "big"]) == 2
    assert main(["image", str(demo_case.path), str(tmp_path / "x.gif")]) == 2
    err = capsys.readouterr().err
    assert "--size" in err and ".png or .svg" in err
    assert not list(tmp_path.glob("x.*"))


def test_tooltip_is_literal_text(qtbot: QtBot, new_case: Case) -> None:
    new_case.create_event(
        title="<img src=x onerror=alert(1)> <b>bold</b>", start=FuzzyDate.parse("2013")
    )
    canvas = make_canvas(qtbot, new_case)
    tip = canvas.tooltip(item_for(canvas, 1))
    assert "<img" not in tip and "&lt;img src=x" in tip and "&lt;b&gt;bold" in tip


def test_columns_without_events(qtbot: QtBot) -> None:
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.set_data(build_event_columns([], []), None, [])
    canvas.resize(600, 300)
    canvas.repaint()
    canvas.step_selection(1)
    assert canvas.selected_id == -1


def test_visible_ids_filter_and_highlight(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    canvas.set_visible_ids({2, 3, 4})
    ids = {i.event_id for i in frame_items(canvas)}
    assert ids == {2, 3}
    assert [eid for _r, eid in canvas.tray_rects()] == [4]
    canvas.step_selection(1)
    assert canvas.selected_id == 2
    canvas.set_highlighted({3})
    image = QImage(1200, 600, QImage.Format.Format_ARGB32)
    from PySide6.QtGui import QPainter

    painter = QPainter(image)
    canvas.paint(painter, 1200, 600)
    painter.end()
    item = item_for(canvas, 3)
    y = int(canvas.lane_y(item.lane, item.row) + 4)
    x = int(canvas.geo.header_w + item.label_x + item.label_w - 1)
    colour = image.pixelColor(x, y)
    assert colour.red() > colour.blue() + 40, "a search match is marked behind its label"
    canvas.set_visible_ids(None)
    assert {i.event_id for i in frame_items(canvas)} == {1, 2, 3, 5, 6, 7, 8}


def test_collapsing_a_lane(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case, group_by="tag")
    lanes = canvas.lanes
    assert lanes is not None
    lane = lanes.titles.index("negligence")
    top = canvas.lane_tops[lane]
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(20, int(top - 8)))
    assert lane in canvas.collapsed
    frame = canvas.relayout()
    assert frame is not None
    assert not [i for i in frame.items if i.lane == lane]
    assert [s for s in frame.strips if s.lane == lane]
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(20, int(top - 8)))
    assert lane not in canvas.collapsed


def test_zoom_to_selection(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    canvas.select(5)
    canvas.zoom_to_selection()
    lo, hi = seconds(datetime(2016, 12, 1)), seconds(datetime(2017, 1, 1))
    assert canvas.scale.start < lo < hi < canvas.scale.end
    assert canvas.scale.span < 4 * (hi - lo)


@pytest.mark.parametrize("editable, move_mode", [(False, True), (True, False)])
def test_dragging_an_event_pans_unless_in_move_mode_of_a_writable_case(
    qtbot: QtBot, demo_case: Case, editable: bool, move_mode: bool
) -> None:
    canvas = make_canvas(qtbot, demo_case)
    start = canvas.scale.start
    canvas.editable, canvas.move_mode = editable, move_mode
    at = centre_of(canvas, 5)
    with qtbot.assertNotEmitted(canvas.moveRequested):
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseMove(canvas, at + QPoint(60, 0))
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=at + QPoint(60, 0))
    assert canvas.scale.start != start


def test_dragging_an_event_in_move_mode_asks_to_move_it(qtbot: QtBot, demo_case: Case) -> None:
    canvas = make_canvas(qtbot, demo_case)
    canvas.editable = canvas.move_mode = True
    previews: list[tuple[int, str]] = []

    def preview(event_id: int, seconds: float, edge: str) -> str:
        previews.append((event_id, edge))
        return f"moved {round(seconds)} s"

    canvas.move_preview = preview
    at = centre_of(canvas, 5)
    with qtbot.waitSignal(canvas.moveRequested) as moved:
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseMove(canvas, at + QPoint(50, 0))
        drag = canvas.move_in_progress()
        assert drag is not None
        assert drag.label == f"moved {round(50 * canvas.scale.seconds_per_px)} s"
        canvas.repaint()  # the ghost and its label paint
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=at + QPoint(50, 0))
    assert previews and previews[-1] == (5, "start")
    event_id, seconds, edge = moved.args
    assert (event_id, edge) == (5, "start")
    assert seconds == pytest.approx(50 * canvas.scale.seconds_per_px)
    span = item_for(canvas, 3)
    y = int(canvas.lane_y(span.lane, span.row) + canvas.geo.row_h / 2)
    end_x = int(canvas.geo.header_w + span.x1 - 2)
    with qtbot.waitSignal(canvas.moveRequested) as moved:
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(end_x, y))
        qtbot.mouseMove(canvas, QPoint(end_x + 30, y))
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(end_x + 30, y))
    assert moved.args[0] == 3 and moved.args[2] == "end"
