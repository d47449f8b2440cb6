"""Pinpoints: where in a source a citation points ("p. 4", "¶¶ 3–5", "SF-000123", "1:02:03").

``parse_pinpoint`` reads the free text a user typed into a structured :class:`Pinpoint` and
never raises; text it does not recognise is kept as kind ``"other"``. ``format_pinpoint``
gives the canonical display form. Pages, paragraphs and lines are 1-based, as printed.

The forms read: pages ("p. 4", "pp. 104-06", "at 12"), paragraphs ("para. 7", "¶¶ 3–5"),
a page and a paragraph ("p. 4, para. 3"), transcript page:line ("45:3", "45:3-12",
"Tr. 45:3-12", "Dep. 12:4-13:2"), exhibits ("Ex. 12", "PX 3 at 4"), Bates numbers with
their prefix and separator exactly as written ("SF-000123", "ABC 0001234-0001240") and
timecodes and their ranges ("12:30", "1:02:03.5", "00:12:34", "12:34-13:10"). "12:30" is a
timecode; a page:line without a transcript label is read as one when its line is not two
digits ("45:3") or it is a range of lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PinpointKind = Literal[
    "page", "paragraph", "transcript", "exhibit", "bates", "timecode", "other", "none"
]

_DASH = r"\s*[-\u2010-\u2015\u2212]\s*"  # hyphen, en dash, em dash, minus sign
_RANGE = rf"(\d{{1,9}})(?:{_DASH}(\d{{1,9}}))?"
_PAGE_RE = re.compile(
    rf"(?:pp?\.\s*|pp?\s+|pages?\s*|pgs?\.\s*|pgs?\s+|at\s+){_RANGE}", re.IGNORECASE
)
_PARA_RE = re.compile(
    rf"(?:paras?\.\s*|paras?\s+|paragraphs?\s*|pars?\.\s*|¶{{1,2}}\s*){_RANGE}", re.IGNORECASE
)
_BATES_RE = re.compile(
    r"([A-Z][A-Z0-9]{0,11}?)([\s_-]?)(\d{4,12})"
    rf"(?:{_DASH}(?:([A-Z][A-Z0-9]{{0,11}}?)([\s_-]?))?(\d{{4,12}}))?"
)
_PAGE_WORD = r"(?:pp?\.\s*|pp?\s+|pages?\s*|pgs?\.\s*|pgs?\s+|at\s+)"
_PARA_WORD = r"(?:paras?\.\s*|paras?\s+|paragraphs?\s*|pars?\.\s*|¶{1,2}\s*)"
_COMBINED_RE = re.compile(rf"{_PAGE_WORD}{_RANGE}\s*,?\s*{_PARA_WORD}{_RANGE}", re.IGNORECASE)
_TRANSCRIPT_LABEL = (
    r"(?:Hr(?:'|\u2019)?g\.?\s*Tr\.?|Trial\s+Tr\.?|Tr\.|Trans\.|Transcript|"
    r"Dep\.|Depo\.?|Deposition)"
)
_TRANSCRIPT_RE = re.compile(
    rf"(?:({_TRANSCRIPT_LABEL})\s*(?:at\s+)?)?(\d{{1,6}}):(\d{{1,3}})"
    rf"(?:{_DASH}(?:(\d{{1,6}}):)?(\d{{1,3}}))?",
    re.IGNORECASE,
)
_TRANSCRIPT_PAGES_RE = re.compile(rf"({_TRANSCRIPT_LABEL})\s*(?:at\s+)?{_RANGE}", re.IGNORECASE)
_EXHIBIT_RE = re.compile(
    r"((?:Ex|Exh|Exs)\.|Exhibit|Ex|Exh|PX|DX|GX|JX|CX|RX)\s*[-\s]?\s*"
    r"([A-Z0-9]{1,8}(?:[-.][A-Z0-9]{1,8})?)"
    rf"(?:\s*(?:,\s*|\s+){_PAGE_WORD}(\d{{1,9}}))?",
    re.IGNORECASE,
)
_TIME = r"(?:(\d{1,4}):)?(\d{1,4}):(\d{2}(?:\.\d{1,6})?)"
_TIME_RE = re.compile(rf"{_TIME}(?:{_DASH}{_TIME})?")


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
    line: int | None = None
    last_line: int | None = None
    exhibit: str | None = None
    label: str = ""  # a transcript's or an exhibit's label as written: "Tr.", "Dep.", "PX"
    last_seconds: float | None = None  # the end of a timecode range ("12:34-13:10")


def parse_pinpoint(text: str | None) -> Pinpoint:
    """The structured form of a pinpoint's text; unrecognised text is kind ``"other"``."""
    raw = text if isinstance(text, str) else ""
    cleaned = " ".join(raw.split())
    if not cleaned:
        return Pinpoint("none", text=raw)
    try:
        parsers = (_padded_bates, _page, _paragraph, _combined, _transcript, _timecode, _bates)
        for parse in (*parsers, _exhibit):
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


