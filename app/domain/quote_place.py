"""Where a citation's quote is in a document's text (no Qt).

``find_quote`` finds a quote in one text word for word, whitespace aside (line breaks,
"\\r\\n" and runs of spaces do not matter) and gives the span in the text *as it is*, so a
viewer can mark exactly those characters. ``locate_quote`` looks at the cited pages first,
then everywhere else, and when the quote is nowhere word for word gives the nearest match:
the stretch of text sharing most of the quote's words (case and punctuation aside), if it
shares at least half of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
NEAREST_SHARE = 0.5  # a nearest match shares at least this share of the quote's words


@dataclass(frozen=True)
class QuoteHit:
    """The quote at ``page`` (0-based index into the texts searched), characters ``start``
    to ``end`` of that text; ``exact`` is False for a nearest match, whose ``score`` is the
    share of the quote's words it holds."""

    page: int
    start: int
    end: int
    exact: bool = True
    score: float = 1.0


def _collapsed(text: str) -> tuple[str, list[int]]:
    """The text with each whitespace run made one space, and for each of its characters
    the index of the character it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for index, ch in enumerate(text):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(index)
            space = True
            continue
        space = False
        out.append(ch)
        where.append(index)
    return "".join(out), where


def find_quote(text: str, quote: str, *, ignore_case: bool = False) -> tuple[int, int] | None:
    """(start, end) of ``quote`` in ``text`` (end exclusive), whitespace aside, or None."""
    wanted = " ".join(quote.split())
    if not wanted or not text:
        return None
    collapsed, where = _collapsed(text)
    if ignore_case:
        collapsed, wanted = collapsed.casefold(), wanted.casefold()
        if len(collapsed) != len(where):  # casefold changed lengths: give up on folding
            return None
    at = collapsed.find(wanted)
    if at < 0:
        return None
    return where[at], where[at + len(wanted) - 1] + 1


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``text``, case and whitespace aside."""
    wanted = " ".join(needle.split()).casefold()
    collapsed, where = _collapsed(text)
    collapsed = collapsed.casefold()
    if not wanted or len(collapsed) != len(where):
        return []
    spans = []
    at = collapsed.find(wanted)
    while at >= 0:
        spans.append((where[at], where[at + len(wanted) - 1] + 1))
        at = collapsed.find(wanted, at + max(1, len(wanted)))
    return spans


def locate_quote(
    texts: Sequence[str], quote: str, cited: Sequence[int] = ()
) -> tuple[QuoteHit | None, bool]:
    """Where ``quote`` is among ``texts`` (the pages of a PDF, or one text), and whether
    that is at the cited place: the cited pages (0-based) are searched first. With no
    ``cited`` pages, any page is the cited place. Returns (hit or None, at_pinpoint)."""
    order = [p for p in cited if 0 <= p < len(texts)]
    order += [p for p in range(len(texts)) if p not in order]
    for page in order:
        span = find_quote(texts[page], quote)
        if span is not None:
            return QuoteHit(page, *span), page in cited or not cited
    for page in order:  # the same words in other capitals: the nearest match
        span = find_quote(texts[page], quote, ignore_case=True)
        if span is not None:
            return QuoteHit(page, *span, exact=False, score=1.0), False
    return nearest_quote(texts, quote), False


def nearest_quote(texts: Sequence[str], quote: str) -> QuoteHit | None:
    """The stretch of text holding most of the quote's words, as long as the quote in words,
    if it holds at least half of them; ties go to the earliest."""
    wanted = [w.casefold() for w in _WORD.findall(quote)]
    if not wanted:
        return None
    need = Counter(wanted)
    size = len(wanted)
    best: QuoteHit | None = None
    for page, text in enumerate(texts):
        words = [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
        have: Counter[str] = Counter()
        shared = 0
        for i, (word, _, _) in enumerate(words):
            have[word] += 1
            if have[word] <= need[word]:
                shared += 1
            if i >= size:
                gone = words[i - size][0]
                if have[gone] <= need[gone]:
                    shared -= 1
                have[gone] -= 1
            first = max(0, i - size + 1)
            score = shared / size
            if score >= NEAREST_SHARE and (best is None or score > best.score):
                best = QuoteHit(page, words[first][1], words[i][2], exact=False, score=score)
    return best
