"""The demo case (survivors v. Salesforce, about Backpage), built from ``db/seed/``.

The seed is a Casetrail JSON document; its research memo is plain text in the seed folder,
rendered to a PDF and stored inside the case when the case is built, so that its citations
open at a page with no network and no other file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.interchange.casejson_document import read_document
from app.interchange.casejson_import import import_document
from app.interchange.textpdf import text_pdf
from app.paths import seed_dir
from app.store.case import Case

DEMO_FILE = "demo.json"


def demo_document() -> dict[str, Any]:
    return read_document((seed_dir() / DEMO_FILE).read_text(encoding="utf-8"))


def _seed_file(source: dict[str, Any]) -> tuple[bytes, str, str] | None:
    name = source.get("seed_file")
    if not name:
        return None
    text = (seed_dir() / name).read_text(encoding="utf-8")
    pdf = text_pdf(text.split("\f"), title=source.get("title", ""))
    return pdf, "application/pdf", Path(name).with_suffix(".pdf").name


def build_demo(path: str | os.PathLike[str]) -> Case:
    """Write the demo case to ``path`` (which must not exist yet) and return it open."""
    doc = demo_document()
    title = doc["case"]["title"]

    def populate(case: Case) -> None:
        import_document(case, doc, file_loader=_seed_file, adopt_title=True)

    return Case.create(
        path, title=title, day_first=bool(doc["case"].get("day_first")), populate=populate
    )
