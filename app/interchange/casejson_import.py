"""Importing a Casetrail JSON document into a case: every part checked first (dates, texts,
ids, references, carried files), then all of it written in one transaction."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.domain.date_settings import checked_zone
from app.domain.dates import DateError, FuzzyDate
from app.domain.records import EventFilter
from app.domain.stories import StoryStep
from app.interchange.casejson_document import DocumentError, guess_media_type
from app.store.case import Case
from app.store.imported_history import chain_problems, record_imported_history
from app.store.stories import stories_of


@dataclass
class _Checker:
    day_first: bool
    problems: list[str] = field(default_factory=list)
    time_zone: str = "UTC"
    southern: bool = False

    def date(self, value: Any, where: str, *, required: bool = False) -> FuzzyDate | None:
        if value is None or value == "":
            if required:
                self.problems.append(f"{where}: a date is required")
            return None
        try:
            if isinstance(value, dict):
                return FuzzyDate.from_record(value)
            if isinstance(value, str):
                return FuzzyDate.parse(
                    value, day_first=self.day_first, zone=self.time_zone, southern=self.southern
                )
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


def import_document(
    case: Case,
    doc: dict[str, Any],
    *,
    file_loader: Callable[[dict[str, Any]], tuple[bytes, str, str] | None] | None = None,
    adopt_title: bool = False,
) -> None:
    """Check ``doc`` completely, then write all of it into ``case`` in one transaction.

    ``file_loader(source)`` may return ``(data, media_type, name)`` for a source whose file
    is to be stored inside the case. A document read from a file has already been checked
    against the declared JSON Schema (:func:`read_document`); these are the checks a schema
    cannot make (dates, ids, references, files).

    The document's title becomes the case's only with
    ``adopt_title``. Saved views are added (one of the same name is replaced); a carried
    ``history`` is verified link by link and kept as the source case's history.
    """
    given = doc.get("case", {})
    dates = case.date_settings
    chk = _Checker(
        day_first=bool(given.get("day_first", case.day_first)),
        time_zone=str(given.get("time_zone", dates.time_zone)),
        southern=bool(given.get("southern_hemisphere", dates.southern)),
    )
    try:
        chk.time_zone = checked_zone(chk.time_zone)
    except ValueError as error:
        chk.problems.append(f"case.time_zone: {error}")
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
    carried = _check_files(doc.get("files", []), chk.problems)
    files: dict[int, tuple[bytes, str, str]] = {}
    for i, s in enumerate(lists["sources"]):
        sid = chk.ident(s, f"sources[{i}]", seen["sources"])
        chk.text(s, "title", f"sources[{i}]", required=True)
        digest = s.get("file_sha256")
        if digest is not None and not (isinstance(digest, str) and _SHA256.fullmatch(digest)):
            chk.problems.append(f"sources[{i}].file_sha256: must be 64 lowercase hex digits")
        size = s.get("file_size")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            chk.problems.append(f"sources[{i}].file_size: must be a whole number of bytes")
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
    case_entities = {e.id for e in case.entities()}  # links may name the case's own
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
            if link.get("id") not in seen["entities"] | case_entities:
                chk.problems.append(f"{where}.entities[{j}].id: no such entity")
        events.append((ev, start, end))
    views = check_views(doc.get("saved_views", []), chk.problems)
    story_list = check_stories(
        doc.get("stories", []), seen["events"] | set(case.event_ids()), chk.problems
    )
    history = doc.get("history", [])
    chk.problems.extend(chain_problems(history))
    if chk.problems:
        raise DocumentError(chk.problems)

    info = doc.get("case", {})
    with case.batch():
        if history:
            record_imported_history(case, str(info.get("title") or ""), history)
        shown_as = _with_pseudonyms(doc)
        for name, flt in views:
            case.save_view(name=name, flt=flt, pseudonyms=("view", name) in shown_as)
        if info.get("title") and adopt_title:
            case.update_case_info(title=info["title"], day_first=chk.day_first)
        if "time_zone" in info or "southern_hemisphere" in info:
            case.update_case_info(time_zone=chk.time_zone, southern_hemisphere=chk.southern)
        for e in lists["entities"]:
            case.create_entity(
                name=e["name"],
                kind=e.get("kind", "person"),
                description=e.get("description", ""),
                colour=e.get("colour", ""),
                entity_id=e.get("id"),
                pseudonym=e.get("pseudonym", ""),
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
            digest = s.get("file_sha256")
            if s.get("id") not in files and digest:
                known = carried.get(digest)
                data = known.data if known is not None else None
                case.store_file(
                    sha256=digest,
                    data=data,
                    size=len(data) if data is not None else int(s.get("file_size") or 0),
                    media_type=known.media_type if known is not None else guess_media_type(s),
                    original_name=known.original_name if known is not None else "",
                )
                extra.update(
                    file_sha256=digest,
                    file_size=s.get("file_size"),
                    file_stored=bool(s.get("file_stored")) and data is not None,
                )
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
                privileged_note=ev.get("privileged_note", ""),
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
                    privileged_note=c.get("privileged_note", ""),
                )
        stories = stories_of(case)
        for name, introduction, steps in story_list:
            same = stories.find(name)
            pseudonyms = ("story", name) in shown_as
            if same is None:
                stories.create(
                    name=name, introduction=introduction, steps=steps, pseudonyms=pseudonyms
                )
            else:  # like a saved view: one of the same name is replaced
                stories.update(
                    same.id, introduction=introduction, steps=steps, pseudonyms=pseudonyms
                )


# -- files carried inside a document ------------------------------------------------------

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class _CarriedFile:
    data: bytes | None
    media_type: str
    original_name: str


def _check_files(value: Any, problems: list[str]) -> dict[str, _CarriedFile]:
    """The document's ``files`` list, checked: each digest is the SHA-256 of its data."""
    out: dict[str, _CarriedFile] = {}
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        problems.append("files: must be a list of objects")
        return out
    for i, f in enumerate(value):
        where = f"files[{i}]"
        digest = f.get("sha256")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            problems.append(f"{where}.sha256: must be 64 lowercase hex digits")
            continue
        data = None
        if f.get("data") is not None:
            try:
                data = base64.b64decode(str(f["data"]), validate=True)
            except (binascii.Error, ValueError):
                problems.append(f"{where}.data: is not base64")
                continue
            if hashlib.sha256(data).hexdigest() != digest:
                problems.append(f"{where}.data: does not match its SHA-256")
                continue
            if f.get("size") is not None and f.get("size") != len(data):
                problems.append(f"{where}.size: does not match the data")
        media = f.get("media_type") or "application/octet-stream"
        out[digest] = _CarriedFile(data, str(media), str(f.get("original_name") or ""))
    return out


