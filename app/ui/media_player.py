"""Audio and video inside Casetrail: a player that starts at the cited timecode, with a
scrubber, play/pause and the time shown, or, where Qt Multimedia cannot load on this
computer, one line saying why with an offer to open the file in the system's player.

``multimedia_problem`` is the one place that tries to load Qt Multimedia; the player and the
window ask it, never import QtMultimedia at module level, so the rest of the viewer works on a
computer without the sound libraries. The bytes played are the ones the opener hash-checked.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.domain.citations import Pinpoint, format_pinpoint, format_timecode
from app.domain.media import install_hint
from app.ui.shortcuts import window_shortcuts

if TYPE_CHECKING:
    from app.ui.source_viewer import FileState

_SONAME = re.compile(r"(lib[\w.+-]+?\.so(?:\.\d+)*)")
SKIP_MS = 5000


@cache
def multimedia_problem() -> str | None:
    """Why audio and video cannot play here (one line naming the missing library and how
    to install it), or None when Qt Multimedia loads."""
    try:
        import PySide6.QtMultimedia  # noqa: F401
        import PySide6.QtMultimediaWidgets  # noqa: F401
    except ImportError as error:
        return describe_load_error(str(error))
    return None


def describe_load_error(message: str) -> str:
    """One line for Qt Multimedia's load error: the library it misses and the install line."""
    found = _SONAME.search(message)
    if found is None:
        return f"Audio and video cannot play here: Qt Multimedia did not load ({message})."
    return (
        f"Audio and video cannot play here: Qt Multimedia needs {found.group(1)}, which is "
        f"missing ({install_hint(found.group(1))})."
    )


