"""Opening a case from the command line: a window at once, then the first frame, then the rest.

:func:`run_first_frame` imports nothing but Qt before the window's first paint: it shows a
:class:`FirstFrame` (the case's name in the title, the last window geometry, the theme, an
empty timeline area and "Opening ..." in the status bar) as soon as an empty Qt window could
be. Only then, on a worker thread, it imports numpy and the timeline canvas and reads the
case's timeline columns with raw ``sqlite3``
(:func:`app.store.sqlite.first_frame.read_first_frame`: the header and schema checks, then
the columns into numpy arrays), and paints them in the timeline canvas, before SQLAlchemy,
the ORM schema, Alembic or the rest of the interface is imported. The window takes input
all along (it can be moved, resized and closed while the case is read; the canvas pans and
zooms once it is shown).

Then the full opening runs on a worker thread (:meth:`app.store.case.Case.open`, with its
``quick_check``, migrations and refusals, and the imports of the store and of the main
window). Once it has the case, the main window is built around the columns already read (the
timeline is not read again), takes the first frame's place and view, and fills in its table,
filters, counts and details as it always does. A case the full opening refuses closes the
first frame and goes the usual way (:func:`app.ui.app.run_gui`), with the usual message.
A case that is not a plain local file of the current schema (the raw read gives None) goes
that way as soon as the read says so. Nothing here writes to the case.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QCloseEvent, QPaintEvent, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from app.ui.freed_memory import return_freed_memory
from app.ui.source_lines import keep_no_source_lines

FIRST_PAINT_PROBE = "CASETRAIL_EXIT_AFTER_FIRST_PAINT"  # app.ui.app's probe, same meaning
# Each step starts once the last one is painted; after this long without a paint (a window
# the desktop does not show), it starts anyway.
UNPAINTED_MS = 1000


class _Blank(QWidget):
    """The timeline's place until its columns are read: its background (filled by Qt, no
    painting in Python, which would make Qt build Python enums before the first paint).
    Each of ``after_paint`` runs once, when the event loop is next free after its first
    paint."""

    def __init__(self, parent: QWidget, after_paint: Callable[[], object]) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.after_paint = [after_paint]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        for then in self.after_paint:
            QTimer.singleShot(0, then)
        self.after_paint = []


class FirstFrame(QMainWindow):
    """The window shown while the case opens: the title, then the timeline canvas.

    ``cols`` given: the canvas shows them at once (tests); None: :meth:`read_frame` reads
    them off the interface thread."""

    def __init__(self, path: Path, cols: Any = None, review: bool = False) -> None:
        super().__init__()
        self.path, self.cols, self.review = path, None, review
        self.setWindowTitle(f"{path.name} \u2014 Casetrail")
        self.resize(1320, 860)
        geometry = QSettings().value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        self.canvas: Any = None  # the timeline canvas, once the columns are read
        self.reading = self.opening = False
        self.setCentralWidget(_Blank(self, self.read_frame))
        self.statusBar().showMessage(f"Opening {path.name}\u2026")
        self.window: Any = None  # the main window, once the case is open
        self.refused = False  # the raw read or the full opening refused it: run_gui says why
        self._jobs: Any = None  # the job runner, made when the first job starts
        if cols is not None:
            self.show_frame(cols)

    def read_frame(self) -> None:
        """Import the canvas and read the timeline columns on a worker thread; show them,
        then open the case fully (or go the usual way when the read gives None). Once only:
        after the window's first paint (so that nothing delays it), or sooner if called."""
        if self.reading or self.canvas is not None:
            return
        self.reading = True
        path = self.path
        keep_no_source_lines()  # before the canvas, the store and the main window are imported

        def read(_reporter: object) -> Any:
            import app.ui.canvas  # noqa: F401 - numpy and the timeline, off the interface thread
            from app.store.sqlite.first_frame import read_first_frame

            return read_first_frame(path)

        self._run(read, "Reading the case", self._read)

    def _read(self, cols: Any) -> None:
        if cols is None:  # not a plain case of this schema: the full opening decides
            self._failed(None)
        elif self.isVisible():
            self.show_frame(cols)

    def show_frame(self, cols: Any) -> None:
        """Paint ``cols`` in the timeline canvas, in the blank's place; once it is painted,
        open the case fully."""
        from app.ui.canvas import TimelineCanvas

        self.cols = cols
        self.canvas = TimelineCanvas(self)
        self.canvas.set_data(cols, None, [])
        self.setCentralWidget(self.canvas)
        self.statusBar().showMessage(f"{len(cols) + len(cols.undated_ids)} events \u00b7 opening")
        self.canvas.installEventFilter(_AfterFirstPaint(self.canvas, self.open_fully))
        _probe(self.canvas, "framed")
        QTimer.singleShot(UNPAINTED_MS, self.open_fully)  # a canvas never painted

    def open_fully(self) -> None:
        """Open the case (and import the store and the main window) on a worker thread;
        once only."""
        if self.opening:
            return
        self.opening = True
        _set_icon()  # after the first frame: Qt's SVG plugin is not on its way
        path, review = self.path, self.review
        return_freed_memory()  # before what the full opening makes and frees

        def full_open(_reporter: object) -> Any:
            import app.ui.main_window  # noqa: F401 - imported here, off the interface thread
            from app.store.case import Case
            from app.store.engine import Mode
            from app.store.sqlite.first_frame import event_ids_of

            case = Case.open(path, Mode.REVIEW if review else Mode.OPEN)
            try:  # the table's rows, read here too, straight into an array
                return case, event_ids_of(path)
            except BaseException:
                case.close()
                raise

        self._run(full_open, "Opening the case", self._opened)

    def _run(self, fn: Callable[[Any], Any], title: str, then: Callable[[Any], None]) -> None:
        """Run ``fn`` on a worker thread; ``then`` its result, or the usual way if it raised."""
        if self._jobs is None:
            from app.ui.jobs import JobRunner  # after the first paint

            self._jobs = JobRunner(self)
        self._jobs.start(
            fn, title=title, progress=False, cancellable=False, on_finished=then,
            on_failed=self._failed,
        )  # fmt: skip

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
        try:
            window.set_case(case, ids)
        except Exception as error:
            from app.store.errors import is_undecodable

            if not is_undecodable(error):
                raise
            window.set_case(None)  # closes the case with its session
            case.close()
            window.deleteLater()
            self._failed(error)  # the usual path refuses it, naming the rows
            return
        if window.dark_action.isChecked():
            from app.ui.theme import apply_theme

            apply_theme(QApplication.instance(), dark=True)  # type: ignore[arg-type]
        window.setGeometry(self.geometry())
        window.timeline.canvas.scale = self.canvas.scale  # the view the person left
        window.show()
        self.window = window
        self.hide()
        self.canvas.index = None  # the main window holds the columns and lanes now
        self.cols = None
        settled(window)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.window is None:
            QApplication.quit()  # closed before the case opened: nothing else to show
        super().closeEvent(event)


