"""A case from the Big Bang to the year 196002152034 on screen: Fit, the overview strip, Go to
date, painting, the tooltip and the detail panel, with no overflow and no exception."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from PySide6.QtGui import QImage, QPainter

from app.domain.dates import FuzzyDate
from app.domain.instants import Instant
from app.store.case import Case
from app.ui.canvas.tooltip import tooltip_html
from app.ui.main_window import MainWindow


def add(case: Case, title: str, start: str, end: str | None = None) -> int:
    return case.create_event(
        title=title,
        start=FuzzyDate.parse(start),
        end=FuzzyDate.parse(end) if end else None,
    ).ids("event")[0]


def test_all_of_time_on_screen(make_window: Callable[[Case | None], MainWindow], new_case: Case):
    add(new_case, "The Big Bang", "-13800000000")
    career = add(new_case, "A long career", "1961", "196002152034 AD")
    add(new_case, "Forever after", "after 289999999999 AD")
    add(new_case, "From the very start", "before 289999999998 BC")
    add(new_case, "Today", "25 March 2019")
    window = make_window(new_case)
    canvas = window.timeline.canvas
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        canvas.fit_all()
        scale = canvas.scale
        assert scale.start < float(Instant.of(-13_800_000_000))
        assert float(Instant.of(196_002_152_034)) < scale.end
        frame = canvas.relayout()
        assert frame is not None
        shown = {i.event_id for i in frame.items if i.event_id >= 0}
        assert career in shown
        image = QImage(1000, 400, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        canvas.paint(painter, 1000, 400)
        painter.end()
        assert int(window.timeline.overview.counts().sum()) == 5
        window.timeline.show_date(FuzzyDate.parse("196002152034 AD"))
        far = canvas.scale
        assert far.start < float(Instant.of(196_002_152_034)) < far.end
        assert far.span > 1e7  # never narrower than float seconds can draw out there
        canvas.relayout()
    item = next(i for i in frame.items if i.event_id == career)
    tip = tooltip_html(canvas.cols, item)
    assert "196002152034 AD" in tip and "np." not in tip
    window.select_event(career)
    assert "196002152034 AD" in window.detail.fields["End"].text()
    assert "year precision" in window.detail.fields["End"].text()
    assert np.isfinite([far.start, far.end]).all()
