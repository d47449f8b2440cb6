"""The tags, entity links and citations of many new events, written at once (for importers).

:meth:`app.store.bulk.BulkInserts.insert_events` writes them, in the same transaction as the
events, by set operations: one executemany per table, with the checks a single
:meth:`~app.store.case.Case.create_event` or :meth:`~app.store.case.Case.add_citation` makes
(tag names and roles and citation texts as one event's; events, entities and sources that
exist, by the case's foreign keys). A tag name the case does not have becomes a new tag, each
audited as when one event creates it.

Each link table gets one audit row (action ``import``) recording the count, the columns and
``sha256``: the SHA-256 of the UTF-8 JSON array ``[columns, rows]`` (compact separators,
non-ASCII kept) of the rows inserted, as for the events; the citations' row also records their
id range. Every row written is noted as touched, so the transaction's state proves each one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.store.bulk_digest import digest_beside
from app.store.dialect import insert_many
from app.store.errors import ValidationError
from app.store.tables import citations_t, event_entities_t, event_tags_t, tags_t
from app.store.values import citation_values, named, text_problem

if TYPE_CHECKING:
    from app.store.unit_of_work import Writer


@dataclass
class EventLinks:
    """What new events link to, in the order given (an event's citations in their order)."""

    tags: list[tuple[int, str]] = field(default_factory=list)  # (event id, tag name)
    entities: list[tuple[int, int, str]] = field(default_factory=list)  # (event, entity, role)
    # (event id, source id, pinpoint, quote, stance)
    citations: list[tuple[int, int, str, str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tags or self.entities or self.citations)


def _insert(
    w: Writer, table: Any, columns: Sequence[str], rows: list[tuple[Any, ...]], **extra: Any
) -> None:
    """Insert the rows and audit them (the digest made beside the insert)."""
    with digest_beside(columns, rows) as digest:
        insert_many(w.conn, table, columns, rows)
        summary = {"count": len(rows), **extra, "columns": list(columns), "sha256": digest()}
    w.audit.record("import", table.name, None, None, summary)


def _tag_rows(w: Writer, tags: Sequence[tuple[int, str]]) -> list[tuple[int, int]]:
    driver = w.conn.connection.driver_connection
    known = {name: tid for tid, name in driver.execute("SELECT id, name FROM tags")}  # type: ignore[union-attr]
    rows: dict[tuple[int, int], None] = {}
    ids: dict[Any, int | None] = {}  # each tag text as given -> its tag (None: blank)
    for event_id, raw in tags:
        if raw in ids:
            tid = ids[raw]
        else:
            name = " ".join(str(raw).split())
            tid = known.get(name) if name else None
            if name and tid is None:
                try:
                    tid = known[name] = w.insert(tags_t, named(name), kind="tag")
                except ValidationError as error:
                    raise ValidationError(f"event {event_id}: {error}") from None
            ids[raw] = tid
        if tid is not None:
            rows[(int(event_id), tid)] = None
    return list(rows)


def _entity_rows(entities: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    links: dict[tuple[int, int], str] = {}
    for event_id, entity_id, role in entities:
        role = role or ""
        problem = text_problem(role, "role")
        if problem:
            raise ValidationError(f"event {event_id}: {problem}")
        links[(int(event_id), int(entity_id))] = role
    return [(e, n, role) for (e, n), role in links.items()]


def _citation_rows(w: Writer, citations: Sequence[tuple[int, int, str, str, str]]) -> list[Any]:
    driver = w.conn.connection.driver_connection
    (last,) = driver.execute("SELECT coalesce(max(id), 0) FROM citations").fetchone()  # type: ignore[union-attr]
    positions: dict[int, int] = {}
    rows = []
    for n, (event_id, source_id, pinpoint, quote, stance) in enumerate(citations, last + 1):
        try:
            values = citation_values(pinpoint=pinpoint, quote=quote, stance=stance)
        except ValidationError as error:
            raise ValidationError(f"event {event_id}: {error}") from None
        position = positions[event_id] = positions.get(event_id, -1) + 1
        rows.append(
            (n, int(event_id), int(source_id), values["pinpoint"], values["quote"])
            + (values["stance"], position)
        )
    return rows


def write_links(w: Writer, links: EventLinks) -> None:
    """Write ``links`` of events created in this transaction (they have no links yet)."""
    if links.tags:
        tag_rows = _tag_rows(w, links.tags)
        _insert(w, event_tags_t, ("event_id", "tag_id"), tag_rows)
        w.audit.touched.add("event_tags", tag_rows)
    if links.entities:
        entity_rows = _entity_rows(links.entities)
        link_columns = ("event_id", "entity_id", "role")
        _insert(w, event_entities_t, link_columns, entity_rows)
        w.audit.touched.add("event_entities", [(e, n) for e, n, _ in entity_rows])
    if links.citations:
        cite_rows = _citation_rows(w, links.citations)
        cite_columns = ("id", "event_id", "source_id", "pinpoint", "quote", "stance", "position")
        ids = [r[0] for r in cite_rows]
        _insert(w, citations_t, cite_columns, cite_rows, first_id=ids[0], last_id=ids[-1])
        w.audit.touched.add("citations", ids)
        for cid in ids:
            w.add("create", "citation", cid)
        for sid in sorted({r[2] for r in cite_rows}):
            w.touch("source", sid)