def _combined(cleaned: str, raw: str) -> Pinpoint | None:
    match = _COMBINED_RE.fullmatch(cleaned)
    pages = match and _span(match.group(1), match.group(2))
    paras = match and _span(match.group(3), match.group(4))
    if not pages or not paras:
        return None
    return Pinpoint(
        "page",
        page=pages[0],
        last_page=pages[1],
        paragraph=paras[0],
        last_paragraph=paras[1],
        text=raw,
    )


def _transcript(cleaned: str, raw: str) -> Pinpoint | None:
    match = _TRANSCRIPT_RE.fullmatch(cleaned)
    if match is None:
        pages = _TRANSCRIPT_PAGES_RE.fullmatch(cleaned)
        span = pages and _span(pages.group(2), pages.group(3))
        if not span or pages is None:
            return None
        return Pinpoint(
            "transcript", page=span[0], last_page=span[1], label=pages.group(1), text=raw
        )
    label, page_text, line_text, end_page_text, end_line_text = match.groups()
    if label is None and _timecode_like(line_text, end_page_text, end_line_text):
        return None  # "12:30" is half past twelve minutes, not page 12 line 30
    page, line = int(page_text), int(line_text)
    last_page = int(end_page_text) if end_page_text is not None else page
    last_line = int(end_line_text) if end_line_text is not None else line
    if min(page, line, last_line) < 1 or (last_page, last_line) < (page, line):
        return None
    return Pinpoint(
        "transcript",
        page=page,
        last_page=last_page if last_page != page else None,
        line=line,
        last_line=last_line if (last_page, last_line) != (page, line) else None,
        label=label or "",
        text=raw,
    )


def _timecode_like(line: str, end_page: str | None, end_line: str | None) -> bool:
    """True for "12:30" (seconds written with two digits, under 60), never for a range
    ending in a bare line number ("45:3-12")."""
    if end_line is not None and end_page is None:
        return False
    ends = [line] + ([end_line] if end_line is not None else [])
    return all(len(part) == 2 and int(part) < 60 for part in ends)


def _exhibit(cleaned: str, raw: str) -> Pinpoint | None:
    match = _EXHIBIT_RE.fullmatch(cleaned)
    if match is None or not any(ch.isdigit() for ch in match.group(2)) and len(match.group(2)) > 2:
        return None  # "Ex. A" and "Ex. 12" are exhibits, "Ex. Foo" is not
    page = int(match.group(3)) if match.group(3) else None
    if page is not None and page < 1:
        return None
    return Pinpoint("exhibit", exhibit=match.group(2), page=page, label=match.group(1), text=raw)


def _timecode(cleaned: str, raw: str) -> Pinpoint | None:
    match = _TIME_RE.fullmatch(cleaned)
    if not match:
        return None
    start = _seconds(*match.groups()[:3])
    end = _seconds(*match.groups()[3:]) if match.group(5) is not None else None
    if start is None or (match.group(5) is not None and (end is None or end < start)):
        return None
    return Pinpoint("timecode", seconds=start, last_seconds=end, text=raw)


