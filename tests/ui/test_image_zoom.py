"""Images inside the program: a large one opens fitted to the window; zoom in and out with
the toolbar, Ctrl+plus/minus and Ctrl+wheel; Fit width, Fit page and 100% (Ctrl+0)."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from app.store.case import Case
from app.ui.opener import SourceOpener


def png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(data.data())


def open_image(qtbot, case: Case, data: bytes):  # type: ignore[no-untyped-def]
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=data, size=len(data), original_name="scan.png")
    source = case.create_source(
        title="Scan", kind="image", file_path="scan.png", file_sha256=sha, file_stored=True
    ).created("source")
    result = SourceOpener(inform=lambda *a: None).open_source(case, source)
    assert result.status == "shown", result.reason
    qtbot.addWidget(result.window)
    qtbot.waitExposed(result.window)
    return result.window


def shown_width(window) -> int:  # type: ignore[no-untyped-def]
    return window.viewer.image_label.pixmap().size().width()


def wheel(window, steps: int, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:  # type: ignore[no-untyped-def]
    target = window.viewer.image_area.viewport()
    event = QWheelEvent(
        QPointF(10, 10),
        QPointF(target.mapToGlobal(QPoint(10, 10))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(target, event)


def test_a_large_image_opens_fitted_and_zooms_every_way(qtbot, new_case) -> None:
    window = open_image(qtbot, new_case, png(4000, 3000))
    viewer, toolbar = window.viewer, window.toolbar
    room = viewer.image_area.viewport().size()
    qtbot.waitUntil(lambda: shown_width(window) < 4000)  # fitted once laid out
    assert shown_width(window) <= room.width()
    assert viewer.image_label.pixmap().height() <= room.height()
    assert toolbar.fit_page.isVisible() and toolbar.actual_size.isVisible()
    assert not toolbar.page_box.isVisible()
    toolbar.actual_size.trigger()
    assert shown_width(window) == 4000 and viewer.zoom_factor() == 1.0
    actual = viewer.zoom_factor()
    wheel(window, -1)
    assert viewer.zoom_factor() == actual / 1.25 and shown_width(window) == round(4000 / 1.25)
    wheel(window, +1)
    wheel(window, +1)
    assert viewer.zoom_factor() == 1.25
    before = viewer.image_area.verticalScrollBar().value()
    wheel(window, -1, Qt.KeyboardModifier.NoModifier)  # a plain wheel scrolls, not zooms
    assert viewer.zoom_factor() == 1.25
    assert viewer.image_area.verticalScrollBar().value() >= before
    toolbar.fit_width.trigger()
    assert abs(shown_width(window) - viewer.image_area.viewport().width()) <= 1
    qtbot.keyClick(viewer.image_area, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_factor() == 1.0
    qtbot.keyClick(viewer.image_area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_factor() == 1 / 1.25
    qtbot.keyClick(viewer.image_area, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert abs(viewer.zoom_factor() - 1.0) < 1e-9


def test_a_small_image_opens_at_its_own_size(qtbot, new_case) -> None:
    window = open_image(qtbot, new_case, png(60, 40))
    assert shown_width(window) == 60
    window.viewer.zoom_in()
    assert shown_width(window) == 75
