"""The errors the store raises: a refused request (:class:`CaseError` and its kinds) and a
case file that cannot be used at all (:class:`CaseFileError`)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class CaseError(Exception):
    """A request the case cannot carry out; the text says why."""


class ReadOnlyError(CaseError):
    pass


class NotFoundError(CaseError):
    pass


class ValidationError(CaseError):
    pass


class StorageError(CaseError):
    """A write could not be carried out by the file system or another program (the disk is
    full, the file is read-only, another program holds the case); nothing was changed."""


class ConflictError(CaseError):
    """The record changed since the caller read it; ``current`` is what is stored now."""

    def __init__(self, kind: str, row_id: int, expected: int, current: Any) -> None:
        self.kind, self.row_id, self.expected, self.current = kind, row_id, expected, current
        now = "deleted" if current is None else f"at version {current.version}"
        super().__init__(
            f"{kind} {row_id} was changed elsewhere (you edited version {expected}; it is now "
            f"{now}); nothing was overwritten"
        )


class CaseFileError(Exception):
    """A case file cannot be used; ``str()`` is one line naming the file and the problem."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        # a shared case's location (app.store.postgresql.connect) is kept as it is
        self.path = path if hasattr(path, "conninfo") else Path(path)  # type: ignore[assignment]
        self.problem = "; ".join(line.strip() for line in problem.splitlines() if line.strip())
        super().__init__(f"{self.path}: {self.problem}")


class ReadOnlyCaseError(CaseFileError):
    """The case file (or its folder) cannot be written; it can still be opened for review."""

    def __init__(self, path: str | os.PathLike[str], why: str = "") -> None:
        super().__init__(path, f"is read-only{f' ({why})' if why else ''}; open it for review")


class NewerSchemaError(CaseFileError):
    """The case was written by a newer Casetrail; it can still be opened for review."""

    def __init__(self, path: str | os.PathLike[str], found: int) -> None:
        from app.store.schema import SCHEMA_VERSION  # SQLAlchemy: not on the first frame's path

        self.found = found
        super().__init__(
            path,
            f"written by a newer Casetrail (schema {found}; this version knows up to "
            f"{SCHEMA_VERSION}); open it for review (read-only) or update Casetrail",
        )


@dataclass(frozen=True)
class SchemaDifference:
    """One object of a case's schema that is not as Casetrail creates it: ``change`` is
    "extra" (Casetrail did not create it), "missing" or "differs"; ``type`` is SQLite's
    (table, index, trigger, view)."""

    change: str
    type: str
    name: str

    def describe(self) -> str:
        kind, name = _printable(self.type, 20), _printable(self.name, 80)
        if self.change == "extra":
            return f"this case contains {_a(kind)} `{name}` that Casetrail did not create"
        if self.change == "missing":
            return f"this case is missing the {kind} `{name}`"
        return f"the {kind} `{name}` differs from the one Casetrail creates"


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _printable(text: str, limit: int) -> str:
    """A name from a foreign file, safe for one line: control characters escaped, cut."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "\u2026"


class SchemaMismatchError(CaseFileError):
    """The case's schema is not the one Casetrail creates for its revision; nothing in it was
    run. ``differences`` lists every object found extra, missing or different."""

    SHOWN = 4

    def __init__(
        self,
        path: str | os.PathLike[str],
        differences: Sequence[SchemaDifference],
        *,
        foreign: bool = False,
    ) -> None:
        self.differences = list(differences)
        if foreign:  # Casetrail's mark on another program's tables
            found = [d for d in self.differences if d.change == "extra"][: self.SHOWN]
            holds = ", ".join(f"{d.type} `{_printable(d.name, 80)}`" for d in found)
            super().__init__(
                path,
                "is not a Casetrail case: it carries Casetrail's mark but none of its tables "
                f"(it holds {holds or 'nothing'}); it was not opened and is unchanged",
            )
            return
        extra = [d for d in self.differences if d.change == "extra"]
        others = [d for d in self.differences if d.change != "extra"]
        ordered = extra + others  # what could run comes first
        shown = [d.describe() for d in ordered[: self.SHOWN]]
        if len(ordered) > self.SHOWN:
            shown.append(f"and {len(ordered) - self.SHOWN} more difference(s)")
        ran = "it was not run; " if extra else ""
        super().__init__(
            path,
            f"{'; '.join(shown)}; {ran}the case was not opened and is unchanged "
            "(casetrail salvage copies its rows into a new, clean case)",
        )


def is_undecodable(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's text that is not UTF-8 failing to read (sqlite3's own
    error, or SQLAlchemy's around it)."""
    return "Could not decode to UTF-8" in str(error)


class DamagedTextError(CaseFileError):
    """The case holds text that is not UTF-8 (only a hand edit of the file makes it): its
    rows cannot be shown. ``places`` names the rows and columns found: at most
    :attr:`LISTED` of them, and one more when there are more."""

    SHOWN = 4
    LISTED = 20

    def __init__(self, path: str | os.PathLike[str], places: Sequence[str]) -> None:
        self.places = list(places)
        shown = "; ".join(self.places[: self.SHOWN]) or "a row"
        more = len(self.places) - self.SHOWN
        if more > 0:  # (a long list is cut: one place past the end means more)
            shown += f"; and {more} more" if len(self.places) <= self.LISTED else "; and more"
        super().__init__(
            path,
            f"holds text that is not UTF-8, changed outside the program ({shown}); the case "
            "cannot be shown (casetrail salvage copies its rows into a new, clean case)",
        )
