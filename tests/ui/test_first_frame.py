"""Opening a case from the command line shows its window before anything but Qt is imported,
paints its first frame from the raw read, then opens it fully off the interface thread and
hands the columns to the main window; a case the raw read or the full opening refuses goes the
usual way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.errors import CaseFileError
from app.store.sqlite.first_frame import read_first_frame
from app.ui.first_frame import FirstFrame
from tests.hostile import digest

ROOT = Path(__file__).resolve().parents[2]


def test_the_main_window_takes_over_with_the_columns_read(qtbot, demo_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    QApplication.setWindowIcon(QIcon())
    cols = read_first_frame(demo_case_path)
    assert cols is not None
    first = FirstFrame(demo_case_path, cols, review=False)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    assert first.canvas.index is not None and first.canvas.index.all_cols is cols
    assert QApplication.windowIcon().isNull()  # the icon (Qt's SVG plugin) after the frame
    first.open_fully()
    assert not QApplication.windowIcon().isNull()
    qtbot.waitUntil(lambda: first.window is not None, timeout=60_000)
    window = first.window
    qtbot.addWidget(window)
    assert window.isVisible() and not first.isVisible()
    assert window.timeline.canvas.index.all_cols is cols  # shown, not read again
    qtbot.waitUntil(lambda: window.model.rowCount() == len(cols) + len(cols.undated_ids))
    assert not window.case.read_only and window.session.writable
    window.close()


def test_review_opens_read_only(qtbot, demo_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = digest(demo_case_path)
    cols = read_first_frame(demo_case_path)
    first = FirstFrame(demo_case_path, cols, review=True)  # type: ignore[arg-type]
    qtbot.addWidget(first)
    first.show()
    first.open_fully()
    qtbot.waitUntil(lambda: first.window is not None, timeout=60_000)
    qtbot.addWidget(first.window)
    assert first.window.case.read_only
    first.window.close()
    assert digest(demo_case_path) == before


def test_a_case_the_full_opening_refuses_goes_the_usual_way(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, demo_case_path: Path
) -> None:
    from app.store.case import Case

    def refuse(path, mode):  # type: ignore[no-untyped-def]
        raise CaseFileError(path, "is damaged (a test)")

    monkeypatch.setattr(Case, "open", staticmethod(refuse))
    first = FirstFrame(demo_case_path, read_first_frame(demo_case_path), review=False)  # type: ignore[arg-type]
    qtbot.addWidget(first)
    first.show()
    first.open_fully()
    qtbot.waitUntil(lambda: first.refused, timeout=60_000)
    assert not first.isVisible() and first.window is None


def test_a_case_whose_text_the_main_window_cannot_read_goes_the_usual_way(  # type: ignore[no-untyped-def]
    qtbot, demo_case_path: Path
) -> None:
    """A source title that is not UTF-8 (a hand edit): the raw read of the timeline passes,
    the main window's does not; the case is closed and the usual way refuses it, naming the
    row (it used to fail in the middle of the opening, a traceback and no window)."""
    import sqlite3

    from PySide6.QtWidgets import QApplication

    db = sqlite3.connect(demo_case_path)
    db.execute("UPDATE sources SET title = CAST(x'41ff42' AS TEXT) WHERE id = 1")
    db.commit()
    db.close()
    cols = read_first_frame(demo_case_path)
    assert cols is not None
    first = FirstFrame(demo_case_path, cols, review=False)
    qtbot.addWidget(first)
    first.show()
    first.open_fully()
    qtbot.waitUntil(lambda: first.refused, timeout=60_000)
    assert not first.isVisible() and first.window is None
    QApplication.processEvents()
    from app.ui.main_window import MainWindow

    # no window holds the case open (other tests' windows may still be about)
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert not any(w.case is not None and w.case.path == demo_case_path for w in windows)


def test_the_command_paints_and_writes_nothing(tmp_path_factory, demo_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = digest(demo_case_path)
    folder = sorted(p.name for p in demo_case_path.parent.iterdir())
    tmp_path = tmp_path_factory.mktemp("elsewhere")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "CASETRAIL_EXIT_AFTER_FIRST_PAINT": "1", "CASETRAIL_DATA_DIR": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "app", "--review", str(demo_case_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.splitlines() == ["painted", "framed"], done.stderr
    assert digest(demo_case_path) == before
    assert sorted(p.name for p in demo_case_path.parent.iterdir()) == folder


# Run as a script: the command on the case named in argv[1], with standard output replaced by
# a writer that notes, at each probe word, which of the heavy modules were loaded by then.
AT_THE_PAINT = """
import sys
HEAVY = ("numpy", "ctypes", "sqlite3", "sqlalchemy", "alembic", "PIL", "app.store",
         "app.domain.columns",
         "app.domain.records", "app.domain.dates", "app.timeline", "app.interchange",
         "app.ui.canvas", "app.ui.main_window", "dateutil", "zoneinfo", "html",
         "app.domain.date_parse", "app.ui.canvas.tooltip")
real = sys.stdout
class Noting:
    def write(self, text):
        if text.strip() in ("painted", "framed"):
            loaded = sorted({h for h in HEAVY for m in list(sys.modules)
                             if m == h or m.startswith(h + ".")})
            real.write(text.strip() + " " + ",".join(loaded) + "\\n")
        return len(text)
    def flush(self):
        real.flush()
sys.stdout = Noting()
from app.cli import main
sys.exit(main(["--review", sys.argv[1]]))
"""


def test_the_window_paints_before_anything_heavy_is_imported(  # type: ignore[no-untyped-def]
    tmp_path_factory, demo_case_path: Path
) -> None:
    tmp_path = tmp_path_factory.mktemp("elsewhere")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "CASETRAIL_EXIT_AFTER_FIRST_PAINT": "1", "CASETRAIL_DATA_DIR": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", AT_THE_PAINT, str(demo_case_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert list(seen) == ["painted", "framed"]
    assert seen["painted"].strip() == ""  # the window: Qt and the command line only
    framed = seen["framed"].strip().split(",")
    assert {"numpy", "sqlite3", "app.ui.canvas", "app.domain.columns"} <= set(framed)
    assert "sqlalchemy" not in framed and "alembic" not in framed  # nor for the timeline
    # what the frame does not paint loads after it: the records, reading dates and zones
    # (dateutil, zoneinfo), the hover text (html)
    later = {"app.domain.records", "app.domain.dates", "app.domain.date_parse", "dateutil",
             "zoneinfo", "html", "app.ui.canvas.tooltip"}  # fmt: skip
    assert not later & set(framed), framed


def test_a_case_the_raw_read_refuses_goes_the_usual_way(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "notes.case"
    text.write_text("not a case")
    first = FirstFrame(text, None, review=False)
    qtbot.addWidget(first)
    first.show()
    assert first.canvas is None and "notes.case" in first.windowTitle()
    first.read_frame()
    qtbot.waitUntil(lambda: first.refused, timeout=60_000)
    assert not first.isVisible() and first.window is None and first.canvas is None
    assert text.read_text() == "not a case"


def test_the_window_reads_its_frame_then_opens_fully(qtbot, demo_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = FirstFrame(demo_case_path, None, review=True)
    qtbot.addWidget(first)
    first.show()
    first.read_frame()
    qtbot.waitUntil(lambda: first.canvas is not None, timeout=60_000)
    assert first.centralWidget() is first.canvas and len(first.cols) > 0
    qtbot.waitUntil(lambda: first.window is not None, timeout=60_000)
    qtbot.addWidget(first.window)
    assert first.window.case.read_only and not first.isVisible()
    first.window.close()
