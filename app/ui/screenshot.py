"""``casetrail screenshot``: the main window rendered offscreen into a PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, QTimer

from app.interchange.atomic import write_bytes_atomically
from app.store.case import Case
from app.ui.image import ensure_app


def screenshot(
    case: Case, out: Path, width: int, height: int, *, select: int | None = None, search: str = ""
) -> None:
    """Render the window showing ``case`` into ``out`` (written atomically)."""
    app = ensure_app()
    from app.ui.main_window import MainWindow

    window = MainWindow(case, remember_layout=False)
    window.resize(width, height)
    window.show()
    app.processEvents()
    if search:
        window.search.setText(search)
        window.run_search()
    if select is not None:
        window.select_event(select)
    app.processEvents()
    _wait_for_health(window)
    image = window.grab().toImage()
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
