"""Starting the GUI: one QApplication, the case opened, the main window shown."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.paths import resources_dir
from app.store.case import Case
from app.store.engine import CaseFileError, Mode, NewerSchemaError


def open_case_for_gui(path: Path, *, review: bool) -> tuple[Case | None, str | None]:
    """The case, or None and a one-line message; a newer case falls back to review."""
    try:
        return Case.open(path, Mode.REVIEW if review else Mode.OPEN), None
    except NewerSchemaError:
        return Case.open(path, Mode.REVIEW), None
    except CaseFileError as error:
        return None, str(error)


def run_gui(path: Path, *, review: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casetrail")
    app.setOrganizationName("Casetrail")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "casetrail.svg")))
    case, problem = open_case_for_gui(path, review=review)
    if case is None:
        print(f"casetrail: {problem}", file=sys.stderr)
        QMessageBox.critical(None, "Casetrail", problem or "")
        return 2
    from app.ui.main_window import MainWindow

    window = MainWindow(case)
    window.show()
    code = app.exec()
    case.close()
    return int(code)
