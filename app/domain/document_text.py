"""What a source's file is and where its pages and paragraphs are, without Qt.

``content_kind`` judges bytes by their content (PDF, image, text). ``read_document`` gives a
:class:`DocumentText`: the text of each page of a PDF (see ``app.domain.pdf_text``) or the
whole of a text file, with the numbered paragraphs found in it. The source viewer, the
citation cards and ``casetrail citations`` all use these, so what the window shows and what
the command reports are the same.

Paragraphs: a document whose paragraphs are numbered "1.", "2.", ... (in order, from 1) is
read by those numbers, whatever comes before paragraph 1; a text without numbered paragraphs
counts its blocks separated by blank lines (or, with no blank lines, its non-empty lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from app.domain.markup_text import readable_text
from app.domain.pdf_text import page_texts

ContentKind = Literal["pdf", "text", "image"]

TEXT_SUFFIXES = (
    ".txt", ".text", ".md", ".csv", ".tsv", ".log", ".json", ".xml", ".eml", ".srt", ".html",
    ".htm",
)  # fmt: skip
_NUMBERED = re.compile(r"\s*(?:¶\s*)?(\d{1,4})[.)]\s")


def content_kind(data: bytes, name: str = "") -> ContentKind | None:
    """What the bytes are, judged by content first: "pdf", "image", "text" or None."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if _looks_like_image(head):
        return "image"
    if name.lower().endswith(TEXT_SUFFIXES) or _looks_like_text(data[:8192]):
        return "text"
    return None


def _looks_like_image(head: bytes) -> bool:
    return head.startswith(
        (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")
    ) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _looks_like_text(sample: bytes) -> bool:
    if not sample or b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(sample) - 3  # a character cut by the sample's end
    return True


def decode_text(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1252 with replacements."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def shown_text(data: bytes, name: str = "") -> str:
    """The text a text file is shown, cited and searched as: an HTML page's or an email's
    readable text (``app.domain.markup_text``), else the decoded file."""
    return readable_text(data, decode_text(data), name)


def _block_starts(lines: list[str]) -> list[int]:
    starts = [
        i for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip())
    ]
    if len(starts) <= 1:
        starts = [i for i, line in enumerate(lines) if line.strip()]
    return starts


def numbered_starts(lines: list[str], candidates: list[int] | None = None) -> list[int]:
    """The lines where paragraphs 1, 2, 3, ... start (read in order from paragraph 1);
    empty unless at least two are found."""
    found: list[int] = []
    for i in candidates if candidates is not None else range(len(lines)):
        match = _NUMBERED.match(lines[i])
        if match and int(match.group(1)) == len(found) + 1:
            found.append(i)
    return found if len(found) >= 2 else []


def paragraph_starts(text: str) -> list[int]:
    """The 0-based line where each paragraph of a text starts (paragraph N at index N-1)."""
    lines = text.splitlines()
    blocks = _block_starts(lines)
    return numbered_starts(lines, blocks) or blocks


def paragraph_line(text: str, paragraph: int) -> int | None:
    """The 0-based line where the 1-based ``paragraph`` starts, or None if there is none."""
    starts = paragraph_starts(text)
    return starts[paragraph - 1] if 1 <= paragraph <= len(starts) else None


@dataclass(frozen=True)
class DocumentText:
    """The readable text of a file: a PDF's pages, or one text (``pages`` of one item)."""

    kind: ContentKind
    pages: tuple[str, ...] = ()
    readable: bool = True  # False: a PDF whose text cannot be read, or an image
    _paragraphs: list[tuple[int, int]] = field(default_factory=list, compare=False, repr=False)

    @property
    def page_count(self) -> int:
        return len(self.pages) if self.kind == "pdf" else 0

    def paragraph_places(self) -> list[tuple[int, int]]:
        """(0-based page, 0-based line) where each paragraph starts, paragraph 1 first."""
        if not self._paragraphs and self.readable:
            self._paragraphs.extend(_places(self))
        return self._paragraphs

    def paragraph_page(self, paragraph: int) -> int | None:
        """The 1-based page that holds the start of ``paragraph`` (a PDF), or None."""
        places = self.paragraph_places()
        if self.kind != "pdf" or not 1 <= paragraph <= len(places):
            return None
        return places[paragraph - 1][0] + 1

    def paragraphs_text(self, first: int, last: int | None = None) -> str | None:
        """The text of paragraphs ``first`` to ``last`` (inclusive), or None if not there."""
        places = self.paragraph_places()
        last = last or first
        if not 1 <= first <= last or last > len(places):
            return None
        lines = [
            (p, i, line)
            for p, page in enumerate(self.pages)
            for i, line in enumerate(page.splitlines())
        ]
        index = {(p, i): k for k, (p, i, _) in enumerate(lines)}
        begin = index[places[first - 1]]
        end = index[places[last]] if last < len(places) else len(lines)
        return "\n".join(line for _, _, line in lines[begin:end])

    def pages_text(self, first: int, last: int | None = None) -> str | None:
        """The text of 1-based pages ``first`` to ``last`` of a PDF, or None if not there."""
        last = last or first
        if self.kind != "pdf" or not 1 <= first <= last or last > len(self.pages):
            return None
        return "\n".join(self.pages[first - 1 : last])

    def whole_text(self) -> str:
        return "\n".join(self.pages)


def _places(doc: DocumentText) -> list[tuple[int, int]]:
    if doc.kind == "text":
        return [(0, line) for line in paragraph_starts(doc.pages[0] if doc.pages else "")]
    lines = [
        (p, i, line) for p, page in enumerate(doc.pages) for i, line in enumerate(page.splitlines())
    ]
    starts = numbered_starts([line for _, _, line in lines])
    return [(lines[k][0], lines[k][1]) for k in starts]


def read_document(data: bytes, name: str = "") -> DocumentText | None:
    """The text of a file Casetrail can show, or None for one it cannot (audio, a program)."""
    kind = content_kind(data, name)
    if kind == "pdf":
        pages = page_texts(data)
        return DocumentText("pdf", tuple(pages or ()), readable=pages is not None)
    if kind == "text":
        return DocumentText("text", (shown_text(data, name),))
    if kind == "image":
        return DocumentText("image", (), readable=False)
    return None


def normalise(text: str) -> str:
    """Text with every run of whitespace made one space (line breaks do not matter)."""
    return " ".join(text.split())


def contains_quote(text: str, quote: str) -> bool:
    """True when ``quote`` appears in ``text``, word for word (whitespace aside)."""
    wanted = normalise(quote)
    return bool(wanted) and wanted in normalise(text)
