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

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        parts = [f"{len(self.events)} event(s)"]
        if self.sources:
            parts.append(f"{len(self.sources)} new source(s)")
        if self.citations:
            parts.append(f"{self.citations} citation(s)")
        if self.eras:
            parts.append(f"{len(self.eras)} era(s)")
        if self.entities:
            parts.append(f"{len(self.entities)} new entit(y/ies)")
        return f"{verb} {', '.join(parts)}"
