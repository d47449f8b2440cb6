"""What Open does for a citation, and whether its quote is at the place it opens (no Qt).

``plan_open`` decides, from the source (its stored or linked copy, its address, its Bates
range) and the parsed pinpoint, what opening the citation shows: a page, a paragraph, a
web address, the document from its start, or nothing. Given the document's text it also
finds the page that holds a cited paragraph of a PDF. ``quote_found`` checks the quote
against the text of that place. The citation cards, the opener and ``casetrail citations``
all use these two, so the button, the window and the command say the same thing.

``opens`` is one of:

- ``page``: a page of a PDF (a page pinpoint, or a Bates number inside the source's range);
- ``paragraph``: a numbered paragraph (of a text, or the PDF page that holds it);
- ``line``: a transcript page:line ("Tr. 45:3-12"): the transcript's page (page N of the
  PDF is transcript page N) with its first ``line`` (and ``last_line``);
- ``timecode``: an audio or video file, played from the cited time (``seconds``, to
  ``last_seconds`` for a range; from its start when the pinpoint is not a timecode);
- ``address``: the source's web address, shown first and opened only by the link policy;
- ``document``: the copy from its start (its pinpoint names no place Casetrail can find);
- ``none``: nothing can be opened (no copy in the case and no address, a copy that is
  missing, a file Casetrail cannot show, or an address the link policy refuses).

``quote_found`` is True when the quote is in the text of the place Open shows (word for
word, line breaks aside), False when that text was read and the quote is not in it, and
None when there is nothing to search: no quote, no copy, an address, an image or a PDF whose
text cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Literal

from app.domain.bates import BatesError, parse_bates
from app.domain.citations import Pinpoint, format_pinpoint
from app.domain.document_text import DocumentText, contains_quote
from app.domain.links import decide_url
from app.domain.media import MEDIA_SUFFIXES
from app.domain.records import SourceRecord

Opens = Literal["page", "paragraph", "line", "timecode", "address", "document", "none"]
CopyState = Literal["present", "missing", "none"]

ATTACH = "No copy in the case - Attach a copy..."
ATTACH_MISSING = "Copy missing - Attach a copy..."


@dataclass(frozen=True)
class OpenPlan:
    """What Open does: ``opens`` (see the module), the 1-based ``page`` a PDF is shown at,
    the ``paragraph`` marked in a text, the ``address``; ``label`` is the card's button
    text, ``enabled`` whether the button does something, and ``note`` says why a pinpoint
    could not be used or why nothing opens."""

    opens: Opens
    label: str
    enabled: bool = True
    page: int | None = None
    last_page: int | None = None
    paragraph: int | None = None
    last_paragraph: int | None = None
    address: str = ""
    note: str = ""
    line: int | None = None
    last_line: int | None = None
    seconds: float | None = None
    last_seconds: float | None = None

    @property
    def attach(self) -> bool:
        """True when the button offers to attach a copy of the source."""
        return self.label in (ATTACH, ATTACH_MISSING)

    def viewer_pinpoint(self, kind: str | None) -> Pinpoint | None:
        """The place for the viewer: a page of a PDF, a paragraph of a text."""
        if kind == "pdf" and self.page is not None and self.opens == "line":
            return Pinpoint("transcript", page=self.page, line=self.line, last_line=self.last_line)
        if kind == "pdf" and self.page is not None:
            return Pinpoint("page", page=self.page, last_page=self.last_page)
        if kind == "media" and self.opens == "timecode" and self.seconds is not None:
            return Pinpoint("timecode", seconds=self.seconds, last_seconds=self.last_seconds)
        if kind == "text" and self.paragraph is not None:
            return Pinpoint(
                "paragraph", paragraph=self.paragraph, last_paragraph=self.last_paragraph
            )
        return None


def has_copy(source: SourceRecord) -> bool:
    return bool((source.file_stored and source.file_sha256) or source.file_path)


def plan_open(
    source: SourceRecord,
    pinpoint: Pinpoint,
    *,
    copy: CopyState | None = None,
    document: DocumentText | None = None,
) -> OpenPlan:
    """What opening a citation of ``source`` at ``pinpoint`` does.

    ``copy`` says whether the source's file is there (by default: present if it has one);
    ``document`` is the file's text when it has been read (needed to find the page of a
    paragraph in a PDF and to know that a file can be shown at all)."""
    copy = copy or ("present" if has_copy(source) else "none")
    if copy == "missing":
        return OpenPlan("none", ATTACH_MISSING, note="the copy of this source is missing")
    if copy == "none":
        return _plan_address(source)
    name = PurePath(source.file_path).name.lower()
    if document is None and name.endswith(MEDIA_SUFFIXES):
        return plan_media(pinpoint)
    return _plan_place(source, pinpoint, document)


def _plan_address(source: SourceRecord) -> OpenPlan:
    url = source.url.strip()
    if not url:
        return OpenPlan("none", ATTACH, note="no copy in the case and no address")
    decision = decide_url(url)
    if decision.action != "confirm_web":
        return OpenPlan("none", "Address not allowed", enabled=False, note=decision.reason)
    return OpenPlan("address", "Show address", address=decision.url)


def _plan_place(source: SourceRecord, pin: Pinpoint, doc: DocumentText | None) -> OpenPlan:
    kind = doc.kind if doc is not None else None
    whole = OpenPlan("document", "Open", page=1 if kind == "pdf" else None)
    if pin.kind == "page" and pin.page is not None and kind in (None, "pdf"):
        page, last = pin.page, pin.last_page
        if doc is not None and page > doc.page_count:
            return _with_note(whole, f"the copy has no page {page}")
        if doc is not None and last is not None and last > doc.page_count:
            last = doc.page_count if doc.page_count > page else None
        return OpenPlan("page", f"Open {format_pinpoint(pin)}", page=page, last_page=last)
    if pin.kind == "transcript" and pin.page is not None and kind in (None, "pdf"):
        if doc is not None and pin.page > doc.page_count:
            return _with_note(whole, f"the transcript has no page {pin.page}")
        opens: Opens = "line" if pin.line is not None else "page"
        return OpenPlan(
            opens,
            f"Open {format_pinpoint(pin)}",
            page=pin.page,
            last_page=pin.last_page,
            line=pin.line,
            last_line=pin.last_line,
        )
    if pin.kind == "exhibit" and pin.page is not None and kind in (None, "pdf"):
        if doc is not None and pin.page > doc.page_count:
            return _with_note(whole, f"the copy has no page {pin.page}")
        return OpenPlan("page", f"Open {format_pinpoint(pin)}", page=pin.page)
    if pin.kind == "exhibit":
        return OpenPlan("document", f"Open {format_pinpoint(pin)}", page=whole.page)
    if pin.kind == "bates" and pin.bates and kind in (None, "pdf"):
        stamped = bates_page(source, pin.bates)
        if stamped is None or (doc is not None and stamped > doc.page_count):
            return _with_note(whole, f"{pin.text.strip()} is not a page of this copy")
        return OpenPlan("page", f"Open {pin.text.strip()} (p. {stamped})", page=stamped)
    if pin.kind == "paragraph" and pin.paragraph is not None and kind in (None, "pdf", "text"):
        first = pin.paragraph
        holder: int | None = None  # the PDF page that holds the paragraph
        if doc is not None:
            places = len(doc.paragraph_places())
            if first > places:
                return _with_note(whole, f"the copy has no paragraph {first}")
            holder = doc.paragraph_page(first)
        label = f"Open {format_pinpoint(pin)}"
        return OpenPlan(
            "paragraph", label, page=holder, paragraph=first, last_paragraph=pin.last_paragraph
        )
    if pin.kind in ("none",):
        return whole
    return _with_note(whole, f"{format_pinpoint(pin)!r} is not a place Casetrail can open at")


def plan_media(pin: Pinpoint) -> OpenPlan:
    """Play a recording from the cited time (its start when the pinpoint is no time)."""
    if pin.kind == "timecode" and pin.seconds is not None:
        return OpenPlan(
            "timecode",
            f"Play from {format_pinpoint(pin)}",
            seconds=pin.seconds,
            last_seconds=pin.last_seconds,
        )
    plan = OpenPlan("timecode", "Play", seconds=0.0)
    if pin.kind == "none":
        return plan
    return replace(plan, note=f"{format_pinpoint(pin)!r} is not a time in the recording")


def _with_note(plan: OpenPlan, note: str) -> OpenPlan:
    return OpenPlan(plan.opens, plan.label, plan.enabled, plan.page, note=note)


def bates_page(source: SourceRecord, bates: str) -> int | None:
    """The 1-based page of ``source`` whose Bates number is ``bates`` (same prefix, within
    the source's range, counted from its first number), or None."""
    try:
        start = parse_bates(source.bates_start)
        wanted = parse_bates(bates)
    except BatesError:
        return None
    if _prefix(start.prefix) != _prefix(wanted.prefix) or wanted.value < start.value:
        return None
    if source.bates_end.strip():
        try:
            end = parse_bates(source.bates_end)
        except BatesError:
            return None
        if wanted.value > end.value:
            return None
    return wanted.value - start.value + 1


def _prefix(prefix: str) -> str:
    return "".join(ch for ch in prefix.upper() if ch.isalnum())


def place_text(plan: OpenPlan, document: DocumentText | None) -> str | None:
    """The text of the place ``plan`` opens, or None if there is no text to read there."""
    if (
        document is None
        or not document.readable
        or plan.opens
        not in (
            "page",
            "paragraph",
            "line",
            "document",
        )
    ):
        return None
    if plan.opens == "paragraph" and plan.paragraph is not None:
        return document.paragraphs_text(plan.paragraph, plan.last_paragraph)
    if plan.opens in ("page", "line") and plan.page is not None:
        return document.pages_text(plan.page, plan.last_page)
    return document.whole_text()


def quote_found(quote: str, plan: OpenPlan, document: DocumentText | None) -> bool | None:
    """Whether ``quote`` is at the place ``plan`` opens (see the module for None)."""
    if not quote.strip():
        return None
    text = place_text(plan, document)
    if text is None:
        return None
    return contains_quote(text, quote)
