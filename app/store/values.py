"""Values on their way into and out of the tables: validation of what a mutation is given
(the same rules for one row and for a bulk insert) and the date codec (a
:class:`~app.domain.dates.FuzzyDate` <-> its columns)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Required, TypedDict

from app.domain.date_fast import day_columns
from app.domain.dates import FuzzyDate
from app.domain.instants import to_seconds
from app.domain.records import (
    ENTITY_KINDS,
    EVENT_STATUSES,
    SOURCE_KINDS,
    STANCES,
    CitationSnapshot,
    SourceRecord,
)
from app.store.errors import ValidationError

# -- dates <-> columns -------------------------------------------------------------------


def date_columns(prefix: str, value: FuzzyDate | None) -> dict[str, Any]:
    if value is None:
        return {
            f"{prefix}_text": None,
            f"{prefix}_iso": None,
            f"{prefix}_precision": None,
            f"{prefix}_qualifier": None,
            f"{prefix}_earliest": None,
            f"{prefix}_latest": None,
            f"{prefix}_ambiguous": False,
        }
    fast = day_columns(value)  # an exact day: no need for the general canonical form
    if fast is not None:
        names = ("text", "iso", "precision", "qualifier", "earliest", "latest", "ambiguous")
        return {f"{prefix}_{name}": v for name, v in zip(names, fast, strict=True)}
    return {
        f"{prefix}_text": value.text,
        f"{prefix}_iso": value.to_iso(),
        f"{prefix}_precision": value.precision.value,
        f"{prefix}_qualifier": value.qualifier.value,
        f"{prefix}_earliest": to_seconds(value.earliest),
        f"{prefix}_latest": to_seconds(value.latest),
        f"{prefix}_ambiguous": bool(value.ambiguous),
    }


def date_from_columns(row: Any, prefix: str) -> FuzzyDate | None:
    m = row._mapping if hasattr(row, "_mapping") else row
    text = m[f"{prefix}_text"]
    if text is None:
        return None
    return stored_date(m[f"{prefix}_iso"], text, bool(m[f"{prefix}_ambiguous"]))


@lru_cache(maxsize=65536)
def _stored_claim(iso: str) -> FuzzyDate:
    return FuzzyDate.from_iso(iso)


def stored_date(iso: str, text: str, ambiguous: bool) -> FuzzyDate:
    """A stored date: the claim parsed (and validated) once per distinct canonical form, then
    given the row's own text. Copying a validated claim needs no second validation."""
    claim = _stored_claim(iso)
    if claim.text == text and claim.ambiguous == ambiguous:
        return claim
    date = copy.copy(claim)
    object.__setattr__(date, "text", text)
    object.__setattr__(date, "ambiguous", ambiguous)
    return date


# -- validation --------------------------------------------------------------------------

SOURCE_FIELDS = (
    "title",
    "kind",
    "author",
    "publisher",
    "date_text",
    "url",
    "file_path",
    "file_sha256",
    "file_size",
    "file_stored",
    "bates_start",
    "bates_end",
    "exhibit",
    "notes",
)
EVENT_FIELDS = (
    "title", "description", "start", "end", "status", "key_fact", "lane", "privileged_note"
)  # fmt: skip


class EventFields(TypedDict, total=False):
    """An event's fields as a caller gives them (all but ``title`` may be left out)."""

    title: Required[str]
    description: str
    start: FuzzyDate | None
    end: FuzzyDate | None
    status: str
    key_fact: bool
    lane: str | None
    tags: Sequence[str]
    entities: Sequence[tuple[int, str]]
    privileged_note: str


class CitationFields(TypedDict, total=False):
    """A new citation's fields (``citation_id`` to give it that id)."""

    event_id: Required[int]
    source_id: Required[int]
    pinpoint: str
    quote: str
    stance: str
    citation_id: int | None
    privileged_note: str


