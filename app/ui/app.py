"""Starting the GUI: one QApplication, the case opened, the main window shown."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir
from app.store.case import Case
from app.store.engine import CaseFileError, Mode, NewerSchemaError, SchemaMismatchError
from app.store.errors import ReadOnlyCaseError, is_undecodable
from app.ui.text import show_message

# Set by tests/bench/bench_startup.py: print "painted" and "framed" (the window's first paint
# and the timeline's: here they are one) at the timeline's first paint and quit.
FIRST_PAINT_PROBE = "CASETRAIL_EXIT_AFTER_FIRST_PAINT"


def open_case_for_gui(path: Path, *, review: bool) -> tuple[Case | None, str | None]:
    """The case, or None and a one-line message; a newer case falls back to review."""
    try:
        return Case.open(path, Mode.REVIEW if review else Mode.OPEN), None
    except NewerSchemaError:
        return open_case_for_gui(path, review=True)
    except SchemaMismatchError:
        raise  # the window offers to salvage it
    except ReadOnlyCaseError as error:
        from app.ui.case_opening import offer_review

        if offer_review(None, error):
            return open_case_for_gui(path, review=True)
        return None, str(error)
    except CaseFileError as error:
        return None, str(error)


class _FirstPaint(QObject):
    """Reports the canvas's first paint that shows the case's events."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        has_data = getattr(watched, "cols", None) is not None
        if event.type() == QEvent.Type.Paint and has_data and not getattr(self, "seen", False):
            self.seen = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print("painted\nframed", flush=True)
        QApplication.quit()


def run_gui(path: Path, *, review: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casetrail")
    app.setOrganizationName("Casetrail")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "casetrail.svg")))
    refused: SchemaMismatchError | None = None
    try:
        case, problem = open_case_for_gui(path, review=review)
    except SchemaMismatchError as error:
        case, problem, refused = None, str(error), error
    if case is None:
        print(f"casetrail: {problem}", file=sys.stderr)
        if refused is None:
            show_message(None, "Casetrail", problem or "", kind="critical")
            return 2
    from app.ui.main_window import MainWindow
    from app.ui.salvaging import Salvaging
    from app.ui.theme import apply_theme

    damaged = False
    window = MainWindow(None)
    try:
        if case is not None:
            window.set_case(case)
    except Exception as error:  # the case's text did not read: refused, salvage offered
        if case is None or not is_undecodable(error):
            raise
        window.set_case(None)  # closes the case with its session
        case.close()
        case, damaged = None, True
        salvaging, unread = Salvaging(window, window.open_path), error
        QTimer.singleShot(0, lambda: salvaging.offer_damaged_text(path, unread))
    if refused is not None:  # an empty window, and the refusal offering to salvage the case
        offer = Salvaging(window, window.open_path).offer
        QTimer.singleShot(0, lambda: offer(path, refused))
    if window.dark_action.isChecked():
        apply_theme(app, dark=True)
    if os.environ.get(FIRST_PAINT_PROBE):
        probe = _FirstPaint(window)
        window.timeline.canvas.installEventFilter(probe)
    window.show()
    code = app.exec()
    if window.case is None:
        return 2 if refused is not None or damaged else int(code)
    window.case.close()
    return int(code)
