"""The text of each page of a simple PDF, without Qt and without a PDF library.

Enough to check a citation's quote against the page it cites and to find a numbered
paragraph's page in the PDFs Casetrail writes (``app.interchange.textpdf``) and in other plain
PDFs: objects in the open (not in object streams), page trees, content streams stored raw or
Flate-compressed, and text shown with ``Tj``, ``TJ``, ``'`` and ``"`` in a single-byte
(WinAnsi) encoding. ``page_texts`` returns None when it cannot read the document, so a caller
can say "cannot tell" instead of "not there".
"""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_REF = rb"(\d{1,10})\s+\d{1,5}\s+R"
_ROOT = re.compile(rb"/Root\s+" + _REF)
_PAGES = re.compile(rb"/Pages\s+" + _REF)
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_REFS = re.compile(_REF)
_CONTENTS_ONE = re.compile(rb"/Contents\s+" + _REF)
_CONTENTS_MANY = re.compile(rb"/Contents\s*\[([^\]]*)\]")
_TYPE_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_FILTER = re.compile(rb"/Filter\s*\[?\s*/(\w+)")
_WORD = re.compile(rb"[^\s()<>\[\]{}/%]+|.", re.S)
_NEWLINE_OPS = {b"T*", b"Td", b"TD", b"Tm", b"ET", b"BT"}
_ESCAPES = {
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("b"): b"\b",
    ord("f"): b"\f",
}
MAX_PAGES = 10_000


def page_texts(data: bytes) -> list[str] | None:
    """The text of every page, in page order; None if the PDF cannot be read this way."""
    if b"/Identity-H" in data or b"/Type0" in data:
        return None  # composite fonts: the shown bytes are glyph ids, not text
    try:
        objects = _objects(data)
        root = _last(_ROOT, data)
        if root is None or root not in objects:
            return None
        pages_ref = _PAGES.search(objects[root])
        if pages_ref is None:
            return None
        pages: list[bytes] = []
        _walk(objects, int(pages_ref.group(1)), pages, set())
        if not pages:
            return None
        return [_page_text(objects, page) for page in pages]
    except (ValueError, zlib.error, RecursionError):
        return None


def _last(pattern: re.Pattern[bytes], data: bytes) -> int | None:
    found = None
    for match in pattern.finditer(data):
        found = int(match.group(1))
    return found


def _objects(data: bytes) -> dict[int, bytes]:
    """Each object's body (from after ``obj`` to before ``endobj``); the last one wins."""
    heads = list(_OBJ.finditer(data))
    objects: dict[int, bytes] = {}
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(data)
        body = data[head.end() : end]
        cut = body.rfind(b"endobj")
        objects[int(head.group(1))] = body[:cut] if cut >= 0 else body
    return objects


def _walk(objects: dict[int, bytes], number: int, out: list[bytes], seen: set[int]) -> None:
    if number in seen or number not in objects or len(out) >= MAX_PAGES:
        return
    seen.add(number)
    body = objects[number]
    dictionary = _dictionary(body)
    kids = _KIDS.search(dictionary)
    if kids is not None and not _TYPE_PAGE.search(dictionary):
        for ref in _REFS.finditer(kids.group(1)):
            _walk(objects, int(ref.group(1)), out, seen)
    elif _TYPE_PAGE.search(dictionary):
        out.append(dictionary)


def _dictionary(body: bytes) -> bytes:
    cut = body.find(b"stream")
    return body[:cut] if cut >= 0 else body


def _stream(body: bytes) -> bytes | None:
    start = body.find(b"stream")
    end = body.rfind(b"endstream")
    if start < 0 or end < start:
        return None
    raw = body[start + len(b"stream") : end]
    raw = raw[2:] if raw.startswith(b"\r\n") else raw[1:] if raw.startswith(b"\n") else raw
    dictionary = body[:start]
    kind = _FILTER.search(dictionary)
    if kind is None:
        return raw.rstrip(b"\r\n")
    if kind.group(1) != b"FlateDecode":
        return None
    return zlib.decompressobj().decompress(raw)


def _page_text(objects: dict[int, bytes], page: bytes) -> str:
    refs: list[int] = []
    many = _CONTENTS_MANY.search(page)
    if many is not None:
        refs = [int(r.group(1)) for r in _REFS.finditer(many.group(1))]
    else:
        one = _CONTENTS_ONE.search(page)
        if one is not None:
            target = objects.get(int(one.group(1)), b"")
            inner = re.fullmatch(rb"\s*\[([^\]]*)\]\s*", target)  # an indirect array
            if inner is not None:
                refs = [int(r.group(1)) for r in _REFS.finditer(inner.group(1))]
            else:
                refs = [int(one.group(1))]
    parts = []
    for ref in refs:
        content = _stream(objects.get(ref, b""))
        if content is not None:
            parts.append(_show_text(content))
    return "\n".join(parts)


def _show_text(content: bytes) -> str:
    """The strings a content stream shows, a line break for each text move."""
    out: list[bytes] = []
    operands: list[bytes | list[bytes]] = []
    array: list[bytes] | None = None
    i, n = 0, len(content)
    while i < n:
        c = content[i]
        if c == ord("("):
            text, i = _literal(content, i)
            (array if array is not None else operands).append(text)  # type: ignore[arg-type]
            continue
        if c == ord("<") and content[i + 1 : i + 2] != b"<":
            end = content.find(b">", i)
            if end < 0:
                break
            hexed = re.sub(rb"\s", b"", content[i + 1 : end])
            text = bytes.fromhex((hexed + b"0" * (len(hexed) % 2)).decode("ascii"))
            (array if array is not None else operands).append(text)  # type: ignore[arg-type]
            i = end + 1
            continue
        if c == ord("["):
            array = []
            i += 1
            continue
        if c == ord("]"):
            operands.append(array or [])
            array = None
            i += 1
            continue
        if c in b" \t\r\n\f\x00":
            i += 1
            continue
        match = _WORD.match(content, i)
        assert match is not None
        word = match.group(0)
        i = match.end()
        if word in (b"Tj", b"'", b'"'):
            if word != b"Tj":
                out.append(b"\n")
            out.extend(o for o in operands[-1:] if isinstance(o, bytes))
            operands = []
        elif word == b"TJ":
            for item in operands[-1:]:
                if isinstance(item, list):
                    out.append(b"".join(item))
            operands = []
        elif word in _NEWLINE_OPS:
            out.append(b"\n")
            operands = []
        elif word.isalpha() or word in (b"'", b'"'):
            operands = []
    shown = b"".join(out).decode("cp1252", errors="replace")
    return re.sub(r"\n{2,}", "\n", shown.replace("\r", "\n")).strip("\n")


def _literal(content: bytes, start: int) -> tuple[bytes, int]:
    """A ``( ... )`` string from ``start``: its bytes and the index after it."""
    out = bytearray()
    depth, i, n = 0, start, len(content)
    while i < n:
        c = content[i]
        if c == ord("\\") and i + 1 < n:
            nxt = content[i + 1]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
            elif ord("0") <= nxt <= ord("7"):
                octal = re.match(rb"[0-7]{1,3}", content[i + 1 : i + 4])
                assert octal is not None
                out.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
            elif nxt in b"\r\n":
                i += 3 if content[i + 1 : i + 3] == b"\r\n" else 2
            else:
                out.append(nxt)
                i += 2
            continue
        if c == ord("("):
            depth += 1
            if depth > 1:
                out.append(c)
        elif c == ord(")"):
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    return bytes(out), n