def _with_pseudonyms(doc: dict[str, Any]) -> set[tuple[str, str]]:
    """("view" | "story", name) of the views and stories saved to use pseudonyms."""
    found = set()
    for kind, key in (("view", "saved_views"), ("story", "stories")):
        items = doc.get(key)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and item.get("pseudonyms") is True:
                found.add((kind, str(item.get("name"))))
    return found


def check_views(value: Any, problems: list[str]) -> list[tuple[str, EventFilter]]:
    """The document's saved views as (name, filter), each checked."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append("saved_views: must be a list of objects")
        return []
    out = []
    for i, v in enumerate(value):
        name = v.get("name")
        if not isinstance(name, str) or not name.strip() or "\x00" in name:
            problems.append(f"saved_views[{i}].name: must be text")
            continue
        try:
            out.append((name, EventFilter.from_dict(v.get("filter") or {})))
        except (ValueError, TypeError, AttributeError) as error:
            problems.append(f"saved_views[{i}].filter: {error}")
    return out


def check_stories(
    value: Any, events: set[int], problems: list[str]
) -> list[tuple[str, str, tuple[StoryStep, ...]]]:
    """The document's stories as (name, introduction, steps), each checked: every step
    names an event of the document or the case, once."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append("stories: must be a list of objects")
        return []
    out = []
    for i, v in enumerate(value):
        where = f"stories[{i}]"
        name, intro = v.get("name"), v.get("introduction") or ""
        if not isinstance(name, str) or not name.strip() or "\x00" in name:
            problems.append(f"{where}.name: must be text")
            continue
        if not isinstance(intro, str) or "\x00" in intro:
            problems.append(f"{where}.introduction: must be text")
            continue
        steps, raw = [], v.get("steps") or []
        for j, step in enumerate(raw if isinstance(raw, list) else [None]):
            event = step.get("event") if isinstance(step, dict) else None
            note = (step.get("commentary") or "") if isinstance(step, dict) else ""
            if not isinstance(event, int) or event not in events:
                problems.append(f"{where}.steps[{j}].event: no such event")
            elif not isinstance(note, str) or "\x00" in note:
                problems.append(f"{where}.steps[{j}].commentary: must be text")
            elif event in {s.event_id for s in steps}:
                problems.append(f"{where}.steps[{j}].event: the story shows it already")
            else:
                steps.append(StoryStep(event, note))
        out.append((name, intro, tuple(steps)))
    return out
