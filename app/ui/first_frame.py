"""Opening a case from the command line at the speed of SQLite: the first frame first.

:func:`run_first_frame` reads the case's timeline columns with raw ``sqlite3``
(:func:`app.store.sqlite.first_frame.read_first_frame`: the header and schema checks, then
the columns into numpy arrays) and paints them in a window holding only the timeline canvas,
before SQLAlchemy, the ORM schema, Alembic or the rest of the interface is imported. The
canvas takes input at once (pan, zoom).

Then the full opening runs on a worker thread (:meth:`app.store.case.Case.open`, with its
``quick_check``, migrations and refusals, and the imports of the store and of the main
window). Once it has the case, the main window is built around the columns already read (the
timeline is not read again), takes the first frame's place and view, and fills in its table,
filters, counts and details as it always does. A case the full opening refuses closes the
first frame and goes the usual way (:func:`app.ui.app.run_gui`), with the usual message.
A case that is not a plain local file of the current schema goes that way from the start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow

from app.domain.columns import EventColumns
from app.store.sqlite.first_frame import event_ids_of, read_first_frame
from app.ui.canvas import TimelineCanvas
from app.ui.freed_memory import return_freed_memory
from app.ui.jobs import JobRunner
from app.ui.source_lines import keep_no_source_lines

FIRST_PAINT_PROBE = "CASETRAIL_EXIT_AFTER_FIRST_PAINT"  # app.ui.app's probe, same meaning


class FirstFrame(QMainWindow):
    """The window shown while the case opens: the title and the timeline canvas."""

    def __init__(self, path: Path, cols: EventColumns, review: bool) -> None:
        super().__init__()
        self.path, self.cols, self.review = path, cols, review
        self.setWindowTitle(f"{path.name} \u2014 Casetrail")
        self.resize(1320, 860)
        geometry = QSettings().value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        self.canvas = TimelineCanvas(self)
        self.canvas.set_data(cols, None, [])
        self.setCentralWidget(self.canvas)
        self.statusBar().showMessage(f"{len(cols) + len(cols.undated_ids)} events \u00b7 opening")
        self.window: Any = None  # the main window, once the case is open
        self.refused = False  # the full opening refused the case: run_gui says why
        self._jobs = JobRunner(self)

    def open_fully(self) -> None:
        """Open the case (and import the store and the main window) on a worker thread."""
        path, review = self.path, self.review
        return_freed_memory()  # before what the full opening makes and frees

        def full_open(_reporter: object) -> Any:
            import app.ui.main_window  # noqa: F401 - imported here, off the interface thread
            from app.store.case import Case
            from app.store.engine import Mode

            case = Case.open(path, Mode.REVIEW if review else Mode.OPEN)
            try:  # the table's rows, read here too, straight into an array
                return case, event_ids_of(path)
            except BaseException:
                case.close()
                raise

        self._jobs.start(
            full_open,
            title="Opening the case",
            progress=False,
            cancellable=False,
            on_finished=self._opened,
            on_failed=self._failed,
        )

    def _failed(self, _error: object) -> None:
        self.refused = True  # the usual path opens it again and says what is wrong
        self.hide()
        QApplication.quit()

    def _opened(self, opened: tuple[Any, Any]) -> None:
        from app.ui.main_window import MainWindow

        case, ids = opened
        if not self.isVisible():  # closed while it opened
            case.close()
            return
        window = MainWindow(None)
        assert self.canvas.index is not None
        window.timeline.preload(self.canvas.index)
        window.set_case(case, ids)
        if window.dark_action.isChecked():
            from app.ui.theme import apply_theme

            apply_theme(QApplication.instance(), dark=True)  # type: ignore[arg-type]
        window.setGeometry(self.geometry())
        window.timeline.canvas.scale = self.canvas.scale  # the view the person left
        window.show()
        self.window = window
        self.hide()
        self.canvas.index = None  # the main window holds the columns and lanes now
        self.cols = None  # type: ignore[assignment]
        settled(window)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.window is None:
            QApplication.quit()  # closed before the case opened: nothing else to show
        super().closeEvent(event)


class _Probe(QObject):
    """The startup benchmark's probe: "painted" at the first frame's first paint; quit once
    the main window has read its rows (so that a run covers the whole opening)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
            self.seen = True
            QTimer.singleShot(0, lambda: print("painted", flush=True))
        return False


def settled(window: Any) -> None:
    """With the probe on: quit once the window's table and timeline have read the case."""
    if not os.environ.get(FIRST_PAINT_PROBE):
        return
    if window.model.reloading is not None or window.timeline.reloading is not None:
        QTimer.singleShot(20, lambda: settled(window))
        return
    QTimer.singleShot(0, QApplication.quit)


def run_first_frame(path: Path, *, review: bool) -> int | None:
    """Show ``path``'s first frame, then open it fully (see the module's docstring); None
    when it must be opened the usual way."""
    cols = read_first_frame(path)
    if cols is None:
        return None
    keep_no_source_lines()  # before the store and the main window are imported
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casetrail")
    app.setOrganizationName("Casetrail")
    first = FirstFrame(path, cols, review)
    if os.environ.get(FIRST_PAINT_PROBE):
        probe = _Probe(first)
        first.canvas.installEventFilter(probe)
    first.show()
    QTimer.singleShot(0, first.open_fully)
    code = app.exec()
    if first.refused:
        return None
    window = first.window
    if window is None:
        return int(code)
    if window.case is not None:
        window.case.close()
    return int(code)
