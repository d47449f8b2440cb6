"""PySide6 6.12.0 on CPython 3.11 aborted the process after a few thousand void Qt calls
(DESIGN.md section 6). This paints many thousands of times in a child process, so an abort
shows up as a failed test rather than a dead test run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

PAINTER = textwrap.dedent("""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen
    app = QGuiApplication([])
    image = QImage(320, 200, QImage.Format.Format_ARGB32_Premultiplied)
    calls = 0
    for frame in range(40):
        image.fill(QColor("white"))
        painter = QPainter(image)
        for i in range(500):
            painter.setPen(QPen(QColor(i % 255, 80, 160)))
            painter.setBrush(QColor(40, i % 255, 90))
            painter.fillRect(QRectF(i % 300, i % 180, 8, 6), QColor(200, 10, 10))
            painter.drawLine(0, i % 200, 320, (i * 7) % 200)
            calls += 4
        painter.end()
    print("painted", calls)
""")


# The child starts with the session, beside the other tests (background_run in conftest.py).
BACKGROUND_RUNS = {
    "test_thousands_of_painter_calls_do_not_abort": lambda: (
        [sys.executable, "-c", PAINTER],
        {"env": {**os.environ, "QT_QPA_PLATFORM": "offscreen"}},
    ),
}


def test_thousands_of_painter_calls_do_not_abort(
    background_run: subprocess.CompletedProcess[str],
) -> None:
    result = background_run
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "painted 80000"


def test_installed_pyside_is_not_the_broken_pair() -> None:
    import PySide6

    if sys.version_info[:2] == (3, 11):
        assert tuple(int(x) for x in PySide6.__version__.split(".")[:2]) < (6, 12)
