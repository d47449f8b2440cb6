"""Standing on screen: the canvas's warning badge and tooltip, the table's Standing column,
the detail panel's standing line and warning, and the standing filters, all following
citation edits and their undo."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.store.case import Case
from app.ui.canvas import TimelineCanvas
from app.ui.canvas.tooltip import tooltip_html
from app.ui.event_rows import COL_SOURCES, COL_STANDING, WARNING_SIGN
from app.ui.main_window import MainWindow
from app.ui.models import IdRole

WIDTH, HEIGHT = 1200, 600


def fill(case: Case) -> dict[str, int]:
    """Established and contradicted, established and supported, undisputed and contested,
    established with context only; returns title -> id (and "source" -> the source id)."""
    sid = case.create_source(title="Report").created("source")
    ids = {"source": sid}
    plan = {
        "Contradicted": ("established", ["contradicts"]),
        "Supported": ("established", ["supports"]),
        "Contested": ("undisputed", ["supports", "contradicts"]),
        "Context": ("established", ["context"]),
    }
    for year, (title, (status, stances)) in enumerate(plan.items(), start=2010):
        eid = case.create_event(
            title=title, start=FuzzyDate.parse(str(year)), status=status
        ).created("event")
        ids[title] = eid
        for stance in stances:
            case.add_citation(event_id=eid, source_id=sid, stance=stance)
    return ids


def red_pixels(canvas: TimelineCanvas, image: QImage, event_id: int) -> int:
    """How many strongly red pixels lie where an event's warning badge goes."""
    frame = canvas.relayout()
    assert frame is not None
    item = next(i for i in frame.items if i.event_id == event_id)
    cx = canvas.geo.header_w + item.x0 - 7
    cy = canvas.lane_y(item.lane, item.row) + 7
    count = 0
    for x in range(int(cx) - 7, int(cx) + 8):
        for y in range(int(cy) - 7, int(cy) + 8):
            c = image.pixelColor(x, y)
            count += c.red() > 180 and c.green() < 80 and c.blue() < 80
    return count


def test_canvas_marks_a_status_the_citations_do_not_support(qtbot: QtBot, new_case: Case) -> None:
    ids = fill(new_case)
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(WIDTH, HEIGHT)
    canvas.set_data(new_case.timeline_columns(), None, [])
    canvas.show()
    qtbot.waitExposed(canvas)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    canvas.paint(painter, WIDTH, HEIGHT)
    painter.end()
    for title in ("Contradicted", "Contested", "Context"):
        assert red_pixels(canvas, image, ids[title]) > 40, title
    assert red_pixels(canvas, image, ids["Supported"]) < 5
    frame = canvas.relayout()
    assert frame is not None
    items = {i.event_id: i for i in frame.items}
    tip = tooltip_html(canvas.cols, items[ids["Contested"]])
    assert "contested" in tip and "not supported by the citations" in tip
    tip = tooltip_html(canvas.cols, items[ids["Supported"]])
    assert "supported" in tip and "not supported" not in tip


def row_of(window: MainWindow, event_id: int) -> int:
    model = window.table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data(IdRole) == event_id)


def standing_cell(window: MainWindow, event_id: int) -> str:
    model = window.table.model()
    return str(model.index(row_of(window, event_id), COL_STANDING).data())


def test_table_and_details_show_standing_and_warnings(
    make_window: Callable[[Case | None], MainWindow], new_case: Case
) -> None:
    ids = fill(new_case)
    window = make_window(new_case)
    assert standing_cell(window, ids["Supported"]) == "supported"
    assert standing_cell(window, ids["Contradicted"]) == f"{WARNING_SIGN} contradicted"
    assert standing_cell(window, ids["Context"]) == f"{WARNING_SIGN} unsupported"
    model = window.table.model()
    tip = model.index(row_of(window, ids["Contested"]), COL_STANDING).data(3)  # ToolTipRole
    assert "both support and contradict" in tip and "Status &#x27;undisputed&#x27;" in tip
    assert model.index(row_of(window, ids["Context"]), COL_SOURCES).data() == "1 !"
    window.select_event(ids["Contradicted"])
    assert window.detail.fields["Standing"].text().startswith("contradicted (0 supports, 1 contra")
    assert window.detail.warning.isVisibleTo(window.detail)
    assert window.detail.warning.text() == (
        "\u26a0 Status 'established' is not supported by the citations: 1 contradicts, 0 supports"
    )
    window.select_event(ids["Supported"])
    assert not window.detail.warning.isVisibleTo(window.detail)