def text_problem(value: Any, field: str) -> str | None:
    """Why ``value`` cannot be stored as the text ``field``, or None: no text column holds a
    NUL character (C programs and many tools stop reading there) or a lone surrogate (not
    Unicode, cannot be written as UTF-8)."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return f"the {field} contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"the {field} contains an invalid character (a lone surrogate)"
    return None


def check_texts(**fields: Any) -> None:
    """Raise :class:`ValidationError` for the first text that :func:`text_problem` refuses."""
    for field, value in fields.items():
        problem = text_problem(value, field.replace("_", " "))
        if problem:
            raise ValidationError(problem)


def choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise ValidationError(f"{value!r} is not a valid {what}; use one of {', '.join(allowed)}")
    return value


def named(name: str, **rest: Any) -> dict[str, Any]:
    check_texts(name=name, **{k: v for k, v in rest.items() if isinstance(v, str)})
    clean = " ".join(str(name).split())
    if not clean:
        raise ValidationError("a name cannot be empty")
    return {"name": clean, **rest}


def event_problem(
    title: Any,
    status: Any,
    start: tuple[str, int] | None,
    end: tuple[str, int] | None,
) -> str | None:
    """Why an event cannot be stored, or None. ``start`` is (text, earliest second) and
    ``end`` (text, latest second) of its dates. One rule for single and bulk inserts."""
    if not str(title or "").strip():
        return "an event needs a title"
    problem = text_problem(title, "title")
    if problem:
        return problem
    if status not in EVENT_STATUSES:
        return f"{status!r} is not a valid status; use one of {', '.join(EVENT_STATUSES)}"
    if end is not None and start is None:
        return "an event with an end date needs a start date"
    if start is not None and end is not None and end[1] <= start[1]:
        return f"the end ({end[0]}) is before the start ({start[0]})"
    return None


def event_values(
    *,
    title: str,
    description: str,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    status: str,
    key_fact: bool,
    lane: str | None,
    privileged_note: str = "",
) -> dict[str, Any]:
    check_texts(description=description, lane=lane, privileged_note=privileged_note)
    problem = event_problem(
        title,
        status,
        None if start is None else (start.text, to_seconds(start.earliest)),
        None if end is None else (end.text, to_seconds(end.latest)),
    )
    if problem:
        raise ValidationError(problem)
    return {
        "title": str(title).strip(),
        "description": description or "",
        **date_columns("start", start),
        **date_columns("end", end),
        "status": status,
        "key_fact": bool(key_fact),
        "lane": lane or None,
        "privileged_note": privileged_note or "",
    }


def source_values(**fields: Any) -> dict[str, Any]:
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown source fields: {', '.join(sorted(unknown))}")
    title = str(fields.get("title") or "").strip()
    if not title:
        raise ValidationError("a source needs a title")
    kind = choice(fields.get("kind") or "document", SOURCE_KINDS, "source kind")
    values = {k: fields[k] for k in fields if fields[k] is not None}
    for key in (
        "author",
        "publisher",
        "date_text",
        "url",
        "file_path",
        "bates_start",
        "bates_end",
        "exhibit",
        "notes",
    ):
        values[key] = str(values.get(key) or "")
    values.update(title=title, kind=kind, file_stored=bool(fields.get("file_stored")))
    check_texts(**{k: v for k, v in values.items() if isinstance(v, str)})
    values.setdefault("file_sha256", None)
    values.setdefault("file_size", None)
    return values


def citation_values(
    *, pinpoint: str, quote: str, stance: str, privileged_note: str = ""
) -> dict[str, Any]:
    check_texts(pinpoint=pinpoint, quote=quote, privileged_note=privileged_note)
    return {
        "pinpoint": (pinpoint or "").strip(),
        "quote": quote or "",
        "stance": choice(stance, STANCES, "stance"),
        "privileged_note": privileged_note or "",
    }


def entity_values(
    *, name: str, kind: str = "person", description: str = "", colour: str = "", pseudonym: str = ""
) -> dict[str, Any]:
    return named(
        name,
        kind=choice(kind, ENTITY_KINDS, "entity kind"),
        description=description,
        colour=colour,
        pseudonym=" ".join(pseudonym.split()),
    )


def era_values(
    *, name: str, start: FuzzyDate | None, end: FuzzyDate | None, colour: str
) -> dict[str, Any]:
    if start is None or end is None:
        raise ValidationError("an era needs a start and an end")
    if end.latest <= start.earliest:
        raise ValidationError(f"the era's end ({end.text}) is before its start ({start.text})")
    return {
        **named(name),
        **date_columns("start", start),
        **date_columns("end", end),
        "colour": colour or "",
    }


# -- rows -> records ---------------------------------------------------------------------


def source_record(r: Any, citing: Sequence[int]) -> SourceRecord:
    m = r._mapping
    return SourceRecord(
        id=m["id"],
        kind=m["kind"],
        title=m["title"],
        author=m["author"],
        publisher=m["publisher"],
        date_text=m["date_text"],
        url=m["url"],
        file_path=m["file_path"],
        file_sha256=m["file_sha256"],
        file_size=m["file_size"],
        file_stored=bool(m["file_stored"]),
        bates_start=m["bates_start"],
        bates_end=m["bates_end"],
        exhibit=m["exhibit"],
        notes=m["notes"],
        citing_events=tuple(citing),
    )


def citation_row(c: CitationSnapshot) -> dict[str, Any]:
    return {
        "id": c.id,
        "event_id": c.event_id,
        "source_id": c.source_id,
        "pinpoint": c.pinpoint,
        "quote": c.quote,
        "stance": c.stance,
        "position": c.position,
        "privileged_note": c.privileged_note,
    }