class MediaPlayer(QWidget):
    """Plays one recording's bytes from a given time; ``seeked`` is emitted once the
    position asked for is reached after loading."""

    seeked = Signal(int)  # milliseconds
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.player = QMediaPlayer(self)
        # Sound goes to a real output only: with none (no sound server, a headless machine) an
        # audio output on the null device left stop() waiting on its renderer; the recording
        # then plays by the clock, silently, and says so.
        self.audio = QAudioOutput(self) if QMediaDevices.audioOutputs() else None
        if self.audio is not None:
            self.player.setAudioOutput(self.audio)
        self.video = QVideoWidget(self)
        self.player.setVideoOutput(self.video)
        self._loaded_status = QMediaPlayer.MediaStatus.LoadedMedia
        self._invalid_status = QMediaPlayer.MediaStatus.InvalidMedia
        self._buffer: QBuffer | None = None
        self._bytes = QByteArray()
        self._start_ms = 0
        self._end_ms: int | None = None
        self._autoplay = True
        self._pending = False
        self._dragging = False
        self.play_button = QPushButton("Play", self)
        self.play_button.clicked.connect(self.toggle)
        self.scrubber = QSlider(Qt.Orientation.Horizontal, self)
        self.scrubber.setObjectName("mediaScrubber")
        self.scrubber.sliderPressed.connect(lambda: setattr(self, "_dragging", True))
        self.scrubber.sliderReleased.connect(self._scrubbed)
        self.time_label = QLabel("0:00 / 0:00", self)
        self.time_label.setTextFormat(Qt.TextFormat.PlainText)
        self.cite_label = QLabel("", self)
        self.cite_label.setTextFormat(Qt.TextFormat.PlainText)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.scrubber, 1)
        controls.addWidget(self.time_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.cite_label)
        if self.audio is None:
            layout.addWidget(
                QLabel("No sound output on this computer: the recording plays silently.")
            )
        layout.addLayout(controls)
        self.player.durationChanged.connect(self._duration)
        self.player.positionChanged.connect(self._position)
        self.player.mediaStatusChanged.connect(self._status)
        self.player.playbackStateChanged.connect(self._state)
        self.player.errorOccurred.connect(lambda _e, text: self.failed.emit(text))

    def load(
        self,
        data: bytes,
        *,
        name: str = "",
        video: bool = False,
        place: Pinpoint | None = None,
        autoplay: bool = True,
    ) -> None:
        """Play ``data`` from ``place`` (a timecode; its end pauses playback once)."""
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        seconds = place.seconds if place is not None and place.seconds is not None else 0.0
        last = place.last_seconds if place is not None else None
        self._start_ms = int(round(seconds * 1000))
        self._end_ms = int(round(last * 1000)) if last is not None else None
        self._autoplay, self._pending = autoplay, True
        self.video.setVisible(video)
        cited = format_pinpoint(place) if place is not None and place.kind == "timecode" else ""
        self.cite_label.setText(f"Cited at {cited}" if cited else "")
        self.cite_label.setVisible(bool(cited))
        self.player.setSourceDevice(self._buffer, QUrl(name or "recording"))

    def position_ms(self) -> int:
        return int(self.player.position())

    def seek(self, seconds: float) -> None:
        self.player.setPosition(int(round(seconds * 1000)))

    def toggle(self) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def skip(self, milliseconds: int) -> None:
        target = max(0, min(self.player.duration(), self.player.position() + milliseconds))
        self.player.setPosition(target)

    def stop(self) -> None:
        self.player.stop()
        self.player.setSource(QUrl())

    # ---- player signals

    def _status(self, status: Any) -> None:
        if status == self._invalid_status:
            self.failed.emit(self.player.errorString() or "the recording cannot be played")
        if status != self._loaded_status or not self._pending:
            return
        self._pending = False
        self.player.setPosition(self._start_ms)
        if self._autoplay:
            self.player.play()
        self.seeked.emit(self._start_ms)

    def _duration(self, duration: int) -> None:
        self.scrubber.setRange(0, max(0, int(duration)))
        self._show_time()

    def _position(self, position: int) -> None:
        if not self._dragging:
            self.scrubber.setValue(int(position))
        if self._end_ms is not None and position >= self._end_ms:
            self._end_ms = None  # the end of a cited range pauses once
            self.player.pause()
        self._show_time()

    def _state(self, _state: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText("Pause" if playing else "Play")

    def _scrubbed(self) -> None:
        self._dragging = False
        self.player.setPosition(self.scrubber.value())

    def _show_time(self) -> None:
        now = format_timecode(self.player.position() // 1000)
        total = format_timecode(self.player.duration() // 1000)
        self.time_label.setText(f"{now} / {total}")


class MediaWindow(QMainWindow):
    """A window playing one source's recording from its cited time; where Qt Multimedia
    cannot load, it says so in one line and offers the system's player instead."""

    openExternally = Signal()

    def __init__(self, source_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.source_title = " ".join(source_title.split()) or "Source"
        self.banner = QLabel(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setMargin(6)
        self.banner.setObjectName("sourceBanner")
        self.problem = multimedia_problem()
        self.player: MediaPlayer | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        self.problem_label = QLabel(self.problem or "", body)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setWordWrap(True)
        self.external_button = QPushButton("Open with the System Player\u2026", body)
        self.external_button.clicked.connect(self.openExternally)
        if self.problem is None:
            self.player = MediaPlayer(body)
            self.player.failed.connect(self._failed)
            layout.addWidget(self.player, 1)
            self.problem_label.hide()
            self.external_button.hide()
        else:
            layout.addWidget(self.problem_label)
            layout.addWidget(self.external_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addStretch(1)
        self.setCentralWidget(body)
        self.resize(720, 480)
        self.setWindowTitle(self.source_title)
        self._keys()

    def _keys(self) -> None:
        keys: list[tuple[QKeySequence, Any]] = [(QKeySequence(Qt.Key.Key_Escape), self.close)]
        if self.player is not None:
            player = self.player
            keys += [
                (QKeySequence(Qt.Key.Key_Space), player.toggle),
                (QKeySequence(Qt.Key.Key_Left), lambda: player.skip(-SKIP_MS)),
                (QKeySequence(Qt.Key.Key_Right), lambda: player.skip(SKIP_MS)),
            ]
        self.shortcuts = window_shortcuts(self, keys)

    def show_recording(
        self,
        data: bytes,
        *,
        name: str = "",
        video: bool = False,
        state_text: str = "",
        state: FileState | None = None,
        place: Pinpoint | None = None,
        autoplay: bool = True,
    ) -> None:
        """Show the file's state (styled as the viewer's banner) and play it from ``place``."""
        self.banner.setText(state_text)
        self.banner.setVisible(bool(state_text))
        if state is not None:
            from app.ui.source_viewer import banner_style

            self.banner.setStyleSheet(banner_style(state))
        if place is not None and place.kind == "timecode":
            self.setWindowTitle(f"{self.source_title} \u2014 {format_pinpoint(place)}")
        if self.player is not None:
            self.player.load(data, name=name, video=video, place=place, autoplay=autoplay)

    def _failed(self, text: str) -> None:
        self.problem_label.setText(f"This recording cannot be played: {text}")
        self.problem_label.show()
        self.external_button.show()
        self.centralWidget().layout().addWidget(self.problem_label)
        self.centralWidget().layout().addWidget(self.external_button)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self.player is not None:
            self.player.stop()
        super().closeEvent(event)
