"""Bates numbers: a prefix and a zero-padded number ("ABC0001234"), kept exactly as written.

A range is valid when both ends have the same prefix and the same number of digits and the
end is not before the start. Leading zeros are part of the number's text and are never
dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BATES = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_\-. ]*?)[ _\-.]?(?P<digits>\d{1,15})$")


class BatesError(ValueError):
    """A Bates number or range that cannot be accepted; ``str()`` says why."""


@dataclass(frozen=True)
class BatesNumber:
    prefix: str
    digits: str  # as written, leading zeros kept
    text: str

    @property
    def value(self) -> int:
        return int(self.digits)


def parse_bates(text: str) -> BatesNumber:
    clean = text.strip()
    if not clean:
        raise BatesError("a Bates number cannot be empty")
    match = _BATES.match(clean)
    if match is None:
        raise BatesError(
            f"{clean!r} is not a Bates number (a prefix followed by digits, e.g. ABC0001234)"
        )
    return BatesNumber(match["prefix"], match["digits"], clean)


def validate_bates_range(start: str, end: str) -> tuple[str, str]:
    """Both ends as written (stripped) when they form a valid range; an empty end means a
    single page. Raises :class:`BatesError` naming the problem."""
    if not start.strip() and not end.strip():
        return "", ""
    if not start.strip():
        raise BatesError("a Bates range needs a start")
    first = parse_bates(start)
    if not end.strip():
        return first.text, ""
    last = parse_bates(end)
    if first.prefix != last.prefix:
        raise BatesError(f"the prefixes differ ({first.prefix!r} and {last.prefix!r})")
    if len(first.digits) != len(last.digits):
        raise BatesError(
            f"the numbers have different widths ({first.digits} and "
            f"{last.digits}); keep the leading zeros"
        )
    if last.value < first.value:
        raise BatesError(f"the end ({last.text}) is before the start ({first.text})")
    return first.text, last.text
