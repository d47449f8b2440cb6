"""Benchmark: opening a cited page of a long PDF with its quote marked, offscreen.

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_viewer.py [--pages 500] [--runs 5]

Builds a PDF of ``--pages`` pages of numbered lines (``app.interchange.textpdf``), cites a
quote on its last page, and times, after the file's SHA-256 is checked: loading it in
QPdfDocument alone (the floor), and ``SourceViewer.show_document`` at that page with the
quote found in the page's text layer, marked and scrolled to. Prints the medians and their
ratio; the target is under 0.5 s.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain.citations import Pinpoint  # noqa: E402
from app.interchange.textpdf import text_pdf  # noqa: E402
from app.ui.source_viewer import SourceViewer  # noqa: E402


def build(pages: int) -> bytes:
    texts = [
        "\n".join(
            f"Page {p} line {n}: the witness described meeting {p * 31 + n}." for n in range(1, 26)
        )
        for p in range(1, pages + 1)
    ]
    texts[-1] += "\nThe cited quote: Salesforce built the custom database in 2013."
    return text_pdf(texts, title="Bench")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    data = build(args.pages)
    digest = hashlib.sha256(data).hexdigest()
    quote = "Salesforce built the custom database in 2013"
    floors, opens = [], []
    for _ in range(args.runs):
        assert hashlib.sha256(data).hexdigest() == digest  # verified before either is timed
        started = time.perf_counter()
        document = QPdfDocument()
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        assert document.pageCount() == args.pages
        floors.append(time.perf_counter() - started)
        document.close()
        viewer = SourceViewer()
        viewer.resize(800, 1000)
        viewer.show()
        app.processEvents()
        started = time.perf_counter()
        pin = Pinpoint("page", page=args.pages)
        assert viewer.show_document(data, name="bench.pdf", pinpoint=pin, quote=quote)
        opens.append(time.perf_counter() - started)
        result = viewer.quote_bar.result
        assert result is not None and result.at_pinpoint, "the quote was not marked"
        viewer.close()
        viewer.deleteLater()
        app.processEvents()
    floor, shown = statistics.median(floors), statistics.median(opens)
    print(f"pages {args.pages}  QPdfDocument load {floor * 1000:.1f} ms  ", end="")
    print(f"open at page + mark quote {shown * 1000:.1f} ms  ratio {shown / floor:.2f}")
    print("target: under 500 ms", "OK" if shown < 0.5 else "MISSED")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
