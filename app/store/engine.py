"""How a case may be opened (:class:`Mode`) and the errors opening raises.

The opening itself (header checks, PRAGMAs, the Engine) is SQLite's: see
:mod:`app.store.sqlite.connect`.
"""

from __future__ import annotations

from enum import StrEnum

from app.store.errors import CaseFileError, NewerSchemaError, SchemaMismatchError

__all__ = ["CaseFileError", "Mode", "NewerSchemaError", "SchemaMismatchError"]


class Mode(StrEnum):
    OPEN = "rw"  # an existing case, read-write; never creates a file
    NEW = "rwc"  # create a new case
    REVIEW = "ro"  # read-only
