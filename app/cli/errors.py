"""How a verb fails: :class:`CommandError` and the exit statuses of ``casetrail``."""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE: the reader of standard output went away


class CommandError(Exception):
    """A one-line message for standard error, exit status 2."""
