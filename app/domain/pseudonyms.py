"""Pseudonyms: an entity's real name replaced by the name an output may show ("Survivor 1").

Replacement is case-insensitive and whole-word: "Carl Ferrer" becomes "Survivor 1" in
"carl ferrer's email" but "Carlton" stays. A name of several words matches across any run of
white space (a line break in a PDF's text). Longer names are tried first, so "Carl Ferrer"
wins over an entity named "Ferrer". :meth:`Pseudonyms.find` names a real name left in a
text (the check every pseudonymised output goes through before it is kept). Pure values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def _pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n.casefold()))
    if not words:
        return None
    parts = [r"\s+".join(re.escape(w) for w in name.split()) for name in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Found:
    """A real name left in a text: which entity's, as written, and where (offset, line)."""

    name: str
    written: str
    offset: int
    line: int


class Pseudonyms:
    """Real names (an entity's name and any aliases) and the pseudonym each stands for."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._to: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for real, pseudonym in pairs:
            if real.strip() and pseudonym.strip():
                self._to[_key(real)] = " ".join(pseudonym.split())
                self._names[_key(real)] = " ".join(real.split())
        self._re = _pattern(self._names.values())

    @classmethod
    def of_entities(cls, entities: Iterable[object]) -> Pseudonyms:
        """From entity records: those with a pseudonym (and their ``aliases``, if any)."""
        pairs: list[tuple[str, str]] = []
        for e in entities:
            pseudonym = str(getattr(e, "pseudonym", "") or "")
            if not pseudonym.strip():
                continue
            for real in (getattr(e, "name", ""), *getattr(e, "aliases", ())):
                pairs.append((str(real), pseudonym))
        return cls(pairs)

    def __bool__(self) -> bool:
        return self._re is not None

    @property
    def real_names(self) -> tuple[str, ...]:
        return tuple(self._names.values())

    def apply(self, text: str) -> str:
        """``text`` with every real name replaced by its pseudonym."""
        if self._re is None or not text:
            return text
        return self._re.sub(lambda m: self._to[_key(m.group(0))], text)

    def find(self, text: str) -> Found | None:
        """The first real name left in ``text``, or None."""
        if self._re is None or not text:
            return None
        m = self._re.search(text)
        if m is None:
            return None
        line = text.count("\n", 0, m.start()) + 1
        return Found(self._names[_key(m.group(0))], m.group(0), m.start(), line)
