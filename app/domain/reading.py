"""Reading progress: which pages (of a PDF) or paragraphs (of a text) of a source have been
shown in the viewer, so a team sees what has been read ("12 of 40 pages read").

The places seen are kept as compact 1-based ranges ("1-5,7,9-12"); recording more places
only ever adds to them. No Qt and no database here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

ReadingUnit = Literal["page", "paragraph"]
UNITS: tuple[ReadingUnit, ...] = ("page", "paragraph")
MAX_PLACES = 1_000_000  # a place number beyond this is not a page or paragraph of a source
_RANGE = re.compile(r"^(\d{1,7})(?:-(\d{1,7}))?$")


class ReadingError(ValueError):
    """Reading progress that cannot be: an unknown unit, a place outside the document."""


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """``"1-5,7"`` as sorted, merged ``[(1, 5), (7, 7)]``; ReadingError for anything else."""
    spans = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = _RANGE.match(part)
        if match is None:
            raise ReadingError(f"{part!r} is not a page or paragraph range")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if not 1 <= first <= last <= MAX_PLACES:
            raise ReadingError(f"{part!r} is not a page or paragraph range")
        spans.append((first, last))
    return merge(spans)


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping and touching ones joined."""
    out: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def format_ranges(spans: Iterable[tuple[int, int]]) -> str:
    return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def spans_of(places: Iterable[int]) -> list[tuple[int, int]]:
    return merge((p, p) for p in places)


@dataclass(frozen=True)
class ReadingProgress:
    """What of one source has been seen: ``seen`` 1-based spans of ``total`` pages or
    paragraphs (``unit``)."""

    source_id: int
    unit: ReadingUnit
    total: int
    seen: tuple[tuple[int, int], ...] = ()
    updated: str = ""
    file_sha256: str = ""  # the copy that was read

    @property
    def count(self) -> int:
        return sum(min(b, self.total) - a + 1 for a, b in self.seen if a <= self.total)

    @property
    def fraction(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def done(self) -> bool:
        return self.total > 0 and self.count >= self.total

    def summary(self) -> str:
        """ "12 of 40 pages read", "1 of 1 paragraph read"."""
        noun = self.unit if self.total == 1 else f"{self.unit}s"
        return f"{self.count} of {self.total} {noun} read"

    def has_seen(self, place: int) -> bool:
        i = bisect.bisect_right(self.seen, (place, MAX_PLACES + 1)) - 1
        return i >= 0 and self.seen[i][0] <= place <= self.seen[i][1]

    def adding(self, unit: ReadingUnit, total: int, places: Iterable[int]) -> ReadingProgress:
        """This progress with ``places`` seen too; a different unit or length (the file was
        replaced by another) starts again from what is seen now."""
        check(unit, total, places := list(places))
        kept = self.seen if (unit, total) == (self.unit, self.total) else ()
        seen = tuple(merge([*kept, *spans_of(places)]))
        return ReadingProgress(self.source_id, unit, total, seen, self.updated, self.file_sha256)


def check(unit: str, total: int, places: Iterable[int]) -> None:
    """ReadingError unless ``places`` are places 1..``total`` of a known ``unit``."""
    if unit not in UNITS:
        raise ReadingError(f"{unit!r} is not a unit of reading (page or paragraph)")
    if not 0 <= total <= MAX_PLACES:
        raise ReadingError(f"a document of {total} {unit}s cannot be read")
    bad = [p for p in places if not 1 <= p <= total]
    if bad:
        raise ReadingError(f"{unit} {bad[0]} is not in a document of {total} {unit}s")
