"""Timecode cites and recordings: "00:12:34" and "12:34-13:10" play from their time."""

from __future__ import annotations

import pytest

from app.domain.citation_open import plan_open
from app.domain.citations import format_pinpoint, parse_pinpoint
from app.domain.media import install_hint, media_kind
from app.domain.records import SourceRecord


@pytest.mark.parametrize(
    ("text", "start", "end", "shown"),
    [
        ("00:12:34", 754.0, None, "12:34"),
        ("12:34-13:10", 754.0, 790.0, "12:34\u201313:10"),
        ("12:34 \u2013 13:10", 754.0, 790.0, "12:34\u201313:10"),
        ("1:00:00-1:00:30.5", 3600.0, 3630.5, "1:00:00\u20131:00:30.5"),
    ],
)
def test_timecodes_and_their_ranges(text, start, end, shown) -> None:
    pin = parse_pinpoint(text)
    assert (pin.kind, pin.seconds, pin.last_seconds) == ("timecode", start, end)
    assert format_pinpoint(pin) == shown
    assert parse_pinpoint(shown) == parse_pinpoint(shown)  # the shown form reads back
    assert parse_pinpoint(shown).seconds == start


@pytest.mark.parametrize("text", ["13:10-12:34", "12:61-13:00", "45:3-12", "Tr. 12:34-13:10"])
def test_what_is_not_a_timecode_range(text) -> None:
    assert parse_pinpoint(text).kind != "timecode"


def _source(path: str) -> SourceRecord:
    return SourceRecord(id=1, title="Call", kind="audio", file_path=path, file_sha256="ab" * 32)


def test_a_recording_plays_from_the_cited_time() -> None:
    plan = plan_open(_source("call.mp3"), parse_pinpoint("12:34-13:10"))
    assert (plan.opens, plan.seconds, plan.last_seconds) == ("timecode", 754.0, 790.0)
    assert plan.label == "Play from 12:34\u201313:10" and plan.enabled
    place = plan.viewer_pinpoint("media")
    assert place is not None and (place.seconds, place.last_seconds) == (754.0, 790.0)


def test_a_recording_cited_by_page_plays_from_its_start_and_says_why() -> None:
    plan = plan_open(_source("call.wav"), parse_pinpoint("p. 4"))
    assert (plan.opens, plan.seconds, plan.label) == ("timecode", 0.0, "Play")
    assert "not a time" in plan.note
    assert plan_open(_source("call.wav"), parse_pinpoint("")).note == ""


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "x.bin", "audio"),
        (b"RIFF\x24\x00\x00\x00AVI LIST", "", "video"),
        (b"ID3\x04\x00\x00\x00\x00", "", "audio"),
        (b"fLaC\x00\x00\x00\x22", "", "audio"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00", "clip.mp4", "video"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "", "audio"),
        (b"OggS\x00\x02", "call.ogg", "audio"),
        (b"\x1a\x45\xdf\xa3\x00", "clip.webm", "video"),
        (b"%PDF-1.7\n", "call.wav", None),
        (b"#!/bin/sh\n", "call.mp3", None),
    ],
)
def test_recordings_are_known_by_their_bytes(head, name, kind) -> None:
    assert media_kind(head + b"\x00" * 64, name) == kind


def test_the_install_hint_names_the_package() -> None:
    assert "apt-get install -y libpulse0" in install_hint("libpulse.so.0")
    assert "pulseaudio-libs" in install_hint("libpulse.so.0")
    assert "apt-get install -y libfoo3" in install_hint("libfoo.so.3")
