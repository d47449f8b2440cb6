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
The link rows are inserted in key order, and their forms are made once from the values
inserted (:mod:`app.store.bulk_forms`): they give that ``sha256`` and the rows' digests for the
state, which then need not read the rows back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from app.domain.records import STANCES, Change, ChangeSet
from app.store.bulk_check import texts_fine
from app.store.bulk_digest import payload_sha256
from app.store.bulk_forms import link_forms, row_digests
from app.store.bulk_forms import payload_sha256 as payload_from_forms
from app.store.dialect import indexed_as_inserted, insert_many
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
    w: Writer,
    table: Any,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    tail: Sequence[Any] = (),
    ints: Sequence[bool] = (),
    **extra: Any,
) -> list[str] | None:
    """Insert the rows and audit them; the digests of the rows stored, when their forms are
    made from the values (:mod:`app.store.bulk_forms`; their columns then end with ``tail``;
    ``ints``: the columns made plain ints here)."""
    forms = link_forms(table.name, columns, rows, tail, ints)
    if forms is not None and not tail:
        sha256 = payload_from_forms(columns, forms)
    else:
        sha256 = payload_sha256(columns, rows)
    insert_many(w.conn, table, columns, rows)
    summary = {"count": len(rows), **extra, "columns": list(columns), "sha256": sha256}
    w.audit.record("import", table.name, None, None, summary)
    return None if forms is None else row_digests(forms)


def _tag_rows(w: Writer, tags: Sequence[tuple[int, str]]) -> list[tuple[int, int]]:
    """(event id, tag id) in key order, each once; a tag name new to the case is created."""
    driver = w.conn.connection.driver_connection
    known = {name: tid for tid, name in driver.execute("SELECT id, name FROM tags")}  # type: ignore[union-attr]
    ids: dict[Any, int | None] = {}  # each tag text as given -> its tag (None: blank)
    for raw in dict.fromkeys(map(itemgetter(1), tags)):  # in the order first given
        name = " ".join(str(raw).split())
        tid = known.get(name) if name else None
        if name and tid is None:
            try:
                tid = known[name] = w.insert(tags_t, named(name), kind="tag")
            except ValidationError as error:
                event_id = next(e for e, r in tags if r == raw)
                raise ValidationError(f"event {event_id}: {error}") from None
        ids[raw] = tid
    event_ids = map(int, map(itemgetter(0), tags))
    tag_ids = map(ids.__getitem__, map(itemgetter(1), tags))
    pairs = dict.fromkeys(zip(event_ids, tag_ids, strict=True))
    if None in ids.values():  # a blank name links nothing
        return sorted((e, t) for e, t in pairs if t is not None)
    return sorted(cast(dict[tuple[int, int], None], pairs))


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
    """The citation rows in :func:`write_links`'s columns, numbered after the case's last;
    each checked as :meth:`~app.store.case.Case.add_citation` checks one (a column at a
    time when every text is plain and every stance known, else row by row, which names
    the first refused with its event)."""
    driver = w.conn.connection.driver_connection
    (last,) = driver.execute("SELECT coalesce(max(id), 0) FROM citations").fetchone()  # type: ignore[union-attr]
    events, sources, pinpoints, quotes, stances = zip(*citations, strict=True)
    plain = all(
        set(map(type, texts)) == {str} and texts_fine(texts) for texts in (pinpoints, quotes)
    )
    if not (plain and set(stances) <= set(STANCES)):
        return _citation_rows_one_by_one(citations, last)
    if len(set(events)) == len(events):  # one citation an event, as a rule
        positions: Any = repeat(0)
    else:
        counts: dict[int, int] = {}
        positions = []
        for event_id in events:
            counts[event_id] = position = counts.get(event_id, -1) + 1
            positions.append(position)
    numbers = range(last + 1, last + 1 + len(citations))
    event_ids, source_ids = map(int, events), map(int, sources)
    columns = (numbers, event_ids, source_ids, map(str.strip, pinpoints), quotes, stances)
    return list(zip(*columns, positions, strict=False))  # (positions may repeat 0)


def _citation_rows_one_by_one(
    citations: Sequence[tuple[int, int, str, str, str]], last: int
) -> list[Any]:
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
    known: list[tuple[str, list[Any], list[str] | None]] = []
    if links.tags:
        tag_rows = _tag_rows(w, links.tags)
        digests = _insert(w, event_tags_t, ("event_id", "tag_id"), tag_rows, ints=(True, True))
        w.audit.touched.add("event_tags", tag_rows)
        known.append(("event_tags", tag_rows, digests))
    if links.entities:
        entity_rows = _entity_rows(links.entities)
        link_columns = ("event_id", "entity_id", "role")
        digests = _insert(w, event_entities_t, link_columns, entity_rows)
        keys = [(e, n) for e, n, _ in entity_rows]
        w.audit.touched.add("event_entities", keys)
        known.append(("event_entities", keys, digests))
    if links.citations:
        cite_rows = _citation_rows(w, links.citations)
        cite_columns = ("id", "event_id", "source_id", "pinpoint", "quote", "stance", "position")
        ids = [r[0] for r in cite_rows]
        first, last = ids[0], ids[-1]
        with indexed_as_inserted(w.conn, "citation", ids):
            digests = _insert(
                w,
                citations_t,
                cite_columns,
                cite_rows,
                ("",),
                (True, True, True, False, False, False, True),
                first_id=first,
                last_id=last,
            )
        w.audit.touched.add("citations", ids)
        known.append(("citations", ids, digests))
        w.extend(ChangeSet(tuple(map(Change, repeat("create"), repeat("citation"), ids))))
        for sid in sorted({r[2] for r in cite_rows}):
            w.touch("source", sid)
    for table, keys, digests in known:  # after the last row is noted (noting forgets them)
        if digests is not None:
            w.audit.touched.know(table, keys, digests)
