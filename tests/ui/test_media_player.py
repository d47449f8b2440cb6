"""Audio and video played from the cited timecode: the tests make their own recordings (a
WAV from Python's wave module, a Motion-JPEG AVI written frame by frame: see
tests/media_files.py) and check the player is at the cited time once it has loaded."""

from __future__ import annotations

import hashlib
import os

import pytest

from app.domain.citations import parse_pinpoint
from app.store.case import Case
from app.ui import media_player
from app.ui.opener import SourceOpener
from tests.media_files import avi_bytes, wav_bytes

TOLERANCE_MS = 250


def stored_recording(
    case: Case, data: bytes, name: str = "call.wav", title: str = "Recorded call"
) -> int:
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=data, size=len(data), original_name=name)
    created = case.create_source(
        title=title, kind="audio", file_path=name, file_sha256=sha, file_stored=True
    )
    return created.created("source")


class Hooks:
    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.messages: list[tuple[str, str]] = []
        self.questions: list[tuple[str, str]] = []
        self.urls: list[str] = []

    def opener(self) -> SourceOpener:
        return SourceOpener(
            inform=lambda _p, title, text: self.messages.append((title, text)),
            confirm=lambda _p, title, text: self.questions.append((title, text)) or self.answer,
            open_url=self.urls.append,
        )


# Skipped only off CI, where Qt Multimedia's libraries are missing (.ci/system-libs installs
# them on CI, where a missing one fails these tests instead of skipping them).
needs_multimedia = pytest.mark.skipif(
    media_player.multimedia_problem() is not None and not os.environ.get("CI"),
    reason=str(media_player.multimedia_problem()),
)


@needs_multimedia
@pytest.mark.parametrize(
    ("pinpoint", "start_ms", "title"),
    [("00:00:12", 12000, "0:12"), ("0:31-0:35", 31000, "0:31\u20130:35")],
)
def test_a_timecode_cite_plays_from_its_time(qtbot, new_case, pinpoint, start_ms, title) -> None:
    hooks = Hooks()
    source_id = stored_recording(new_case, wav_bytes())
    result = hooks.opener().open_source(new_case, source_id, pinpoint)
    assert result.status == "shown", hooks.messages
    window = result.window
    qtbot.addWidget(window)
    player = window.player
    assert player is not None
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=10000)
    qtbot.waitUntil(lambda: abs(player.position_ms() - start_ms) <= TOLERANCE_MS + 2000)
    assert player.position_ms() >= start_ms - TOLERANCE_MS
    assert player.scrubber.maximum() == player.player.duration()
    assert "Stored in the case" in window.banner.text() and "verified" in window.banner.text()
    assert window.windowTitle() == f"Recorded call \u2014 {title}"


@needs_multimedia
def test_a_video_plays_from_its_cited_time_with_its_picture(qtbot, new_case) -> None:
    hooks = Hooks()
    source_id = stored_recording(new_case, avi_bytes(), "interview.avi", "Interview")
    result = hooks.opener().open_source(new_case, source_id, "00:00:12")
    assert result.status == "shown", hooks.messages
    window = result.window
    qtbot.addWidget(window)
    player = window.player
    assert player is not None and player.video.isVisible()
    qtbot.waitUntil(lambda: player.player.hasVideo() and player.player.duration() == 40000)
    qtbot.waitUntil(lambda: abs(player.position_ms() - 12000) <= TOLERANCE_MS + 2000)
    assert player.position_ms() >= 12000 - TOLERANCE_MS
    assert window.windowTitle() == "Interview \u2014 0:12"


@needs_multimedia
def test_a_cited_range_pauses_at_its_end(qtbot) -> None:
    from PySide6.QtMultimedia import QMediaPlayer

    window = media_player.MediaWindow("Call")
    qtbot.addWidget(window)
    window.show_recording(wav_bytes(), name="call.wav", place=parse_pinpoint("0:10-0:11"))
    player = window.player
    assert player is not None and player.cite_label.text() == "Cited at 0:10\u20130:11"
    with qtbot.waitSignal(player.seeked, timeout=10000):
        pass
    paused = QMediaPlayer.PlaybackState.PausedState
    qtbot.waitUntil(lambda: player.player.playbackState() == paused, timeout=15000)
    assert player.position_ms() >= 11000 - TOLERANCE_MS
    assert player.play_button.text() == "Play"


