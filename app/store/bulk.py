"""Many events inserted at once (for importers): rows built from field values, checked with
the same rule as a single :meth:`~app.store.case.Case.create_event`, written with one
executemany and one audit row; their links too (:mod:`app.store.bulk_links`).

The audit row records the count, the id range, the columns and ``sha256``: the SHA-256 of
the UTF-8 JSON array ``[columns, rows]`` (compact separators, non-ASCII kept, each row its
values in column order, rows in the order given), so that the values an importer meant to
insert can be checked against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from app.domain.dates import FuzzyDate
from app.domain.records import Change, ChangeSet
from app.store.bulk_check import may_be_refused
from app.store.bulk_digest import digest_beside
from app.store.bulk_links import EventLinks, write_links
from app.store.dialect import indexed_as_inserted, insert_many
from app.store.errors import ValidationError
from app.store.tables import events_t
from app.store.values import date_columns, event_problem, text_problem

if TYPE_CHECKING:
    from app.store.unit_of_work import UnitsOfWork

# the columns of the rows EventRows builds, in their order
EVENT_COLUMNS = (
    "id",
    "title",
    "description",
    *date_columns("start", None),
    *date_columns("end", None),
    "status",
    "key_fact",
    "lane",
    "version",
)


class EventRows:
    """Rows for :meth:`BulkInserts.insert_events` in :data:`EVENT_COLUMNS` order, built from
    an event's fields. An import repeats its dates, and a checked file shares one object per
    date text: each date object is converted once (kept alive here, keyed by its id)."""

    columns = EVENT_COLUMNS

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.links = EventLinks()
        self._dates: dict[int, tuple[FuzzyDate | None, tuple[Any, ...]]] = {}

    def _date(self, value: FuzzyDate | None) -> tuple[Any, ...]:
        found = self._dates.get(id(value))
        if found is None:
            found = self._dates[id(value)] = (value, tuple(date_columns("d", value).values()))
        return found[1]

    def add(
        self,
        *,
        event_id: int,
        title: str,
        description: str = "",
        start: FuzzyDate | None = None,
        end: FuzzyDate | None = None,
        status: str = "alleged",
        key_fact: bool = False,
        lane: str | None = None,
        tags: Sequence[str] = (),
        entities: Sequence[tuple[int, str]] = (),
        citations: Sequence[tuple[int, str, str, str]] = (),
    ) -> None:
        """One event; its ``tags`` (names), ``entities`` ((entity id, role)) and
        ``citations`` ((source id, pinpoint, quote, stance)) go to :attr:`links`."""
        self.rows.append(
            (event_id, title.strip(), description)
            + self._date(start)
            + self._date(end)
            + (status, key_fact, lane, 1)
        )
        links = self.links
        links.tags.extend((event_id, name) for name in tags)
        links.entities.extend((event_id, eid, role) for eid, role in entities)
        links.citations.extend((event_id, *cite) for cite in citations)


def _check_rows(names: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
    """Refuse the first row a single insert would refuse, with its message and its row."""
    if not may_be_refused(names, values):
        return
    at = {name: i for i, name in enumerate(names)}

    def cell(row: Sequence[Any], name: str, default: Any = None) -> Any:
        return row[at[name]] if name in at else default

    for n, row in enumerate(values, 1):
        start_text, end_text = cell(row, "start_text"), cell(row, "end_text")
        problem = event_problem(
            cell(row, "title"),
            cell(row, "status", "alleged"),
            None if start_text is None else (start_text, cell(row, "start_earliest")),
            None if end_text is None else (end_text, cell(row, "end_latest")),
        )
        for name in ("description", "lane", "start_text", "end_text", "privileged_note"):
            problem = problem or text_problem(cell(row, name), name.replace("_", " "))
        if problem:
            raise ValidationError(f"row {n} (event {cell(row, 'id')}): {problem}")


class BulkInserts:
    """Inserts many rows in one statement; holds the case's units of work."""

    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def insert_events(
        self,
        rows: Sequence[dict[str, Any]] | Sequence[Sequence[Any]],
        columns: Sequence[str] | None,
        links: EventLinks | None = None,
    ) -> ChangeSet:
        """Insert the rows, then their ``links`` (see :mod:`app.store.bulk_links`)."""
        if not rows:
            return ChangeSet()
        if columns is None:
            names = list(cast(dict[str, Any], rows[0]))
            values: Sequence[Sequence[Any]] = [
                tuple(r[c] for c in names) for r in cast(Sequence[dict[str, Any]], rows)
            ]
        else:
            names = list(columns)
            values = cast(Sequence[Sequence[Any]], rows)
        unknown = set(names) - set(events_t.c.keys())
        if unknown:
            raise TypeError(f"unknown event columns: {', '.join(sorted(unknown))}")
        at = names.index("id")
        ids = list(map(int, map(itemgetter(at), values)))
        _check_rows(names, values)
        with self._units.write() as w, digest_beside(names, values) as digest:
            with indexed_as_inserted(w.conn, "event", ids):
                insert_many(w.conn, events_t, names, values)
            w.audit.record(
                "import",
                "events",
                None,
                None,
                {
                    "count": len(values),
                    "first_id": min(ids),
                    "last_id": max(ids),
                    "columns": names,
                    "sha256": digest(),
                },
            )
            w.audit.touched.add("events", ids)
            w.extend(ChangeSet(tuple(map(Change, repeat("create"), repeat("event"), ids))))
            if links:
                write_links(w, links)
            return w.changes
