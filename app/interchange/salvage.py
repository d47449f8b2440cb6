"""``casetrail salvage IN OUT``: the rows of a refused or damaged case copied into a new, clean
case, through the program's own validation.

IN is read without running anything in it (:mod:`app.store.sqlite.salvage_read`) and never
changed. Every row is checked with the rules of the store (:mod:`app.store.values`) and the
references between rows; those that pass are written with the ordinary mutations of
:class:`~app.store.case.Case` into a case made by :meth:`Case.create` (under a temporary name,
linked into place only when whole) in one transaction, which ends with an audit row naming
IN, its SHA-256 and everything left behind: rows that failed validation (with the reason),
damaged rows that could not be read, and objects Casetrail did not create.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from app.domain.records import EventFilter
from app.domain.stories import steps_from_json
from app.interchange import salvage_values as cell
from app.store.case import Case, CaseError, CaseFileError
from app.store.provenance import record_origin
from app.store.sqlite.salvage_read import RawCase, read_case
from app.store.stories import stories_of
from app.store.values import (
    citation_values,
    entity_values,
    era_values,
    event_values,
    named,
    source_values,
)

Progress = Callable[[int, int], object]  # (done, total) -> False to stop
MAX_ATTEMPTS = 50  # rows the store refuses that the checks here let through, at most
BULK_CHUNK = 5000  # events written by one bulk insert
HISTORY_LINES = 500  # left-behind lines kept in the audit row (the count is always kept)
_SHA256 = re.compile(r"[0-9a-f]{64}")
KINDS = (
    "entities", "tags", "files", "sources", "eras", "events", "citations", "views", "stories",
)  # fmt: skip


class SalvageCancelled(Exception):
    """The salvage was stopped; nothing was written."""


class _Refused(Exception):
    def __init__(self, key: tuple[str, int | str], reason: str) -> None:
        super().__init__(reason)
        self.key, self.reason = key, reason


@dataclass
class SalvageReport:
    source: Path
    target: Path
    sha256: str
    copied: dict[str, int] = field(default_factory=dict)
    left_behind: list[str] = field(default_factory=list)

    def summary(self, limit: int = 200) -> str:
        counts = ", ".join(f"{n} {kind}" for kind, n in self.copied.items())
        lines = [
            f"salvaged {self.source} into {self.target}",
            f"  source SHA-256 {self.sha256}",
            f"  copied {counts}",
        ]
        if self.left_behind:
            lines.append(f"  left behind ({len(self.left_behind)}):")
            lines += [f"    - {line}" for line in self.left_behind[:limit]]
            if len(self.left_behind) > limit:
                lines.append(f"    ... and {len(self.left_behind) - limit} more (see history)")
        else:
            lines.append("  nothing left behind")
        return "\n".join(lines)


# -- the plan: every row checked, in the order it is written ------------------------------


@dataclass
class _Plan:
    title: str
    day_first: bool
    rows: dict[str, list[tuple[int | str, dict[str, Any]]]]
    left: list[str]

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.rows.values())


def _checked(
    raw: RawCase,
    table: str,
    kind: str,
    refused: dict[tuple[str, int | str], str],
    left: list[str],
    check: Callable[[dict[str, Any]], tuple[int | str, dict[str, Any]]],
) -> list[tuple[int | str, dict[str, Any]]]:
    out = []
    seen: set[int | str] = set()
    for n, row in enumerate(raw.rows(table), 1):
        label = f"{kind} {row.get('id', f'#{n}')}"
        try:
            key, values = check(row)
        except (cell.Bad, CaseError, ValueError, TypeError) as error:
            left.append(f"{label}: {error}")
            continue
        if (kind, key) in refused:
            left.append(f"{label}: {refused[(kind, key)]}")
            continue
        if key in seen:  # a table altered to allow it
            left.append(f"{label}: another {kind} has the same id")
            continue
        seen.add(key)
        out.append((key, values))
    return out


def _unique(items: list[tuple[int | str, dict[str, Any]]], kind: str, left: list[str]) -> None:
    seen: dict[str, int | str] = {}
    for key, values in list(items):
        name = values["name"]
        if name in seen:
            left.append(f"{kind} {key}: its name {name!r} is that of {kind} {seen[name]}")
            items.remove((key, values))
        else:
            seen[name] = key


def _plan(raw: RawCase, refused: dict[tuple[str, int | str], str]) -> _Plan:
    left: list[str] = []
    info = raw.rows("case_info")
    title = raw.path.stem
    day_first = False
    if info:
        try:
            title = cell.text(info[0], "title").strip() or title
            day_first = cell.flag(info[0], "day_first")
        except cell.Bad as error:
            left.append(f"case title and settings: {error}")
    rows: dict[str, list[tuple[int | str, dict[str, Any]]]] = {}

    def entity(r: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        values = entity_values(
            name=cell.text(r, "name"),
            kind=cell.text(r, "kind"),
            description=cell.text(r, "description"),
            colour=cell.text(r, "colour"),
            pseudonym=cell.text(r, "pseudonym"),
        )
        return cell.ident(r), values

    rows["entities"] = _checked(raw, "entities", "entity", refused, left, entity)
    _unique(rows["entities"], "entity", left)

    def tag(r: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        values = named(
            cell.text(r, "name"),
            colour=cell.text(r, "colour"),
            description=cell.text(r, "description"),
        )
        return cell.ident(r), values

    rows["tags"] = _checked(raw, "tags", "tag", refused, left, tag)
    _unique(rows["tags"], "tag", left)

    def stored(r: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        sha256 = cell.text(r, "sha256")
        if not _SHA256.fullmatch(sha256):
            raise cell.Bad("its SHA-256 is not 64 lowercase hex digits")
        data = r.get("data")
        if data is not None and not isinstance(data, bytes):
            raise cell.Bad("its data is not bytes")
        size = cell.number(r, "size")
        if data is not None:
            if hashlib.sha256(data).hexdigest() != sha256:
                left.append(f"file {sha256}: its data does not match its SHA-256; not copied")
                data = None
            else:
                size = len(data)
        values = {
            "sha256": sha256,
            "data": data,
            "size": max(0, size or 0),
            "media_type": cell.text(r, "media_type") or "application/octet-stream",
            "original_name": cell.text(r, "original_name"),
        }
        return sha256, values

    rows["files"] = _checked(raw, "source_files", "file", refused, left, stored)
    files = {key: values for key, values in rows["files"]}

    def source(r: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        fields = {k: cell.text(r, k) for k in ("title", "kind", "author", "publisher", "date_text",
                                            "url", "file_path", "bates_start", "bates_end",
                                            "exhibit", "notes")}  # fmt: skip
        digest = r.get("file_sha256")
        if digest is not None:
            if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
                raise cell.Bad("its file SHA-256 is not 64 lowercase hex digits")
            fields["file_sha256"] = digest
            fields["file_size"] = cell.number(r, "file_size", optional=True)
            known = files.get(digest)
            fields["file_stored"] = (
                cell.flag(r, "file_stored") and known is not None and known["data"] is not None
            )
        return cell.ident(r), source_values(**fields)

    rows["sources"] = _checked(raw, "sources", "source", refused, left, source)

    def era(r: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        start, end = cell.date(r, "start"), cell.date(r, "end")
        fields = {"name": cell.text(r, "name"), "start": start, "end": end,
                  "colour": cell.text(r, "colour")}  # fmt: skip
        era_values(**fields)
        return cell.ident(r), fields

    rows["eras"] = _checked(raw, "eras", "era", refused, left, era)  # names may repeat

    tag_names = {key: values["name"] for key, values in rows["tags"]}
    entity_ids = {key for key, _ in rows["entities"]}
    tags_of: dict[int, list[str]] = {}
    entities_of: dict[int, list[tuple[int, str]]] = {}
    for link in raw.rows("event_tags"):
        event_id, tag_id = link.get("event_id"), link.get("tag_id")
        if isinstance(event_id, int) and tag_id in tag_names:
            tags_of.setdefault(event_id, []).append(tag_names[tag_id])
        else:
            left.append(f"tag link of event {event_id} to tag {tag_id}: no such tag copied")
    for link in raw.rows("event_entities"):
        event_id, entity_id, role = link.get("event_id"), link.get("entity_id"), link.get("role")
        if isinstance(event_id, int) and entity_id in entity_ids and isinstance(role, str):
            entities_of.setdefault(event_id, []).append((int(entity_id), role))
        else:
            left.append(f"entity link of event {event_id} to entity {entity_id}: not copied")

    def event(r: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        key = cell.ident(r)
        fields = {
            "title": cell.text(r, "title"),
            "description": cell.text(r, "description"),
            "start": cell.date(r, "start"),
            "end": cell.date(r, "end"),
            "status": cell.text(r, "status"),
            "key_fact": cell.flag(r, "key_fact"),
            "lane": cell.text(r, "lane") or None,
            "privileged_note": cell.text(r, "privileged_note"),
        }
        event_values(**fields)
        return key, {**fields, "tags": tags_of.get(key, []), "entities": entities_of.get(key, [])}

    rows["events"] = _checked(raw, "events", "event", refused, left, event)
    event_ids = {key for key, _ in rows["events"]}
    source_ids = {key for key, _ in rows["sources"]}

    def citation(r: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        event_id, source_id = cell.number(r, "event_id"), cell.number(r, "source_id")
        if event_id not in event_ids:
            raise cell.Bad(f"its event {event_id} was not copied")
        if source_id not in source_ids:
            raise cell.Bad(f"its source {source_id} was not copied")
        values = citation_values(
            pinpoint=cell.text(r, "pinpoint"),
            quote=cell.text(r, "quote"),
            stance=cell.text(r, "stance"),
            privileged_note=cell.text(r, "privileged_note"),
        )
        position = cell.number(r, "position", optional=True) or 0
        return cell.ident(r), {"event_id": event_id, "source_id": source_id, "_order": position,
                           **values}  # fmt: skip

    cited = _checked(raw, "citations", "citation", refused, left, citation)
    cited.sort(key=lambda item: (item[1]["event_id"], item[1].pop("_order"), item[0]))
    rows["citations"] = cited

    def view(r: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        try:
            data = json.loads(cell.text(r, "filter_json"))
            flt = EventFilter.from_dict(data) if isinstance(data, dict) else None
        except (ValueError, TypeError, AttributeError) as error:
            raise cell.Bad(f"its filter cannot be read ({error})") from None
        if flt is None:
            raise cell.Bad("its filter is not an object")
        shown = {"flt": flt, "pseudonyms": cell.flag(r, "pseudonyms")}
        return cell.ident(r), {**named(cell.text(r, "name")), **shown}

    rows["views"] = _checked(raw, "saved_views", "saved view", refused, left, view)
    _unique(rows["views"], "saved view", left)

    def story(r: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        key, steps, kept = cell.ident(r), steps_from_json(cell.text(r, "steps_json")), {}
        for step in steps:
            if step.event_id in event_ids:
                kept.setdefault(step.event_id, step)
        if len(kept) < len(steps):
            left.append(f"story {key}: {len(steps) - len(kept)} step(s) whose event is not kept")
        values = {"introduction": cell.text(r, "introduction"), "steps": tuple(kept.values()),
                  "pseudonyms": cell.flag(r, "pseudonyms")}  # fmt: skip
        return key, {**named(cell.text(r, "name")), **values}

    rows["stories"] = _checked(raw, "stories", "story", refused, left, story)
    _unique(rows["stories"], "story", left)
    return _Plan(title, day_first, rows, left)


# -- writing ------------------------------------------------------------------------------


def _write(case: Case, kind: str, key: Any, values: dict[str, Any]) -> None:
    if kind == "entities":
        case.create_entity(entity_id=key, **values)
    elif kind == "tags":
        case.create_tag(tag_id=key, **values)
    elif kind == "files":
        case.store_file(**values)
    elif kind == "sources":
        digest = values.get("file_sha256")
        if digest is not None:  # a file known only by its hash: registered, not stored
            case.store_file(sha256=digest, data=None, size=values.get("file_size") or 0)
        case.create_source(source_id=key, **values)
    elif kind == "eras":
        case.create_era(era_id=key, **values)
    elif kind == "events":
        case.create_event(event_id=key, **values)
    elif kind == "citations":
        case.add_citation(citation_id=key, **values)
    elif kind == "stories":
        stories_of(case).create(story_id=key, **values)
    else:
        case.save_view(name=values["name"], flt=values["flt"], pseudonyms=values["pseudonyms"])


def _bulk_events(
    case: Case, items: list[tuple[Any, dict[str, Any]]], tick: Callable[[int], None]
) -> list[tuple[Any, dict[str, Any]]]:
    """Write the events without tags or entities with the store's bulk insert (the rule of
    a single create_event, checked again), in chunks; return the others."""
    linked, plain = [], []
    for key, values in items:
        if values["tags"] or values["entities"]:
            linked.append((key, values))
        else:
            fields = {k: v for k, v in values.items() if k not in ("tags", "entities")}
            plain.append({"id": key, **event_values(**fields), "version": 1})
    for first in range(0, len(plain), BULK_CHUNK):
        chunk = plain[first : first + BULK_CHUNK]
        try:
            case.bulk_insert_events(chunk)
        except (CaseError, IntegrityError) as error:
            raise _Refused(("event", chunk[0]["id"]), str(error)) from None
        tick(len(chunk))
    return linked


_SINGULAR = dict(
    entities="entity", tags="tag", files="file", sources="source", eras="era", events="event",
    citations="citation", views="saved view", stories="story",
)  # fmt: skip


def salvage(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> SalvageReport:
    """Copy what can be read and passes validation from the case ``source`` into a new case
    ``target`` (which must not exist); ``source`` is never changed."""
    src, out = Path(source), Path(target)
    if out.exists() or out.is_symlink():
        raise CaseFileError(out, "already exists; choose another name")
    if not out.parent.is_dir():
        raise CaseFileError(out, f"cannot be created: folder {out.parent} does not exist")
    raw = read_case(src)
    filled = cell.fill_missing_columns(raw)
    refused: dict[tuple[str, int | str], str] = {}
    for _attempt in range(MAX_ATTEMPTS):
        plan = _plan(raw, refused)
        left = raw.foreign + raw.unreadable + filled + plan.left
        details = {
            "source": src.name,
            "sha256": raw.sha256,
            "schema_version": raw.schema_version,
            "copied": {k: len(plan.rows[k]) for k in KINDS},
            "left_behind_count": len(left),
            "left_behind": left[:HISTORY_LINES],
        }

        def fill(case: Case, plan: _Plan = plan, details: dict[str, Any] = details) -> None:
            done, total = 0, plan.total

            def tick(n: int) -> None:
                nonlocal done
                done += n
                if progress is not None and progress(done, total) is False:
                    raise SalvageCancelled

            with case.batch():
                for kind in KINDS:
                    items = plan.rows[kind]
                    if kind == "events":
                        items = _bulk_events(case, items, tick)
                    for key, values in items:
                        try:
                            _write(case, kind, key, values)
                        except (CaseError, IntegrityError) as error:
                            raise _Refused((_SINGULAR[kind], key), str(error)) from None
                        tick(1)
                record_origin(case, details)

        try:
            Case.create(out, title=plan.title, day_first=plan.day_first, populate=fill).close()
        except _Refused as refusal:
            refused[refusal.key] = f"refused by the case ({refusal.reason})"
            continue
        names = {"files": "stored files", "views": "saved views"}
        copied = {names.get(k, k): len(plan.rows[k]) for k in KINDS}
        return SalvageReport(src, out, raw.sha256, copied, left)
    raise CaseFileError(src, f"could not be salvaged ({MAX_ATTEMPTS} rows were refused)")
