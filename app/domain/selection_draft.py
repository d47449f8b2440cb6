"""What a passage selected in a source proposes for a new event or citation (no Qt).

``propose`` turns the selected text and where it was selected into a
:class:`SelectionProposal`: the quote (whitespace made single spaces), a pinpoint (the Bates
number of the page when the source has a Bates range, else the page; the paragraph of a
text), a title from the first words, and a date found in the passage with its precision.
The date is only a proposal: the form shows it for the person to keep, change or clear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.bates import BatesError, parse_bates
from app.domain.dates import DateError, FuzzyDate

TITLE_WORDS = 10
TITLE_CHARS = 80
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# the fullest forms first: a day and month and year, a month and year, a numeric date, a year
_DATE_PATTERNS = (
    rf"\b\d{{1,2}}\s+{_MONTHS}\s*,?\s+\d{{4}}\b",
    rf"\b{_MONTHS}\s+\d{{1,2}}\s*,\s*\d{{4}}\b",
    rf"\b{_MONTHS}\s+\d{{1,2}}\s+\d{{4}}\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}/\d{1,2}/\d{4}\b",
    rf"\b{_MONTHS}\s+\d{{4}}\b",
    r"\b(?:1[5-9]|20)\d{2}\b",
)


@dataclass(frozen=True)
class DateProposal:
    text: str  # as found in the passage
    date: FuzzyDate

    @property
    def precision(self) -> str:
        return self.date.precision_word


@dataclass(frozen=True)
class SelectionProposal:
    source_id: int
    quote: str
    pinpoint: str
    title: str
    date: DateProposal | None


def quote_of(selected: str) -> str:
    """The selected text as a quote: every whitespace run one space, ends trimmed."""
    return " ".join(selected.replace("\u2029", "\n").replace("\u2028", "\n").split())


def propose_title(quote: str) -> str:
    """The first words of the passage, without a leading paragraph number, cut at a word."""
    text = re.sub(r"^(?:¶\s*)?\d{1,4}[.)]\s+", "", quote)
    words = text.split()[:TITLE_WORDS]
    title = " ".join(words)
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS].rsplit(" ", 1)[0]
    title = title.rstrip(",;:-\u2013\u2014 ")
    if len(text.split()) > len(words) or len(title) < len(" ".join(words)):
        title += "\u2026"
    return title[:1].upper() + title[1:]


def find_date(text: str, *, day_first: bool = False) -> DateProposal | None:
    """The most precise date written in ``text`` (the first of its kind), or None."""
    for pattern in _DATE_PATTERNS:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            try:
                return DateProposal(
                    match.group(), FuzzyDate.parse(match.group(), day_first=day_first)
                )
            except DateError:
                continue
    return None


def bates_of_page(bates_start: str, page: int) -> str | None:
    """The Bates number of 1-based ``page`` of a source whose first page is ``bates_start``,
    written the way the start is (prefix, separator, width)."""
    try:
        start = parse_bates(bates_start)
    except BatesError:
        return None
    head = start.text[: len(start.text) - len(start.digits)]
    return head + str(start.value + page - 1).rjust(len(start.digits), "0")


def pinpoint_for(
    *, page: int | None = None, paragraph: int | None = None, bates_start: str = ""
) -> str:
    """The pinpoint of a selection: the Bates number of its page (when the source has a
    Bates range), else its page, else its paragraph; empty when none is known."""
    if page is not None:
        stamped = bates_of_page(bates_start, page) if bates_start.strip() else None
        return stamped or f"p. {page}"
    if paragraph is not None:
        return f"\u00b6 {paragraph}"
    return ""


def propose(
    source_id: int,
    selected: str,
    *,
    page: int | None = None,
    paragraph: int | None = None,
    bates_start: str = "",
    day_first: bool = False,
) -> SelectionProposal | None:
    """The proposal for a selected passage; None when nothing is selected."""
    quote = quote_of(selected)
    if not quote:
        return None
    return SelectionProposal(
        source_id=source_id,
        quote=quote,
        pinpoint=pinpoint_for(page=page, paragraph=paragraph, bates_start=bates_start),
        title=propose_title(quote),
        date=find_date(quote, day_first=day_first),
    )
