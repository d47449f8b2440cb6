"""Render the reading room's screenshots for the README (offscreen):

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python docs/screenshots/make_reading.py

email-attachments.png (an email with its attachments listed), media-player.png (a video
played from its cited timecode), sources-read.png (the sources view's Read column).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from app.store.case import Case  # noqa: E402
from app.store.reading import reading_of  # noqa: E402
from app.ui.image import ensure_app  # noqa: E402
from app.ui.panels.sources import SourcesView  # noqa: E402
from tests.media_files import avi_bytes  # noqa: E402
from tests.ui.test_email_attachments import email_bytes  # noqa: E402


def settle(app: QApplication, ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def store(case: Case, data: bytes, name: str, title: str, kind: str) -> int:
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=data, size=len(data), original_name=name)
    return case.create_source(
        title=title, kind=kind, file_path=name, file_sha256=sha, file_stored=True
    ).created("source")


def main() -> None:
    app = ensure_app()
    from app.ui.main_window import MainWindow

    folder = Path(tempfile.mkdtemp())
    path = folder / "demo.case"
    subprocess.run([sys.executable, "-m", "app", "demo", str(path)], check=True, cwd=ROOT)
    case = Case.open(path)
    mail = store(case, email_bytes(), "board.eml", "Email from counsel, 1 March 2016", "email")
    video = store(case, avi_bytes(), "interview.avi", "Recorded interview", "video")
    window = MainWindow(case, remember_layout=False)
    window.resize(1500, 850)
    window.show()
    settle(app)

    viewer = window.opener.open_source(case, mail, None, window).window
    viewer.resize(820, 640)
    settle(app)
    viewer.grab().save(str(HERE / "email-attachments.png"))
    viewer.close()

    player = window.opener.open_source(case, video, "00:00:12", window).window
    player.resize(640, 560)
    frames = []  # what the player paints: grab() cannot see the native video surface
    player.player.video.videoSink().videoFrameChanged.connect(lambda f: frames.append(f))
    settle(app, 600)
    player.player.player.pause()
    settle(app)
    picture = player.grab().toImage()
    frame = frames[-1].toImage() if frames else None
    if frame is not None and not frame.isNull():
        video = player.player.video
        place = QRect(video.mapTo(player, QPoint(0, 0)), video.size())
        scaled = frame.scaled(place.size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter = QPainter(picture)
        painter.fillRect(place, Qt.GlobalColor.black)
        painter.drawImage(place.center() - scaled.rect().center(), scaled)
        painter.end()
    picture.save(str(HERE / "media-player.png"))
    player.close()

    memo = next(s.id for s in case.sources() if s.title.startswith("Demo research memo"))
    summary = next(s.id for s in case.sources() if s.title.startswith("Summary of"))
    reading_of(case).record({memo: ("page", 3, [1, 2]), summary: ("page", 3, [1, 2, 3])})
    view = SourcesView()
    view.set_case(case)
    view.resize(1250, 330)
    view.show()
    settle(app)
    view.grab().save(str(HERE / "sources-read.png"))
    view.close()
    window.close()
    case.close()


if __name__ == "__main__":
    main()