class _AfterFirstPaint(QObject):
    """Runs ``then`` once, when the event loop is next free after the watched widget's first
    paint (the startup benchmark's probe words, the next step of the opening)."""

    def __init__(self, parent: QObject, then: Callable[[], object]) -> None:
        super().__init__(parent)
        self.then: Callable[[], object] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self.then is not None:
            QTimer.singleShot(0, self.then)
            self.then = None
        return False


def _probe(widget: QWidget, word: str) -> None:
    """With the probe on, ``word`` on standard output after ``widget``'s first paint
    ("painted": the window; "framed": the timeline), before the next step starts."""
    if not os.environ.get(FIRST_PAINT_PROBE):
        return
    if isinstance(widget, _Blank):
        widget.after_paint.insert(0, lambda: print(word, flush=True))
    else:  # installed last, a filter runs first
        widget.installEventFilter(_AfterFirstPaint(widget, lambda: print(word, flush=True)))


def settled(window: Any) -> None:
    """With the probe on: quit once the window's table and timeline have read the case."""
    if not os.environ.get(FIRST_PAINT_PROBE):
        return
    if window.model.reloading is not None or window.timeline.reloading is not None:
        QTimer.singleShot(20, lambda: settled(window))
        return
    QTimer.singleShot(0, QApplication.quit)


def _dark_theme(app: QApplication) -> None:
    """The dark theme before the first paint, when the person chose it (no light flash)."""
    if QSettings().value("dark", False, type=bool):
        from app.ui.theme import apply_theme

        apply_theme(app, dark=True)


def run_first_frame(path: Path, *, review: bool) -> int | None:
    """Show ``path``'s window and first frame, then open it fully (see the module's
    docstring); None when it must be opened the usual way."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casetrail")
    app.setOrganizationName("Casetrail")
    _dark_theme(app)  # type: ignore[arg-type]
    first = FirstFrame(path, None, review)
    _probe(first.centralWidget(), "painted")
    first.show()  # its first paint starts the read
    QTimer.singleShot(UNPAINTED_MS, first.read_frame)  # a window never painted
    code = app.exec()
    if first.refused:
        return None
    window = first.window
    if window is None:
        return int(code)
    if window.case is not None:
        window.case.close()
    return int(code)


def _set_icon() -> None:
    """The application's icon (as :func:`app.ui.app.run_gui` sets it)."""
    from PySide6.QtGui import QIcon

    from app.paths import resources_dir

    QApplication.setWindowIcon(QIcon(str(resources_dir() / "icons" / "casetrail.svg")))
