"""What an import found and did: row-level errors, the refusal, and the final report.

Imports are all-or-nothing: a file is checked completely first; if any row is rejected,
:class:`ImportRejected` lists every :class:`RowError` and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.records import ChangeSet


@dataclass(frozen=True)
class RowError:
    """One rejected cell or row.

    ``row`` is the row number a spreadsheet shows (the header is row 1, the first data row
    is row 2; a record with line breaks inside a quoted cell is still one row). For JSON
    formats ``row`` is the 1-based position of the item in its list and ``column`` is the
    path to the value (``events[3].start_date.month``). ``row`` 0 means the whole file.
    """

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = "file" if self.row == 0 else f"row {self.row}"
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.reason}"


class ImportRejected(ValueError):
    """Nothing was imported; ``errors`` says which rows (and cells) were rejected and why."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = list(errors)
        shown = "; ".join(str(e) for e in self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        super().__init__(f"nothing was imported: {len(self.errors)} problem(s): {shown}{more}")


@dataclass
class ImportReport:
    """What an import wrote (or, with ``dry_run``, would write)."""

    dry_run: bool = False
    events: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    entities: list[int] = field(default_factory=list)
    eras: list[int] = field(default_factory=list)
    citations: int = 0
    tags: list[str] = field(default_factory=list)
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    changes: ChangeSet = field(default_factory=ChangeSet)  # what was written, every row
    updated: list[int] = field(default_factory=list)  # events that were there, updated (merge)
    renumbered: bool = False  # the file's event ids were not kept
    views: int = 0  # saved views
    history: int = 0  # rows of another case's change history, kept as such

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        new = len(self.events) - len(self.updated)
        parts = [f"{len(self.events)} event(s)"]
        if self.updated:
            verb_updated = "would update" if self.dry_run else "updated"
            parts = [f"{new} new event(s)", f"{verb_updated} {len(self.updated)} by id"]
        if self.renumbered and self.events:
            parts[0] += f" as new events with new ids {_span(self.events)}"
        if self.sources:
            parts.append(f"{len(self.sources)} new source(s)")
        if self.citations:
            parts.append(f"{self.citations} citation(s)")
        if self.eras:
            parts.append(f"{len(self.eras)} era(s)")
        if self.entities:
            parts.append(f"{len(self.entities)} new entit(y/ies)")
        if self.views:
            parts.append(f"{self.views} saved view(s)")
        if self.history:
            parts.append(f"{self.history} row(s) of the exporting case's history")
        return f"{verb} {', '.join(parts)}"


def _span(ids: list[int]) -> str:
    """``[9, 10, 11]`` -> "9-11"; ids that are not one run are listed (up to five)."""
    low, high = min(ids), max(ids)
    if high - low + 1 == len(ids):
        return str(low) if low == high else f"{low}-{high}"
    shown = ", ".join(map(str, sorted(ids)[:5]))
    return shown + (" ..." if len(ids) > 5 else "")


def title_warning(title: str | None, case_title: str, adopt_title: bool) -> list[str]:
    """The warning when a file's title differs from the case's and is not adopted."""
    if not title or adopt_title or title == case_title:
        return []
    return [f"the file's title {title!r} was not given to the case (--adopt-title does that)"]
