"""Small recordings the tests make themselves: a WAV tone (Python's wave module) and a
Motion-JPEG AVI video written here frame by frame (JPEG frames from QImage).

The video is written by hand because Qt's own recorder cannot make one here: with the
offscreen platform, QMediaRecorder fed by QVideoFrameInput accepts no frame
(``sendVideoFrame`` returns False and ``readyToSendVideoFrame`` never comes).
"""

from __future__ import annotations

import io
import math
import struct
import wave


def wav_bytes(seconds: int = 40, rate: int = 8000) -> bytes:
    """A mono 16-bit tone of ``seconds`` seconds."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frame = b"".join(struct.pack("<h", int(2000 * math.sin(i / 8))) for i in range(rate))
        w.writeframes(frame * seconds)
    return out.getvalue()


def _chunk(fourcc: bytes, data: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def _list(kind: bytes, data: bytes) -> bytes:
    return _chunk(b"LIST", kind + data)


def jpeg_frames(count: int, width: int, height: int) -> list[bytes]:
    """``count`` JPEG frames of changing colour with the frame number drawn on them."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    frames = []
    for n in range(count):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsv((n * 37) % 360, 160, 220))
        painter = QPainter(image)
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, str(n))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        assert image.save(buffer, "JPEG", 70)
        frames.append(bytes(data.data()))
    return frames


def avi_bytes(seconds: int = 40, fps: int = 2, width: int = 160, height: int = 120) -> bytes:
    """A Motion-JPEG AVI of ``seconds`` seconds at ``fps`` frames a second."""
    frames = jpeg_frames(seconds * fps, width, height)
    biggest = max(len(f) for f in frames)
    avih = struct.pack(
        "<14I", 1_000_000 // fps, biggest * fps, 0, 0x10, len(frames), 0, 1, biggest,
        width, height, 0, 0, 0, 0,
    )  # fmt: skip
    strh = b"vidsMJPG" + struct.pack(
        "<IHHIIIIIIIIhhhh", 0, 0, 0, 0, 1, fps, 0, len(frames), biggest, 0xFFFFFFFF, 0,
        0, 0, width, height,
    )  # fmt: skip
    strf = struct.pack("<IiiHH4sIiiII", 40, width, height, 1, 24, b"MJPG", width * height * 3,
                       0, 0, 0, 0)  # fmt: skip
    header = _list(b"hdrl", _chunk(b"avih", avih) + _list(b"strl", _chunk(b"strh", strh) +
                   _chunk(b"strf", strf)))  # fmt: skip
    movi, index, offset = b"", b"", 4
    for frame in frames:
        chunk = _chunk(b"00dc", frame)
        index += b"00dc" + struct.pack("<III", 0x10, offset, len(frame))
        movi += chunk
        offset += len(chunk)
    body = b"AVI " + header + _list(b"movi", movi) + _chunk(b"idx1", index)
    return b"RIFF" + struct.pack("<I", len(body)) + body
