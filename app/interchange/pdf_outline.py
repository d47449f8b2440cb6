"""Bookmarks (the PDF outline) added to a finished PDF by an incremental update.

Qt's ``QPdfWriter`` writes no outline. :func:`add_outline` appends to the file, after its
``%%EOF``, the outline objects, a new version of the document catalog that points to them
(``/Outlines``, ``/PageMode /UseOutlines``) and a cross-reference section whose trailer
names the previous one (``/Prev``): the standard way to amend a PDF (ISO 32000-1, 7.5.6).
The bytes already written are kept exactly as they were.

It reads only what it needs: the cross-reference tables (classic ``xref`` tables, as
``QPdfWriter`` writes; earlier ones through ``/Prev``), the trailer, the catalog and the
page tree. A PDF it does not
understand (a cross-reference stream, a broken table) raises :class:`OutlineError` rather
than being guessed at. Titles are written as UTF-16 hex strings, so no title can break the
syntax. No Qt here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Bookmark", "OutlineError", "add_outline"]


class OutlineError(ValueError):
    """The PDF's structure is not one this module can amend."""


@dataclass
class Bookmark:
    """One outline entry: its title, the 0-based page it opens, and entries under it."""

    title: str
    page: int
    children: list[Bookmark] = field(default_factory=list)


_REF = re.compile(rb"(\d+)\s+(\d+)\s+R")


def _section(data: bytes, start: int) -> tuple[bytes, dict[int, int]]:
    """The xref section at ``start``: its trailer dictionary and the object offsets."""
    if not data.startswith(b"xref", start):
        raise OutlineError("the cross-reference is not a classic xref table")
    end = data.find(b"trailer", start)
    if end < 0:
        raise OutlineError("no trailer")
    offsets: dict[int, int] = {}
    lines = data[start + 4 : end].split()
    k = 0
    try:
        while k < len(lines):
            first, count = int(lines[k]), int(lines[k + 1])
            k += 2
            for n in range(count):
                offset, kind = int(lines[k]), lines[k + 2]
                if kind == b"n":
                    offsets[first + n] = offset
                k += 3
    except (IndexError, ValueError):
        raise OutlineError("the xref table cannot be read") from None
    close = data.find(b">>", end)
    opening = data.find(b"<<", end)
    # the trailer's dictionary holds no nested dictionary in the PDFs amended here
    if opening < 0 or close < 0 or data.find(b"<<", opening + 2, close) >= 0:
        raise OutlineError("the trailer cannot be read")
    return data[opening + 2 : close], offsets


def _trailer(data: bytes) -> tuple[int, bytes, dict[int, int]]:
    """(offset of the last xref section, its trailer dictionary, the offsets of every object
    in it and in the sections before it, following ``/Prev``; a newer entry wins)."""
    at = data.rfind(b"startxref")
    match = re.match(rb"startxref\s+(\d+)", data[at:]) if at >= 0 else None
    if match is None:
        raise OutlineError("no startxref")
    last = int(match.group(1))
    trailer, offsets = _section(data, last)
    seen, prev = {last}, re.search(rb"/Prev\s+(\d+)", trailer)
    while prev is not None:
        start = int(prev.group(1))
        if start in seen or len(seen) > 64:
            raise OutlineError("the /Prev chain of the xref sections loops")
        seen.add(start)
        older, more = _section(data, start)
        for number, offset in more.items():
            offsets.setdefault(number, offset)
        prev = re.search(rb"/Prev\s+(\d+)", older)
    return last, trailer, offsets


def _object(data: bytes, offsets: dict[int, int], number: int) -> bytes:
    """The body of object ``number`` (between ``obj`` and ``endobj``)."""
    if number not in offsets:
        raise OutlineError(f"object {number} is not in the xref table")
    at = offsets[number]
    head = re.match(rb"\s*(\d+)\s+(\d+)\s+obj", data[at : at + 40])
    if head is None or int(head.group(1)) != number:
        raise OutlineError(f"object {number} is not where the xref table says")
    body_start = at + head.end()
    end = data.find(b"endobj", body_start)
    if end < 0:
        raise OutlineError(f"object {number} has no end")
    return data[body_start:end].strip()


def _ref(dictionary: bytes, key: bytes) -> int:
    match = re.search(rb"/" + key + rb"\s+(\d+)\s+(\d+)\s+R", dictionary)
    if match is None:
        raise OutlineError(f"no /{key.decode()} reference")
    return int(match.group(1))


def _pages(data: bytes, offsets: dict[int, int], number: int, depth: int = 0) -> list[int]:
    """The page objects under page-tree node ``number``, in order."""
    if depth > 32:
        raise OutlineError("the page tree is too deep")
    body = _object(data, offsets, number)
    if re.search(rb"/Type\s*/Page\b(?!s)", body):
        return [number]
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
    if kids is None:
        raise OutlineError(f"page tree node {number} has no /Kids")
    out: list[int] = []
    for kid in _REF.finditer(kids.group(1)):
        out.extend(_pages(data, offsets, int(kid.group(1)), depth + 1))
    return out


