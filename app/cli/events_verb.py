"""``casetrail events``: the events in date order, as text or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.cli.case_args import filter_from, open_case
from app.cli.errors import EXIT_OK


def event_json(event: Any) -> dict[str, Any]:
    """The JSON shape of one event for ``casetrail events --json``."""

    def date(d: Any) -> dict[str, Any] | None:
        if d is None:
            return None
        return {
            "text": d.text,
            "precision": d.precision.value,
            "qualifier": d.qualifier.value,
            "earliest": d.earliest.isoformat(timespec="seconds"),
            "latest": d.latest.isoformat(timespec="seconds"),
            "ambiguous": d.ambiguous,
        }

    return {
        "id": event.id,
        "title": event.title,
        "description": event.description,
        "start": date(event.start),
        "end": date(event.end),
        "status": event.status,
        "key": event.key_fact,
        "tags": list(event.tags),
        "entities": [
            {"id": e.entity_id, "name": e.name, "kind": e.kind, "role": e.role}
            for e in event.entities
        ],
        "citations": [
            {
                "source_id": c.source_id,
                "source_title": c.source_title,
                "pinpoint": c.pinpoint,
                "quote": c.quote,
                "stance": c.stance,
            }
            for c in event.citations
        ],
        "standing": event.standing,
        "warnings": list(event.warnings),
    }


def run_events(args: argparse.Namespace) -> int:
    with open_case(args.case) as case:
        day_first = case.day_first
        events = case.events(filter_from(args, day_first))
    if args.json:
        print(json.dumps([event_json(e) for e in events], indent=2, ensure_ascii=False))
        return EXIT_OK
    for e in events:
        when = _when(e.start, day_first) if e.start else "undated"
        if e.end is not None:
            when += " - " + _when(e.end, day_first)
        marks = ("*" if e.key_fact else " ") + ("!" if e.unsourced else " ")
        print(f"{e.id:>6} {marks} {when:<28} {e.status:<11} {e.standing:<12} {_one_line(e.title)}")
        for warning in e.warnings:
            print(f"{'':>9} warning: {warning}")
    return EXIT_OK


def _when(date: Any, day_first: bool) -> str:
    """A date as the case writes it; a numeric date that reads two ways also as written,
    marked: "March 4, 2019 [ambiguous: 03/04/2019]"."""
    text = date.format(day_first=day_first)
    return f"{text} [ambiguous: {_one_line(date.text)}]" if date.ambiguous else text


def _one_line(text: str) -> str:
    return " ".join(text.split())
