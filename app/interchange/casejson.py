"""Casetrail JSON: the case as one reviewable document, with its ids.

The demo case in ``db/seed/demo.json`` is written in this format. Dates may be given as the
text a person wrote ("December 2016") or as the full record an export writes
(``{"text", "precision", "qualifier", "earliest", "latest", ...}``). A document is checked
completely before anything is written, and then written in one transaction.

:func:`export_document` writes the lossless form: every id, every date as its full record,
entities with their roles, citations with pinpoint, quote and stance, sources with all their
fields, and (unless ``include_files=False``) the files stored inside the case, base64-encoded
in a ``files`` list. Exporting, importing into a new case and exporting again gives the same
document.

The document's envelope is in :mod:`app.interchange.casejson_document` and importing in
:mod:`app.interchange.casejson_import`; ``DocumentError``, ``read_document`` and
``import_document`` are also imported from here.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from app.domain.records import EventFilter
from app.interchange.atomic import write_text_atomically
from app.interchange.casejson_document import (
    FORMAT,
    VERSION,
    DocumentError,
    guess_media_type,
    read_document,
)
from app.interchange.casejson_import import import_document
from app.interchange.output_policy import PRIVILEGED, OutputPolicy, policy_of
from app.store.case import Case
from app.store.imported_history import history_rows
from app.store.stories import stories_of

__all__ = [
    "DocumentError",
    "dumps",
    "export_document",
    "import_document",
    "read_document",
    "write_json",
]


def export_document(
    case: Case, *, include_files: bool = True, include_history: bool = False
) -> dict[str, Any]:
    """The whole case as a Casetrail JSON document (lossless; ids kept).

    Lists are in id order. The event version counter and citation positions are not
    exported (citations are listed in their order). The saved views travel in
    ``saved_views`` and the stories in ``stories`` (when there are any); with
    ``include_history`` (as the export writes it) the audit log travels in ``history``
    (each row with its hashes, so that an import can verify the chain and
    keep it as the history of this case). With
    ``include_files`` the files stored inside the case travel base64-encoded.
    """
    with case.reading():  # one consistent snapshot, whatever another program writes
        doc = _export_document(case, include_files=include_files)
        if include_history:
            rows = history_rows(getattr(case, "_case", case))  # as recorded, hashes and all
            if history_may_travel(policy_of(case), rows):
                doc["history"] = rows
        return doc


def history_may_travel(policy: OutputPolicy, rows: list[dict[str, Any]]) -> bool:
    """The history is the audit log as recorded (its hashes forbid editing it): it travels
    unless the output uses pseudonyms (it names the real people) or leaves privileged notes
    out while some of its rows hold one."""
    if policy.use_pseudonyms:
        return False
    if policy.include_privileged:
        return True
    return not any(_holds_note(row.get(k, "")) for row in rows for k in ("old", "new"))


def _holds_note(values: str) -> bool:
    if "privileged_note" not in values:
        return False
    try:
        found = json.loads(values)
    except ValueError:
        return True
    return isinstance(found, dict) and bool(found.get("privileged_note"))


def _export_document(case: Case, *, include_files: bool) -> dict[str, Any]:
    policy = policy_of(case)

    def privileged(record: Any) -> dict[str, str]:
        note = record.privileged_note
        return {"privileged_note": note} if policy.include_privileged and note else {}

    sources = sorted(case.sources(), key=lambda s: s.id)
    files: list[dict[str, Any]] = []
    seen_files: set[str] = set()
    if include_files:
        for s in sources:
            if s.file_stored and s.file_sha256 and s.file_sha256 not in seen_files:
                data = case.file_data(s.file_sha256)
                if data is None:
                    continue
                seen_files.add(s.file_sha256)
                files.append(
                    {
                        "sha256": s.file_sha256,
                        "size": len(data),
                        "media_type": guess_media_type({"file_path": s.file_path}),
                        "original_name": Path(s.file_path).name if s.file_path else "",
                        "data": base64.b64encode(data).decode("ascii"),
                    }
                )
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "case": {
            "title": case.title,
            "day_first": case.day_first,
            "time_zone": case.date_settings.time_zone,
            "southern_hemisphere": case.date_settings.southern,
        },
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "kind": e.kind,
                "description": e.description,
                "colour": e.colour,
                "pseudonym": e.pseudonym,
            }
            for e in sorted(case.entities(), key=lambda e: e.id)
        ],
        "tags": [
            {"id": t.id, "name": t.name, "colour": t.colour, "description": t.description}
            for t in sorted(case.tags(), key=lambda t: t.id)
        ],
        "sources": [
            {
                "id": s.id,
                "kind": s.kind,
                "title": s.title,
                "author": s.author,
                "publisher": s.publisher,
                "date_text": s.date_text,
                "url": s.url,
                "file_path": s.file_path,
                "file_sha256": s.file_sha256,
                "file_size": s.file_size,
                "file_stored": s.file_stored,
                "bates_start": s.bates_start,
                "bates_end": s.bates_end,
                "exhibit": s.exhibit,
                "notes": s.notes,
            }
            for s in sources
        ],
        "eras": [
            {
                "id": era.id,
                "name": era.name,
                "start": era.start.to_record(),
                "end": era.end.to_record(),
                "colour": era.colour,
            }
            for era in sorted(case.eras(), key=lambda era: era.id)
        ],
        "events": [
            {
                "id": ev.id,
                "title": ev.title,
                "description": ev.description,
                "start": ev.start.to_record() if ev.start is not None else None,
                "end": ev.end.to_record() if ev.end is not None else None,
                "status": ev.status,
                "key_fact": ev.key_fact,
                "lane": ev.lane,
                "tags": list(ev.tags),
                "entities": [
                    {"id": link.entity_id, "name": link.name, "role": link.role}
                    for link in ev.entities
                ],
                "citations": [
                    {
                        "id": c.id,
                        "source_id": c.source_id,
                        "pinpoint": c.pinpoint,
                        "quote": c.quote,
                        "stance": c.stance,
                        **privileged(c),
                    }
                    for c in ev.citations
                ],
                **privileged(ev),
            }
            for ev in sorted(case.events(EventFilter()), key=lambda ev: ev.id)
        ],
    }
    if policy.include_privileged:
        doc = {"privileged": PRIVILEGED, **doc}
    if files:
        doc["files"] = files
    doc["saved_views"] = [
        {"id": v.id, "name": v.name, "filter": v.filter.to_dict()}
        | ({"pseudonyms": True} if v.pseudonyms else {})
        for v in sorted(case.saved_views(), key=lambda v: v.id)
    ]
    stories = sorted(stories_of(case).all(), key=lambda s: s.id)
    if stories:
        doc["stories"] = [
            {
                "id": s.id,
                "name": s.name,
                "introduction": s.introduction,
                "steps": [{"event": p.event_id, "commentary": p.commentary} for p in s.steps],
            }
            | ({"pseudonyms": True} if s.pseudonyms else {})
            for s in stories
        ]
    return doc


def dumps(doc: dict[str, Any]) -> str:
    """The document as UTF-8-safe, reviewable JSON text (stable key order, indented)."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_json(case: Case, path: str | os.PathLike[str], *, include_files: bool = True) -> None:
    """Export ``case`` to ``path`` atomically: a failed export leaves the old file as it was."""
    doc = export_document(case, include_files=include_files, include_history=True)
    write_text_atomically(Path(path), dumps(doc))