@pytest.mark.parametrize(
    ("flt", "titles"),
    [
        (EventFilter(standings=("supported",)), {"Supported"}),
        (EventFilter(standings=("contested", "contradicted")), {"Contested", "Contradicted"}),
        (EventFilter(warnings_only=True), {"Contradicted", "Contested", "Context"}),
        (EventFilter(unsourced_only=True), {"Contradicted", "Context"}),
    ],
)
def test_standing_filters_drive_the_views(
    make_window: Callable[[Case | None], MainWindow],
    new_case: Case,
    flt: EventFilter,
    titles: set[str],
) -> None:
    ids = fill(new_case)
    window = make_window(new_case)
    window.filters.set_filter(flt)
    window.filters.flush()
    assert window.filters.current_filter() == flt
    want = {ids[t] for t in titles}
    model = window.table.model()
    assert {int(model.index(r, 0).data(IdRole)) for r in range(model.rowCount())} == want
    cols = window.timeline.canvas.cols
    assert cols is not None and set(map(int, cols.ids)) == want
    assert window.counts.text().startswith(f"{len(want)} of 4 events")


def test_a_citation_edit_and_its_undo_move_standing_everywhere(
    make_window: Callable[[Case | None], MainWindow], new_case: Case
) -> None:
    ids = fill(new_case)
    window = make_window(new_case)
    window._panel_filter_changed(EventFilter(warnings_only=True))
    assert window.counts.text().startswith("3 of 4 events")
    eid = ids["Supported"]
    window.select_event(eid)
    cid = new_case.event(eid).citations[0].id
    editor = window.session.editor
    assert editor is not None
    editor.update_citation(cid, stance="contradicts")
    # now warned: it joins the filtered views, the table and the canvas show it
    assert window.counts.text().startswith("4 of 4 events")
    assert standing_cell(window, eid) == f"{WARNING_SIGN} contradicted"
    cols = window.timeline.canvas.cols
    assert cols is not None and eid in set(map(int, cols.ids))
    assert window.detail.warning.isVisibleTo(window.detail)
    window.session.undo_stack.undo()
    assert window.counts.text().startswith("3 of 4 events")
    cols = window.timeline.canvas.cols
    assert cols is not None and eid not in set(map(int, cols.ids))
    window._panel_filter_changed(EventFilter())
    assert standing_cell(window, eid) == "supported"
    # the whole index still equals a fresh read after the patches
    fresh = new_case.timeline_columns()
    whole = window.timeline.canvas.cols
    assert whole is not None
    assert list(map(int, whole.flags)) == list(map(int, fresh.flags))


def test_the_undated_tray_marks_a_warning_too(qtbot: QtBot, new_case: Case) -> None:
    warned = new_case.create_event(title="Promise", start=None, status="established")
    plain = new_case.create_event(title="Rumour", start=None, status="alleged")
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(WIDTH, HEIGHT)
    canvas.set_data(new_case.timeline_columns(), None, [])
    canvas.show()
    qtbot.waitExposed(canvas)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    canvas.paint(painter, WIDTH, HEIGHT)
    painter.end()

    def red_near(event_id: int) -> int:
        rect = next(r for r, eid in canvas.tray_rects() if eid == event_id)
        cx, cy = int(rect.left() + 2), int(rect.top() + 2)
        return sum(
            1
            for x in range(cx - 7, cx + 8)
            for y in range(cy - 7, cy + 8)
            if (c := image.pixelColor(x, y)).red() > 180 and c.green() < 80 and c.blue() < 80
        )

    assert red_near(warned.created("event")) > 40
    assert red_near(plain.created("event")) < 5