@needs_multimedia
def test_the_scrubber_and_keys_move_the_player(qtbot) -> None:
    window = media_player.MediaWindow("Call")
    qtbot.addWidget(window)
    window.show_recording(wav_bytes(), name="call.wav", autoplay=False)
    player = window.player
    assert player is not None
    with qtbot.waitSignal(player.seeked, timeout=10000):
        pass
    assert abs(player.position_ms()) <= TOLERANCE_MS
    player.scrubber.setValue(20000)
    player.scrubber.sliderReleased.emit()
    qtbot.waitUntil(lambda: abs(player.position_ms() - 20000) <= TOLERANCE_MS)
    player.skip(-media_player.SKIP_MS)
    qtbot.waitUntil(lambda: abs(player.position_ms() - 15000) <= TOLERANCE_MS)
    assert "0:15" in player.time_label.text()


def test_without_qt_multimedia_the_window_says_why_and_offers_the_system_player(
    qtbot, new_case, monkeypatch
) -> None:
    problem = media_player.describe_load_error(
        "libpulse.so.0: cannot open shared object file: No such file or directory"
    )
    assert "libpulse.so.0" in problem and "apt-get install -y libpulse0" in problem
    assert "\n" not in problem
    monkeypatch.setattr(media_player, "multimedia_problem", lambda: problem)
    hooks = Hooks(answer=True)
    opener = hooks.opener()
    data = wav_bytes(2)
    result = opener.open_source(new_case, stored_recording(new_case, data), "0:01")
    assert result.status == "shown" and result.reason == problem
    window = result.window
    qtbot.addWidget(window)
    assert window.player is None
    assert window.problem_label.text() == problem
    window.external_button.click()
    assert hooks.questions and "system" in hooks.questions[0][0]
    assert len(hooks.urls) == 1 and hooks.urls[0].startswith("file://")
    from PySide6.QtCore import QUrl

    copy = QUrl(hooks.urls[0]).toLocalFile()
    with open(copy, "rb") as handle:
        assert handle.read() == data
    import os

    assert not os.access(copy, os.X_OK)


def test_the_system_player_is_never_handed_a_file_that_is_not_a_recording(qtbot) -> None:
    hooks = Hooks(answer=True)
    opener = hooks.opener()
    assert not opener.open_with_system_player(None, b"#!/bin/sh\nrm -rf ~\n", "play.wav")
    assert hooks.urls == [] and hooks.questions == []
    assert len(hooks.messages) == 1


def test_declining_the_system_player_opens_nothing(qtbot) -> None:
    hooks = Hooks(answer=False)
    assert not hooks.opener().open_with_system_player(None, wav_bytes(1), "call.wav")
    assert hooks.urls == []


def test_a_changed_recording_says_so_in_the_red_banner(qtbot, new_case, tmp_path) -> None:
    path = tmp_path / "call.wav"
    path.write_bytes(wav_bytes(2))
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    new_case.store_file(sha256=sha, data=None, size=path.stat().st_size, original_name="call.wav")
    source_id = new_case.create_source(
        title="Call", kind="audio", file_path=str(path), file_sha256=sha
    ).created("source")
    path.write_bytes(wav_bytes(3))  # replaced behind the case's back
    result = Hooks().opener().open_source(new_case, source_id, "0:01")
    window = result.window
    qtbot.addWidget(window)
    assert "CHANGED since it was registered" in window.banner.text()
    assert "#b3261e" in window.banner.styleSheet()
    assert "CHANGED" in result.reason


@needs_multimedia
def test_a_citation_of_a_recording_plays_from_the_window(qtbot, window) -> None:
    case = window.case
    source_id = stored_recording(case, wav_bytes())
    event_id = case.create_event(title="The call").created("event")
    citation_id = case.add_citation(
        event_id=event_id, source_id=source_id, pinpoint="00:00:21", quote=""
    ).created("citation")
    window.select_event(event_id)
    qtbot.waitUntil(lambda: window.detail.current is not None)
    window.open_citation(citation_id)
    media = window.opener.windows[-1]
    assert isinstance(media, media_player.MediaWindow)
    player = media.player
    qtbot.waitUntil(lambda: abs(player.position_ms() - 21000) <= TOLERANCE_MS + 2000, timeout=10000)
    assert media.windowTitle() == "Recorded call \u2014 0:21"
    media.close()


@needs_multimedia
def test_without_a_sound_output_the_player_has_no_audio_output_and_says_so(qtbot, monkeypatch):
    from PySide6.QtMultimedia import QMediaDevices
    from PySide6.QtWidgets import QLabel

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    player = media_player.MediaPlayer()
    qtbot.addWidget(player)
    assert player.audio is None and player.player.audioOutput() is None
    texts = [label.text() for label in player.findChildren(QLabel)]
    assert any("plays silently" in text for text in texts)
