"""The errors the store raises: a refused request (:class:`CaseError` and its kinds) and a
case file that cannot be used at all (:class:`CaseFileError`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.store.schema import SCHEMA_VERSION


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
        self.path = Path(path)
        self.problem = "; ".join(line.strip() for line in problem.splitlines() if line.strip())
        super().__init__(f"{self.path}: {self.problem}")


class ReadOnlyCaseError(CaseFileError):
    """The case file (or its folder) cannot be written; it can still be opened for review."""

    def __init__(self, path: str | os.PathLike[str], why: str = "") -> None:
        super().__init__(path, f"is read-only{f' ({why})' if why else ''}; open it for review")


class NewerSchemaError(CaseFileError):
    """The case was written by a newer Casetrail; it can still be opened for review."""

    def __init__(self, path: str | os.PathLike[str], found: int) -> None:
        self.found = found
        super().__init__(
            path,
            f"written by a newer Casetrail (schema {found}; this version knows up to "
            f"{SCHEMA_VERSION}); open it for review (read-only) or update Casetrail",
        )
