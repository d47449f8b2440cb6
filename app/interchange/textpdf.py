"""A small writer of plain-text PDF documents (one Helvetica font, one text block a page).

Used to render the demo case's documents (with page stamps and numbered lines) without Qt, so
that ``casetrail demo`` runs anywhere. Text is encoded as WinAnsi; characters it cannot carry
become ``?``.
"""

from __future__ import annotations

import zlib

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
MARGIN, FONT_SIZE, LEADING = 72, 11, 15


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[str], stamp: str = "", line_numbers: bool = False) -> bytes:
    out = [
        b"BT",
        f"/F1 {FONT_SIZE} Tf {LEADING} TL".encode(),
        f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td".encode(),
    ]
    for line in lines:
        out.append(b"(" + _escape(line) + b") Tj T*")
    out.append(b"ET")
    if line_numbers and lines:  # numbered lines in the left margin, as on pleading paper
        out += [
            b"BT",
            f"/F1 {FONT_SIZE - 2} Tf {LEADING} TL".encode(),
            f"{MARGIN - 30} {PAGE_HEIGHT - MARGIN} Td".encode(),
        ]
        out += [b"(%d) Tj T*" % number for number in range(1, len(lines) + 1)]
        out.append(b"ET")
    if stamp:  # a page stamp (a Bates number) at the foot of the page, on the right
        x = PAGE_WIDTH - MARGIN - 6 * len(stamp)
        out += [b"BT", f"/F1 {FONT_SIZE - 1} Tf {x} {MARGIN // 2} Td".encode()]
        out += [b"(" + _escape(stamp) + b") Tj", b"ET"]
    return b"\n".join(out)


def text_pdf(
    pages: list[str],
    *,
    title: str = "",
    stamps: list[str] | None = None,
    line_numbers: bool = False,
) -> bytes:
    """A PDF with one page per string; lines are kept as given (no wrapping). ``stamps``
    puts a stamp (such as a Bates number) at the foot of each page; ``line_numbers``
    numbers each page's lines in the left margin."""
    if not pages:
        pages = [""]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for number, text in enumerate(pages):
        stamp = stamps[number] if stamps and number < len(stamps) else ""
        stream = zlib.compress(_content(text.splitlines(), stamp, line_numbers))
        content = add(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_obj, PAGE_WIDTH, PAGE_HEIGHT, font, content)
            )
        )
    info = add(b"<< /Title (" + _escape(title) + b") /Producer (Casetrail) >>")
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = (
        b"<< /Type /Pages /Count %d /Kids [" % len(kids)
        + b" ".join(b"%d 0 R" % k for k in kids)
        + b"] >>"
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
