"""Bringing a Casetrail JSON document into a case that already has rows: which of its ids are
taken, and (for ``--new-ids``) the document renumbered after the case's own ids, with the
entities and tags the case already has (by name) reused rather than duplicated."""

from __future__ import annotations

import copy
from typing import Any

from app.store.case import Case

KINDS = ("entities", "tags", "sources", "eras", "events")


def _taken(case: Case) -> dict[str, set[int]]:
    return {
        "entities": {e.id for e in case.entities()},
        "tags": {t.id for t in case.tags()},
        "sources": {s.id for s in case.sources()},
        "eras": {e.id for e in case.eras()},
        "events": set(case.event_ids()),
    }


def _ids(doc: dict[str, Any], key: str) -> list[int]:
    items = doc.get(key, [])
    if not isinstance(items, list):
        return []
    return [x["id"] for x in items if isinstance(x, dict) and isinstance(x.get("id"), int)]


def id_collisions(case: Case, doc: dict[str, Any]) -> str | None:
    """A sentence naming the ids of ``doc`` that ``case`` already has, or None."""
    taken = _taken(case)
    found = []
    for key in KINDS:
        clash = sorted(set(_ids(doc, key)) & taken[key])
        if clash:
            shown = ", ".join(map(str, clash[:5])) + (" ..." if len(clash) > 5 else "")
            found.append(f"{len(clash)} of its {key} ({shown})")
    if not found:
        return None
    return (
        "the case already has the ids of "
        + "; ".join(found)
        + ". Casetrail JSON carries a whole case: import it into a new case, or use "
        "--new-ids to add everything with new ids"
    )


def renumbered(case: Case, doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` whose ids come after the case's; entities and tags with a name the
    case already has are the case's (their entries are dropped, their links follow)."""
    out = copy.deepcopy(doc)
    taken = _taken(case)
    maps: dict[str, dict[int, int]] = {}
    known = {
        "entities": {e.name.casefold(): e.id for e in case.entities()},
        "tags": {t.name.casefold(): t.id for t in case.tags()},
    }
    for key in KINDS:
        items = out.get(key, [])
        if not isinstance(items, list):
            continue
        next_id = max(taken[key] | {0}) + 1
        mapping: dict[int, int] = {}
        kept = []
        for item in items:
            if not isinstance(item, dict):
                kept.append(item)
                continue
            name = item.get("name")
            same = known.get(key, {}).get(name.casefold()) if isinstance(name, str) else None
            if same is not None:
                if isinstance(item.get("id"), int):
                    mapping[item["id"]] = same
                continue
            if isinstance(item.get("id"), int):
                mapping[item["id"]] = next_id
            item["id"] = next_id
            next_id += 1
            kept.append(item)
        out[key] = kept
        maps[key] = mapping
    for ev in out.get("events", []):
        if not isinstance(ev, dict):
            continue
        for c in ev.get("citations", []) or []:
            if isinstance(c, dict):
                c.pop("id", None)
                if isinstance(c.get("source_id"), int):
                    c["source_id"] = maps["sources"].get(c["source_id"], c["source_id"])
        for link in ev.get("entities", []) or []:
            if isinstance(link, dict) and isinstance(link.get("id"), int):
                link["id"] = maps["entities"].get(link["id"], link["id"])
    for story in out.get("stories", []) if isinstance(out.get("stories"), list) else []:
        if not isinstance(story, dict):
            continue
        story.pop("id", None)
        for step in story.get("steps", []) or []:
            if isinstance(step, dict) and isinstance(step.get("event"), int):
                step["event"] = maps["events"].get(step["event"], step["event"])
    return out
