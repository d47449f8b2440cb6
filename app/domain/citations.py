"""Pinpoints: where in a source a citation points ("p. 4", "¶¶ 3–5", "ABC0001234", "1:02:03").

``parse_pinpoint`` reads the free text a user typed into a structured :class:`Pinpoint` and
never raises; text it does not recognise is kept as kind ``"other"``. ``format_pinpoint``
gives the canonical display form. Pages and paragraphs are 1-based, as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PinpointKind = Literal["page", "paragraph", "bates", "timecode", "other", "none"]

_DASH = r"\s*[-\u2010-\u2015\u2212]\s*"  # hyphen, en dash, em dash, minus sign
_RANGE = rf"(\d{{1,9}})(?:{_DASH}(\d{{1,9}}))?"
_PAGE_RE = re.compile(
    rf"(?:pp?\.\s*|pp?\s+|pages?\s*|pgs?\.\s*|pgs?\s+|at\s+){_RANGE}", re.IGNORECASE
)
_PARA_RE = re.compile(
    rf"(?:paras?\.\s*|paras?\s+|paragraphs?\s*|pars?\.\s*|¶{{1,2}}\s*){_RANGE}", re.IGNORECASE
)
_BATES_RE = re.compile(
    r"([A-Z][A-Z0-9]{0,11}?)[\s_-]?(\d{4,12})"
    rf"(?:{_DASH}(?:([A-Z][A-Z0-9]{{0,11}}?)[\s_-]?)?(\d{{4,12}}))?"
)
_TIME_RE = re.compile(r"(?:(\d{1,4}):)?(\d{1,4}):(\d{2}(?:\.\d{1,6})?)")


@dataclass(frozen=True)
class Pinpoint:
    """A parsed pinpoint; only the fields of its ``kind`` are set. ``text`` is the input."""

    kind: PinpointKind
    page: int | None = None
    last_page: int | None = None
    paragraph: int | None = None
    bates: str | None = None
    seconds: float | None = None
    text: str = ""
    last_paragraph: int | None = None
    last_bates: str | None = None


def parse_pinpoint(text: str | None) -> Pinpoint:
    """The structured form of a pinpoint's text; unrecognised text is kind ``"other"``."""
    raw = text if isinstance(text, str) else ""
    cleaned = " ".join(raw.split())
    if not cleaned:
        return Pinpoint("none", text=raw)
    try:
        for parse in (_page, _paragraph, _timecode, _bates):
            found = parse(cleaned, raw)
            if found is not None:
                return found
    except (ValueError, OverflowError):
        pass
    return Pinpoint("other", text=raw)


def _span(first_text: str, last_text: str | None) -> tuple[int, int | None] | None:
    """(first, last) of a numeric range; "104-06" means 104 to 106; nonsense gives None."""
    first = int(first_text)
    if first < 1:
        return None
    if last_text is None:
        return first, None
    last = int(last_text)
    if last < first and len(last_text) < len(first_text):
        last = int(first_text[: len(first_text) - len(last_text)] + last_text)
    if last < first:
        return None
    return first, (last if last != first else None)


def _page(cleaned: str, raw: str) -> Pinpoint | None:
    match = _PAGE_RE.fullmatch(cleaned)
    span = match and _span(match.group(1), match.group(2))
    if not span:
        return None
    return Pinpoint("page", page=span[0], last_page=span[1], text=raw)


def _paragraph(cleaned: str, raw: str) -> Pinpoint | None:
    match = _PARA_RE.fullmatch(cleaned)
    span = match and _span(match.group(1), match.group(2))
    if not span:
        return None
    return Pinpoint("paragraph", paragraph=span[0], last_paragraph=span[1], text=raw)


def _timecode(cleaned: str, raw: str) -> Pinpoint | None:
    match = _TIME_RE.fullmatch(cleaned)
    if not match:
        return None
    hours_text, minutes_text, seconds_text = match.groups()
    minutes, seconds = int(minutes_text), float(seconds_text)
    if seconds >= 60 or (hours_text is not None and minutes >= 60):
        return None
    total = int(hours_text or 0) * 3600 + minutes * 60 + seconds
    return Pinpoint("timecode", seconds=total, text=raw)


def _bates(cleaned: str, raw: str) -> Pinpoint | None:
    match = _BATES_RE.fullmatch(cleaned)
    if not match:
        return None
    prefix, number, end_prefix, end_number = match.groups()
    if end_prefix is not None and end_prefix != prefix:
        return None
    first = prefix + number
    last = None
    if end_number is not None:
        last = prefix + end_number.rjust(len(number), "0")
        if int(end_number) < int(number):
            return None
    return Pinpoint("bates", bates=first, last_bates=last if last != first else None, text=raw)


def format_pinpoint(pinpoint: Pinpoint) -> str:
    """The canonical display form: "p. 4", "pp. 4–6", "¶ 7", "¶¶ 3–5", "ABC0001234", "12:30"."""
    if pinpoint.kind == "page" and pinpoint.page is not None:
        return _format_range("p.", "pp.", pinpoint.page, pinpoint.last_page)
    if pinpoint.kind == "paragraph" and pinpoint.paragraph is not None:
        return _format_range("¶", "¶¶", pinpoint.paragraph, pinpoint.last_paragraph)
    if pinpoint.kind == "bates" and pinpoint.bates:
        return pinpoint.bates + (f"\u2013{pinpoint.last_bates}" if pinpoint.last_bates else "")
    if pinpoint.kind == "timecode" and pinpoint.seconds is not None:
        return format_timecode(pinpoint.seconds)
    if pinpoint.kind == "none":
        return ""
    return " ".join(pinpoint.text.split())


def _format_range(one: str, many: str, first: int, last: int | None) -> str:
    return f"{many} {first}\u2013{last}" if last is not None else f"{one} {first}"


def format_timecode(seconds: float) -> str:
    """ "1:02:03.5" with hours, "12:30" without; fractions only when there are any."""
    whole = int(seconds)
    fraction = round(seconds - whole, 6)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f"{secs:02d}" + (f"{fraction:.6f}".rstrip("0")[1:] if fraction else "")
    return f"{hours}:{minutes:02d}:{tail}" if hours else f"{minutes}:{tail}"