def _seconds(hours_text: str | None, minutes_text: str, seconds_text: str) -> float | None:
    """Seconds from the start of a timecode's parts; None when they are not a time."""
    minutes, seconds = int(minutes_text), float(seconds_text)
    if seconds >= 60 or (hours_text is not None and minutes >= 60):
        return None
    return int(hours_text or 0) * 3600 + minutes * 60 + seconds


def _padded_bates(cleaned: str, raw: str) -> Pinpoint | None:
    """A Bates number padded as production numbers are ("P 0000123", "DEPO 1234567": six
    digits or more with a leading zero, or seven or more) whose prefix is also a page,
    paragraph or transcript word: nobody cites page 0000123, so it is the Bates number."""
    match = _BATES_RE.fullmatch(cleaned)
    number = match.group(3) if match else ""
    if len(number) >= 7 or (len(number) >= 6 and number.startswith("0")):
        return _bates(cleaned, raw)
    return None


def _bates(cleaned: str, raw: str) -> Pinpoint | None:
    match = _BATES_RE.fullmatch(cleaned)
    if not match:
        return None
    prefix, sep, number, end_prefix, end_sep, end_number = match.groups()
    if end_prefix is not None and end_prefix != prefix:
        return None
    first = prefix + sep + number  # kept as written: "SF-000123" stays "SF-000123"
    last = None
    if end_number is not None:
        end_sep = end_sep if end_prefix is not None else sep
        last = prefix + end_sep + end_number.rjust(len(number), "0")
        if int(end_number) < int(number):
            return None
    return Pinpoint("bates", bates=first, last_bates=last if last != first else None, text=raw)


def format_pinpoint(pinpoint: Pinpoint) -> str:
    """The canonical display form: "p. 4", "pp. 4–6", "¶ 7", "¶¶ 3–5", "p. 4, ¶ 3",
    "Tr. 45:3–12", "Ex. 12, p. 4", "SF-000123", "12:30"."""
    if pinpoint.kind == "page" and pinpoint.page is not None:
        pages = _format_range("p.", "pp.", pinpoint.page, pinpoint.last_page)
        if pinpoint.paragraph is None:
            return pages
        return pages + ", " + _format_range("¶", "¶¶", pinpoint.paragraph, pinpoint.last_paragraph)
    if pinpoint.kind == "transcript" and pinpoint.page is not None:
        return _format_transcript(pinpoint)
    if pinpoint.kind == "exhibit" and pinpoint.exhibit:
        shown = f"{pinpoint.label or 'Ex.'} {pinpoint.exhibit}"
        return shown + (f", p. {pinpoint.page}" if pinpoint.page is not None else "")
    if pinpoint.kind == "paragraph" and pinpoint.paragraph is not None:
        return _format_range("¶", "¶¶", pinpoint.paragraph, pinpoint.last_paragraph)
    if pinpoint.kind == "bates" and pinpoint.bates:
        return pinpoint.bates + (f"\u2013{pinpoint.last_bates}" if pinpoint.last_bates else "")
    if pinpoint.kind == "timecode" and pinpoint.seconds is not None:
        shown = format_timecode(pinpoint.seconds)
        if pinpoint.last_seconds is not None and pinpoint.last_seconds != pinpoint.seconds:
            shown += "\u2013" + format_timecode(pinpoint.last_seconds)
        return shown
    if pinpoint.kind == "none":
        return ""
    return " ".join(pinpoint.text.split())


def _format_transcript(pin: Pinpoint) -> str:
    label = (pin.label + " ") if pin.label else ""
    page = pin.page
    if pin.line is None:
        label = label or "Tr. "
        return label + (f"{page}\u2013{pin.last_page}" if pin.last_page else f"{page}")
    end_page = str(pin.last_page) if pin.last_page is not None else None
    end_line = str(pin.last_line or pin.line) if end_page else pin.last_line
    if not label and _timecode_like(str(pin.line), end_page, str(end_line) if end_line else None):
        label = "Tr. "  # "12:30" alone would read as a time
    shown = f"{label}{page}:{pin.line}"
    if pin.last_page is not None:
        return shown + f"\u2013{pin.last_page}:{pin.last_line or pin.line}"
    if pin.last_line is not None:
        return shown + f"\u2013{pin.last_line}"
    return shown


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