def _top(data: bytes, offsets: dict[int, int], page: int) -> bytes:
    """The top edge of ``page`` (from its /MediaBox; 792, a Letter page, when not given)."""
    number = rb"[-\d.]+\s+"
    pattern = rb"/MediaBox\s*\[\s*" + number * 3 + rb"([-\d.]+)"
    box = re.search(pattern, _object(data, offsets, page))
    return box.group(1) if box is not None else b"792"


def _text(title: str) -> bytes:
    """A PDF text string: UTF-16BE with its byte-order mark, in hex."""
    clean = " ".join(title.split())
    return b"<FEFF" + clean.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _without(dictionary: bytes, key: bytes) -> bytes:
    """``dictionary`` less ``/key value`` where the value is a name or a reference."""
    return re.sub(rb"/" + key + rb"\s*(?:/\w+|\d+\s+\d+\s+R)", b"", dictionary)


def add_outline(data: bytes, bookmarks: list[Bookmark]) -> bytes:
    """``data`` with an incremental update that gives it ``bookmarks`` as its outline."""
    if not bookmarks:
        return data
    prev, trailer, offsets = _trailer(data)
    size_match = re.search(rb"/Size\s+(\d+)", trailer)
    if size_match is None:
        raise OutlineError("the trailer has no /Size")
    size = int(size_match.group(1))
    root = _ref(trailer, b"Root")
    catalog = _object(data, offsets, root)
    if not (catalog.startswith(b"<<") and catalog.endswith(b">>")):
        raise OutlineError("the catalog is not a dictionary")
    pages = _pages(data, offsets, _ref(catalog, b"Pages"))

    # number the outline objects: the root, then every entry depth-first
    flat: list[tuple[Bookmark, int, int]] = []  # entry, its number, its parent's number

    def number(items: list[Bookmark], parent: int) -> None:
        for item in items:
            flat.append((item, size + 1 + len(flat), parent))
            number(item.children, flat[-1][1])

    outline_root = size
    number(bookmarks, outline_root)
    ids = {id(item): n for item, n, _ in flat}

    def siblings(items: list[Bookmark]) -> dict[int, tuple[int | None, int | None]]:
        return {
            id(item): (
                ids[id(items[k - 1])] if k else None,
                ids[id(items[k + 1])] if k + 1 < len(items) else None,
            )
            for k, item in enumerate(items)
        }

    links: dict[int, tuple[int | None, int | None]] = {}

    def walk(items: list[Bookmark]) -> None:
        links.update(siblings(items))
        for item in items:
            walk(item.children)

    walk(bookmarks)

    def count(items: list[Bookmark]) -> int:
        return sum(1 + count(item.children) for item in items)

    objects: list[tuple[int, bytes]] = []
    objects.append(
        (
            outline_root,
            b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
            % (ids[id(bookmarks[0])], ids[id(bookmarks[-1])], count(bookmarks)),
        )
    )
    for item, n, parent in flat:
        if not 0 <= item.page < len(pages):
            raise OutlineError(f"bookmark {item.title!r}: page {item.page + 1} is not in the PDF")
        parts = [b"<< /Title " + _text(item.title), b"/Parent %d 0 R" % parent]
        before, after = links[id(item)]
        if before is not None:
            parts.append(b"/Prev %d 0 R" % before)
        if after is not None:
            parts.append(b"/Next %d 0 R" % after)
        if item.children:
            parts.append(
                b"/First %d 0 R /Last %d 0 R /Count -%d"
                % (ids[id(item.children[0])], ids[id(item.children[-1])], count(item.children))
            )
        top = _top(data, offsets, pages[item.page])
        parts.append(b"/Dest [%d 0 R /XYZ 0 %s 0] >>" % (pages[item.page], top))
        objects.append((n, b" ".join(parts)))
    new_catalog = _without(_without(catalog[:-2], b"Outlines"), b"PageMode")
    new_catalog += b" /Outlines %d 0 R /PageMode /UseOutlines >>" % outline_root
    objects.append((root, new_catalog))

    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    where: dict[int, int] = {}
    for n, body in objects:
        where[n] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref_at = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    numbers = sorted(where)
    k = 0
    while k < len(numbers):  # one subsection per run of consecutive numbers
        j = k
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        out += b"%d %d\n" % (numbers[k], j - k + 1)
        for n in numbers[k : j + 1]:
            out += b"%010d 00000 n \n" % where[n]
        k = j + 1
    kept = [
        m.group(0)
        for key in (b"Info", b"ID")
        for m in [re.search(rb"/" + key + rb"\s*(\[[^\]]*\]|\d+\s+\d+\s+R)", trailer)]
        if m is not None
    ]
    new_size = max(size, outline_root + 1 + len(flat))
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d " % (new_size, root, prev)
    out += b" ".join(kept) + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
