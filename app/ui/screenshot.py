"""``casetrail screenshot``: the main window rendered offscreen into a PNG (with
``open_citation``, the source viewer opened at that citation's place beside it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, Qt, QTimer
from PySide6.QtGui import QImage, QPainter

from app.interchange.atomic import write_bytes_atomically
from app.store.case import Case
from app.ui.image import ensure_app


def screenshot(
    case: Case,
    out: Path,
    width: int,
    height: int,
    *,
    select: int | None = None,
    search: str = "",
    open_citation: int | None = None,
) -> None:
    """Render the window showing ``case`` into ``out`` (written atomically)."""
    app = ensure_app()
    from app.ui.main_window import MainWindow

    window = MainWindow(case, remember_layout=False)
    refusals: list[str] = []
    window.opener.inform = lambda _parent, _title, text: refusals.append(text)
    window.resize(width, height)
    window.show()
    app.processEvents()
    if search:
        window.search.setText(search)
        window.run_search()
    if open_citation is not None:
        select = citing_event(case, open_citation)
    if select is not None:
        window.select_event(select)
    app.processEvents()
    _wait_for_health(window)
    image = window.grab().toImage()
    if open_citation is not None:
        window.open_citation(open_citation)
        if refusals or not window.opener.windows:
            window.close()
            raise ValueError(f"citation {open_citation} did not open: {' '.join(refusals)}")
        viewer = window.opener.windows[-1]
        viewer.resize(max(400, height * 8 // 10), height)
        if viewer.viewer.kind == "pdf":  # the whole cited page, its stamp at the foot too
            from PySide6.QtPdfWidgets import QPdfView

            viewer.viewer.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
        settle(app)  # the PDF view renders its pages in the background
        image = side_by_side(image, viewer.grab().toImage())
        viewer.close()
    window.case = None  # the caller owns the case
    window.close()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"{out}: the screenshot could not be encoded")
    write_bytes_atomically(out, bytes(buffer.data().data()))


HEALTH_WAIT_MS = 600_000


def _wait_for_health(window) -> None:  # type: ignore[no-untyped-def]
    """Let the window's health check finish, so the status bar shows its result rather
    than "checking" (waiting on the check's signal, not polling)."""
    status = window.health
    if status.case is None:
        return
    loop = QEventLoop()
    status.changed.connect(loop.quit)
    timer = QTimer(singleShot=True, interval=HEALTH_WAIT_MS)
    timer.timeout.connect(loop.quit)
    timer.start()
    while "checking" in status.text and timer.isActive():
        loop.exec()
    status.changed.disconnect(loop.quit)
    ensure_app().processEvents()


def settle(app: object, seconds: float = 1.0) -> None:
    """Let the event loop run for ``seconds`` (background rendering finishes)."""
    import time

    from PySide6.QtCore import QCoreApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.02)


def citing_event(case: Case, citation_id: int) -> int:
    """The event holding citation ``citation_id`` (ValueError if there is none)."""
    for event in case.events():
        if any(c.id == citation_id for c in event.citations):
            return event.id
    raise ValueError(f"there is no citation {citation_id}")


def side_by_side(left: QImage, right: QImage) -> QImage:
    """The two images next to each other, on a neutral background."""
    gap = 12
    image = QImage(
        left.width() + gap + right.width(),
        max(left.height(), right.height()),
        QImage.Format.Format_ARGB32,
    )
    image.fill(Qt.GlobalColor.darkGray)
    painter = QPainter(image)
    painter.drawImage(0, 0, left)
    painter.drawImage(left.width() + gap, 0, right)
    painter.end()
    return image
