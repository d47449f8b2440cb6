"""Casetrail JSON: the case as one reviewable document, with its ids.

The demo case in ``db/seed/demo.json`` is written in this format. Dates may be given as the
text a person wrote ("December 2016") or as the full record an export writes
(``{"text", "precision", "qualifier", "earliest", "latest", ...}``). A document is checked
completely before anything is written, and then written in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.domain.dates import DateError, FuzzyDate
from app.store.case import Case

FORMAT = "casetrail"
VERSION = 1


class DocumentError(ValueError):
    """The document cannot be imported; ``problems`` lists each one with its location."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")


@dataclass
class _Checker:
    day_first: bool
    problems: list[str] = field(default_factory=list)

    def date(self, value: Any, where: str, *, required: bool = False) -> FuzzyDate | None:
        if value is None or value == "":
            if required:
                self.problems.append(f"{where}: a date is required")
            return None
        try:
            if isinstance(value, dict):
                return FuzzyDate.from_record(value)
            if isinstance(value, str):
                return FuzzyDate.parse(value, day_first=self.day_first)
        except DateError as error:
            self.problems.append(f"{where}: {error}")
            return None
        self.problems.append(f"{where}: a date must be text or a date record")
        return None

    def text(
        self,
        item: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = False,
        limit: int = 100_000,
    ) -> str:
        value = item.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problems.append(f"{where}.{key}: must be text")
            return ""
        if "\x00" in value:
            self.problems.append(f"{where}.{key}: contains a NUL character")
        if len(value) > limit:
            self.problems.append(f"{where}.{key}: longer than {limit} characters")
        if required and not value.strip():
            self.problems.append(f"{where}.{key}: is required")
        return value

    def ident(self, item: dict[str, Any], where: str, seen: set[int]) -> int | None:
        value = item.get("id")
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problems.append(f"{where}.id: must be a positive whole number")
            return None
        if value in seen:
            self.problems.append(f"{where}.id: {value} is used twice")
        seen.add(value)
        return value


def read_document(text: str | bytes) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DocumentError([f"not valid JSON ({error})"]) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DocumentError(['not a Casetrail JSON document (no "format": "casetrail")'])
    if doc.get("version") != VERSION:
        raise DocumentError([f"unsupported Casetrail JSON version {doc.get('version')!r}"])
    return doc


def import_document(
    case: Case,
    doc: dict[str, Any],
    *,
    file_loader: Callable[[dict[str, Any]], tuple[bytes, str, str] | None] | None = None,
) -> None:
    """Check ``doc`` completely, then write all of it into ``case`` in one transaction.

    ``file_loader(source)`` may return ``(data, media_type, name)`` for a source whose file
    is to be stored inside the case.
    """
    chk = _Checker(day_first=bool(doc.get("case", {}).get("day_first", case.day_first)))
    lists = {}
    for key in ("entities", "tags", "sources", "eras", "events"):
        value = doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
            chk.problems.append(f"{key}: must be a list of objects")
            value = []
        lists[key] = value
    seen: dict[str, set[int]] = {k: set() for k in lists}
    seen["citations"] = set()
    for i, e in enumerate(lists["entities"]):
        chk.ident(e, f"entities[{i}]", seen["entities"])
        chk.text(e, "name", f"entities[{i}]", required=True)
    for i, t in enumerate(lists["tags"]):
        chk.ident(t, f"tags[{i}]", seen["tags"])
        chk.text(t, "name", f"tags[{i}]", required=True)
    files: dict[int, tuple[bytes, str, str]] = {}
    for i, s in enumerate(lists["sources"]):
        sid = chk.ident(s, f"sources[{i}]", seen["sources"])
        chk.text(s, "title", f"sources[{i}]", required=True)
        if file_loader is not None and sid is not None:
            loaded = file_loader(s)
            if loaded is not None:
                files[sid] = loaded
    eras = []
    for i, era in enumerate(lists["eras"]):
        chk.ident(era, f"eras[{i}]", seen["eras"])
        chk.text(era, "name", f"eras[{i}]", required=True)
        eras.append(
            (
                era,
                chk.date(era.get("start"), f"eras[{i}].start", required=True),
                chk.date(era.get("end"), f"eras[{i}].end", required=True),
            )
        )
    events = []
    for i, ev in enumerate(lists["events"]):
        where = f"events[{i}]"
        chk.ident(ev, where, seen["events"])
        chk.text(ev, "title", where, required=True)
        chk.text(ev, "description", where)
        start = chk.date(ev.get("start"), f"{where}.start")
        end = chk.date(ev.get("end"), f"{where}.end")
        for j, c in enumerate(ev.get("citations", [])):
            chk.ident(c, f"{where}.citations[{j}]", seen["citations"])
            if c.get("source_id") not in seen["sources"]:
                chk.problems.append(f"{where}.citations[{j}].source_id: no such source")
        for j, link in enumerate(ev.get("entities", [])):
            if link.get("id") not in seen["entities"]:
                chk.problems.append(f"{where}.entities[{j}].id: no such entity")
        events.append((ev, start, end))
    if chk.problems:
        raise DocumentError(chk.problems)

    info = doc.get("case", {})
    with case.batch():
        if info.get("title"):
            case.update_case_info(title=info["title"], day_first=chk.day_first)
        for e in lists["entities"]:
            case.create_entity(
                name=e["name"],
                kind=e.get("kind", "person"),
                description=e.get("description", ""),
                colour=e.get("colour", ""),
                entity_id=e.get("id"),
            )
        for t in lists["tags"]:
            case.create_tag(
                name=t["name"],
                colour=t.get("colour", ""),
                description=t.get("description", ""),
                tag_id=t.get("id"),
            )
        for s in lists["sources"]:
            extra = {
                k: s[k]
                for k in (
                    "author",
                    "publisher",
                    "date_text",
                    "url",
                    "file_path",
                    "bates_start",
                    "bates_end",
                    "exhibit",
                    "notes",
                )
                if k in s
            }
            if s.get("id") in files:
                data, media_type, name = files[s["id"]]
                digest = hashlib.sha256(data).hexdigest()
                case.store_file(
                    sha256=digest,
                    data=data,
                    size=len(data),
                    media_type=media_type,
                    original_name=name,
                )
                extra.update(
                    file_sha256=digest, file_size=len(data), file_stored=True, file_path=name
                )
            case.create_source(
                title=s["title"], kind=s.get("kind", "document"), source_id=s.get("id"), **extra
            )
        for era, start, end in eras:
            case.create_era(
                name=era["name"],
                start=start,
                end=end,  # type: ignore[arg-type]
                colour=era.get("colour", ""),
                era_id=era.get("id"),
            )
        for ev, start, end in events:
            changes = case.create_event(
                title=ev["title"],
                description=ev.get("description", ""),
                start=start,
                end=end,
                status=ev.get("status", "alleged"),
                key_fact=bool(ev.get("key_fact")),
                lane=ev.get("lane"),
                tags=ev.get("tags", []),
                entities=[(link["id"], link.get("role", "")) for link in ev.get("entities", [])],
                event_id=ev.get("id"),
            )
            event_id = changes.created("event")
            for c in ev.get("citations", []):
                case.add_citation(
                    event_id=event_id,
                    source_id=c["source_id"],
                    pinpoint=c.get("pinpoint", ""),
                    quote=c.get("quote", ""),
                    stance=c.get("stance", "supports"),
                    citation_id=c.get("id"),
                )
