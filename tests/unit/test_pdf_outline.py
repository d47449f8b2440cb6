"""PDF bookmarks by incremental update: the original bytes kept, a nested page tree, any
title, a second update on top of the first, read back by QtPdf (an independent reader)."""

from __future__ import annotations

import pytest

from app.interchange.pdf_outline import Bookmark, OutlineError, add_outline


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a classic xref table; 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _nested_two_pages() -> bytes:
    page = b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 300 400] /Contents 6 0 R >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /PageMode /UseNone >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 5 0 R] /Count 2 >>",
            page,
            page,
            b"<< /Length 0 >>\nstream\n\nendstream",
        ]
    )


def _read_back(data: bytes) -> list[tuple[int, str, int]]:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QModelIndex, Qt
    from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready and document.pageCount() == 2
    model = QPdfBookmarkModel()
    model.setDocument(document)
    out: list[tuple[int, str, int]] = []

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append(
                (
                    depth,
                    index.data(Qt.ItemDataRole.DisplayRole),
                    index.data(int(QPdfBookmarkModel.Role.Page)),
                )
            )
            walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return out


def test_outline_on_a_nested_page_tree(qapp) -> None:  # type: ignore[no-untyped-def]
    original = _nested_two_pages()
    title = "Exhibit \u00e9 \u2014 \u201cquoted\u201d (a) \\ ) <b> \U0001f4c4"
    marked = add_outline(original, [Bookmark("List", 0), Bookmark(title, 1, [Bookmark("p. 2", 1)])])
    assert marked.startswith(original)  # an incremental update: nothing rewritten
    assert b"/PageMode /UseOutlines" in marked[len(original) :]
    assert _read_back(marked) == [(0, "List", 0), (0, title, 1), (1, "p. 2", 1)]
    # a second update on top of the first replaces the outline
    again = add_outline(marked, [Bookmark("Only", 1)])
    assert again.startswith(marked) and _read_back(again) == [(0, "Only", 1)]


def test_what_it_cannot_amend_is_refused() -> None:
    with pytest.raises(OutlineError):
        add_outline(b"%PDF-1.4\nnot a pdf", [Bookmark("x", 0)])
    with pytest.raises(OutlineError, match="page 3 is not in the PDF"):
        add_outline(_nested_two_pages(), [Bookmark("x", 2)])
    stream_xref = _nested_two_pages().replace(b"\nxref\n", b"\nXREF\n")
    with pytest.raises(OutlineError, match="not a classic xref table"):
        add_outline(stream_xref, [Bookmark("x", 0)])
    assert add_outline(b"anything", []) == b"anything"
