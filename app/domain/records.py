"""Frozen records that the store hands to the UI, the CLI and the interchange code.

They are detached values: no session, no lazy loading. ``ChangeSet`` says what a mutation
touched so that each view can update exactly that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from app.domain.dates import FuzzyDate
from app.domain.standing import STANDINGS, StanceCounts, status_warnings

EVENT_STATUSES = ("alleged", "disputed", "undisputed", "established")
STANCES = ("supports", "contradicts", "context")
SOURCE_KINDS = (
    "document",
    "news",
    "web",
    "email",
    "filing",
    "deposition",
    "exhibit",
    "video",
    "audio",
    "image",
    "memo",
    "other",
)
ENTITY_KINDS = ("person", "organisation", "court", "government", "group", "other")


@dataclass(frozen=True)
class CitationRecord:
    id: int
    event_id: int
    source_id: int
    source_title: str
    source_kind: str
    pinpoint: str = ""
    quote: str = ""
    stance: str = "supports"
    position: int = 0
    privileged_note: str = ""  # work product: never in an output unless asked for


@dataclass(frozen=True)
class EntityLink:
    entity_id: int
    name: str
    kind: str
    role: str = ""


@dataclass(frozen=True)
class EventRecord:
    id: int
    title: str
    description: str
    start: FuzzyDate | None
    end: FuzzyDate | None
    status: str
    key_fact: bool
    lane: str | None
    version: int
    tags: tuple[str, ...] = ()
    entities: tuple[EntityLink, ...] = ()
    citations: tuple[CitationRecord, ...] = ()
    privileged_note: str = ""  # work product: never in an output unless asked for

    @property
    def unsourced(self) -> bool:
        """No citation supports the event (context or contradicting citations only, or none)."""
        return not any(c.stance == "supports" for c in self.citations)

    @property
    def stance_counts(self) -> StanceCounts:
        return StanceCounts.of(c.stance for c in self.citations)

    @property
    def standing(self) -> str:
        """supported, contested, contradicted or unsupported (:mod:`app.domain.standing`)."""
        return self.stance_counts.standing

    @property
    def warnings(self) -> tuple[str, ...]:
        """Where the status claims more than the citations give, in plain words."""
        return status_warnings(self.status, self.stance_counts)

    @property
    def is_span(self) -> bool:
        return self.end is not None


@dataclass(frozen=True)
class SourceRecord:
    id: int
    kind: str
    title: str
    author: str = ""
    publisher: str = ""
    date_text: str = ""
    url: str = ""
    file_path: str = ""
    file_sha256: str | None = None
    file_size: int | None = None
    file_stored: bool = False
    bates_start: str = ""
    bates_end: str = ""
    exhibit: str = ""
    notes: str = ""
    citing_events: tuple[int, ...] = ()


@dataclass(frozen=True)
class EntityRecord:
    id: int
    name: str
    kind: str
    description: str = ""
    colour: str = ""
    pseudonym: str = ""  # the name outputs use instead of ``name`` when asked to


@dataclass(frozen=True)
class TagRecord:
    id: int
    name: str
    colour: str = ""
    description: str = ""


@dataclass(frozen=True)
class EraRecord:
    id: int
    name: str
    start: FuzzyDate
    end: FuzzyDate
    colour: str = ""


@dataclass(frozen=True)
class CitationSnapshot:
    """A citation row as stored (for putting it back exactly: same id, same position)."""

    id: int
    event_id: int
    source_id: int
    pinpoint: str = ""
    quote: str = ""
    stance: str = "supports"
    position: int = 0
    privileged_note: str = ""


@dataclass(frozen=True)
class EventSnapshot:
    """Everything that makes up one event, taken so that an edit of it can be undone.

    ``row`` is the ``events`` row with every column (``id`` and ``version`` included);
    ``tags`` are ``(tag id, tag name)`` pairs, ``entities`` ``(entity id, role)`` pairs and
    ``citations`` the citation rows in their order.
    """

    row: Mapping[str, Any]
    tags: tuple[tuple[int, str], ...] = ()
    entities: tuple[tuple[int, str], ...] = ()
    citations: tuple[CitationSnapshot, ...] = ()

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def version(self) -> int:
        return int(self.row["version"])

    @property
    def tag_names(self) -> tuple[str, ...]:
        return tuple(name for _, name in self.tags)


@dataclass(frozen=True)
class RowSnapshot:
    """One row of ``sources``, ``citations``, ``entities``, ``tags`` or ``eras`` with every
    column, plus (for entities and tags) the event links it had as ``(event id, role)``
    pairs (the role is ``""`` for tags)."""

    kind: str  # "source" | "citation" | "entity" | "tag" | "era"
    row: Mapping[str, Any]
    links: tuple[tuple[int, str], ...] = ()

    @property
    def id(self) -> int:
        return int(self.row["id"])


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: str
    actor: str
    action: str
    table_name: str
    row_id: int | None
    old: str
    new: str
    prev_hash: str
    row_hash: str
    state: str = ""  # the digests of the rows the change left (hashed into row_hash)


@dataclass(frozen=True)
class EventFilter:
    """What a listing of events is narrowed to; empty fields narrow nothing."""

    search: str = ""
    tags: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    date_from: FuzzyDate | None = None
    date_to: FuzzyDate | None = None
    key_only: bool = False
    unsourced_only: bool = False
    source_kinds: tuple[str, ...] = ()
    standings: tuple[str, ...] = ()  # any of these (app.domain.standing.STANDINGS)
    warnings_only: bool = False  # only events whose status the citations do not bear out

    @property
    def is_empty(self) -> bool:
        return self == EventFilter()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (dates as their canonical ISO claims) for saved views."""
        return {
            "search": self.search,
            "tags": list(self.tags),
            "entities": list(self.entities),
            "statuses": list(self.statuses),
            "date_from": self.date_from.to_record() if self.date_from else None,
            "date_to": self.date_to.to_record() if self.date_to else None,
            "key_only": self.key_only,
            "unsourced_only": self.unsourced_only,
            "source_kinds": list(self.source_kinds),
            "standings": list(self.standings),
            "warnings_only": self.warnings_only,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventFilter:
        """The inverse of :meth:`to_dict`; unknown keys are ignored, bad values raise
        ``ValueError``."""

        def names(key: str) -> tuple[str, ...]:
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{key} must be a list of names")
            return tuple(value)

        def date(key: str) -> FuzzyDate | None:
            value = data.get(key)
            return None if value is None else FuzzyDate.from_record(value)

        return cls(
            search=str(data.get("search") or ""),
            tags=names("tags"),
            entities=names("entities"),
            statuses=names("statuses"),
            date_from=date("date_from"),
            date_to=date("date_to"),
            key_only=bool(data.get("key_only")),
            unsourced_only=bool(data.get("unsourced_only")),
            source_kinds=names("source_kinds"),
            standings=_standings(names("standings")),
            warnings_only=bool(data.get("warnings_only")),
        )


def _standings(names: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [n for n in names if n not in STANDINGS]
    if unknown:
        raise ValueError(f"unknown standing {unknown[0]!r}; choose from {', '.join(STANDINGS)}")
    return names


@dataclass(frozen=True)
class SavedViewRecord:
    id: int
    name: str
    filter: EventFilter
    pseudonyms: bool = False  # shown (and exported) with entities' pseudonyms


class Change(NamedTuple):
    """One row a mutation changed (a named tuple: an import makes one per row, cheaply)."""

    action: str  # "create" | "update" | "delete"
    kind: str  # "event" | "source" | "citation" | "entity" | "tag" | "era" | "case"
    id: int


@dataclass(frozen=True)
class ChangeSet:
    """What one mutation did, in order, each ``(action, kind, id)`` once.

    A change set marked ``everything`` (:meth:`everything`, for opening a case or a large
    import) tells a view to reload whatever it shows rather than patch it."""

    changes: tuple[Change, ...] = field(default_factory=tuple)
    is_everything: bool = False

    @classmethod
    def everything(cls) -> ChangeSet:
        """The marker for "anything may have changed"."""
        return cls(is_everything=True)

    def ids(self, kind: str, action: str | None = None) -> tuple[int, ...]:
        return tuple(
            c.id for c in self.changes if c.kind == kind and (action is None or c.action == action)
        )

    def created(self, kind: str) -> int:
        """The id of the first ``kind`` row this change created."""
        ids = self.ids(kind, "create")
        if not ids:
            raise KeyError(f"no {kind} was created")
        return ids[0]

    def of(self, kind: str) -> ChangeSet:
        """Only the changes of rows of ``kind``."""
        return ChangeSet(tuple(c for c in self.changes if c.kind == kind), self.is_everything)

    def touches(self, kind: str) -> bool:
        """Whether any row of ``kind`` changed (always, for :meth:`everything`)."""
        return self.is_everything or any(c.kind == kind for c in self.changes)

    def __add__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            tuple(dict.fromkeys(self.changes + other.changes)),
            self.is_everything or other.is_everything,
        )


@dataclass(frozen=True)
class CitationEdit:
    """One citation as an event form wants it: ``citation_id`` None for a new one."""

    citation_id: int | None
    source_id: int
    pinpoint: str = ""
    quote: str = ""
    stance: str = "supports"
    privileged_note: str = ""


@dataclass(frozen=True)
class CaseStats:
    title: str
    events: int
    sources: int
    citations: int
    entities: int
    tags: int
    eras: int
    undated: int
    unsourced: int  # events no citation supports
    first: str | None
    last: str | None
    schema_version: int
    day_first: bool
    standings: dict[str, int] = field(default_factory=dict)  # standing -> events
    warnings: int = 0  # events whose status the citations do not bear out
