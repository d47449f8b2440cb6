"""The demo case (survivors v. Salesforce, about Backpage), built from ``db/seed/``.

The seed is a Casetrail JSON document. Its source documents were written for the demo
(each says in its own text that it is an illustrative summary of the public record, not
the news report or the complaint) and are kept as text in ``resources/demo/``. When the
case is built each is rendered (a PDF with a page per form feed, optionally with numbered
lines and a Bates stamp on every page counted from the source's ``bates_start``, or the
text itself) and stored inside the case, hashed, so that every citation opens at its page or
paragraph with no network and no other file.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from app.interchange.casejson_document import read_document
from app.interchange.casejson_import import import_document
from app.interchange.textpdf import text_pdf
from app.paths import resources_dir, seed_dir
from app.store.case import Case

DEMO_FILE = "demo.json"


def demo_document() -> dict[str, Any]:
    """The demo case's document; its sources may name a ``seed_file`` (a text the demo turns
    into a stored document) and how to render it (``seed_*``), which are not part of
    Casetrail JSON and are set aside for the check."""
    text = (seed_dir() / DEMO_FILE).read_text(encoding="utf-8")
    doc = json.loads(text)
    seeds = []
    for source in doc.get("sources", []):
        keys = [k for k in source if k.startswith("seed_")]
        seeds.append((source, {k: source.pop(k) for k in keys}))
    read_document(json.dumps(doc))  # the format, version and schema checks
    for source, extra in seeds:
        source.update(extra)
    return doc  # type: ignore[no-any-return]


def demo_documents_dir() -> Path:
    """The folder of the demo's source documents (as text)."""
    return resources_dir() / "demo"


def bates_stamps(start: str, count: int) -> list[str]:
    """``count`` page stamps from ``start`` ("DEMO-000001"), prefix and width kept."""
    match = re.fullmatch(r"(.*?)(\d+)", start.strip())
    if not match:
        return []
    prefix, digits = match.groups()
    return [f"{prefix}{int(digits) + i:0{len(digits)}d}" for i in range(count)]


def seed_file(source: dict[str, Any]) -> tuple[bytes, str, str] | None:
    """The bytes, media type and name of a demo source's document, or None if it has none."""
    name = source.get("seed_file")
    if not name:
        return None
    text = (demo_documents_dir() / name).read_text(encoding="utf-8")
    if source.get("seed_render", "pdf") == "text":
        return text.encode("utf-8"), "text/plain", name
    pages = text.split("\f")
    stamps = bates_stamps(source.get("bates_start", ""), len(pages))
    pdf = text_pdf(
        pages,
        title=source.get("title", ""),
        stamps=stamps,
        line_numbers=bool(source.get("seed_line_numbers")),
    )
    return pdf, "application/pdf", Path(name).with_suffix(".pdf").name


def build_demo(path: str | os.PathLike[str]) -> Case:
    """Write the demo case to ``path`` (which must not exist yet) and return it open."""
    doc = demo_document()
    title = doc["case"]["title"]

    def populate(case: Case) -> None:
        import_document(case, doc, file_loader=seed_file, adopt_title=True)

    return Case.create(
        path, title=title, day_first=bool(doc["case"].get("day_first")), populate=populate
    )
