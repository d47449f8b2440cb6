"""What a TimelineJS slide shows as its media, crediting the source it comes from.

TimelineJS takes any media address it does not recognise as an image, so a cited web page
given as the media would be drawn as a broken image (and fetched as one). The source's own
address is therefore the media only where TimelineJS shows that kind of address itself (an
image, video, audio or PDF file, or a page of a site it embeds, such as YouTube or
Wikipedia). Otherwise the media is the cited passage as a quotation (a ``<blockquote>``,
which TimelineJS shows as text and fetches nothing for), linked to the source's web address
where it has one. Either way the caption is the source's title and the credit names it
("Source: <title> (<author>)"), which is how Casetrail's importer knows its own export.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from app.domain.records import CitationRecord, SourceRecord

# File kinds TimelineJS shows as themselves (its media types image, video, audio and pdf).
_MEDIA_FILE = re.compile(r"\.(jpe?g|png|gif|svg|webp|mp4|webm|mp3|wav|m4a|pdf)$", re.IGNORECASE)
# Sites TimelineJS embeds by their page address.
_MEDIA_SITES = (
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "dailymotion.com",
    "soundcloud.com",
    "open.spotify.com",
    "wikipedia.org",
)


def shows_itself(url: str) -> bool:
    """Whether TimelineJS draws ``url`` as the thing it is (not as a broken image)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if any(host == site or host.endswith("." + site) for site in _MEDIA_SITES):
        return True
    return bool(_MEDIA_FILE.search(parts.path))


def _credit(source: SourceRecord) -> str:
    return html.escape(f"Source: {source.title}" + (f" ({source.author})" if source.author else ""))


def _chosen(citations: list[CitationRecord]) -> CitationRecord:
    """The citation the media quotes: the first supporting one with a quote, else the first
    with a quote, else the first."""
    for wanted in (
        lambda c: c.stance == "supports" and bool(c.quote),
        lambda c: bool(c.quote),
    ):
        for c in citations:
            if wanted(c):
                return c
    return citations[0]


def slide_media(
    citations: list[CitationRecord],
    sources: dict[int, SourceRecord],
    web: dict[int, str | None],
) -> dict[str, Any] | None:
    """The slide's media object for an event's ``citations`` (None when it cites nothing);
    ``web`` maps a source id to its web address (None where it has none)."""
    cited = [c for c in citations if c.source_id in sources]
    for c in cited:
        url = web.get(c.source_id)
        if url and shows_itself(url):
            source = sources[c.source_id]
            return {"url": url, "caption": html.escape(source.title), "credit": _credit(source)}
    if not cited:
        return None
    c = _chosen(cited)
    source = sources[c.source_id]
    if c.quote:
        shown = "&ldquo;" + html.escape(c.quote).replace("\n", "<br>") + "&rdquo;"
    else:
        shown = html.escape(source.title)
    media: dict[str, Any] = {
        "url": f"<blockquote>{shown}</blockquote>",
        "caption": html.escape(source.title),
        "credit": _credit(source),
    }
    url = web.get(c.source_id)
    if url:
        media["link"] = url
    return media
