"""Zooming the viewer with Ctrl and the mouse wheel (or a touchpad's pinch-scroll), as in
every document and image viewer, and opening an image larger than the window fitted to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent

if TYPE_CHECKING:
    from app.ui.source_viewer import SourceViewer


class WheelZoom(QObject):
    """Ctrl+wheel over the page, text or image zooms the viewer in or out one step."""

    def __init__(self, viewer: SourceViewer) -> None:
        super().__init__(viewer)
        self.viewer = viewer
        for view in (viewer.pdf_view, viewer.text_view, viewer.image_area):
            view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if delta > 0:
            self.viewer.zoom_in()
        elif delta < 0:
            self.viewer.zoom_out()
        event.accept()
        return True


def fit_if_larger(viewer: SourceViewer) -> None:
    """Fit an image to the window when it is larger than the room there is (never enlarge)."""
    if viewer.kind != "image":
        return
    room = viewer.image_area.viewport().size()
    size = viewer.image_size()
    if size.width() > room.width() or size.height() > room.height():
        viewer.fit_page()
