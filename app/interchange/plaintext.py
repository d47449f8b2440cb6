"""HTML reduced to plain text, for formats (TimelineJS) whose text fields are HTML.

No tags survive; character references are decoded; the contents of ``<script>``, ``<style>``
and similar elements are dropped; ``<br>`` and block elements (``<p>``, ``<div>``, ``<li>``,
headings ...) become line breaks. Whitespace runs that contain a line break or tab collapse
to one space, as a browser would show them; plain spaces are kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_DROPPED = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head"}
_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "hr",
}
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]*[\t\r\n\f\v][ \t\r\n\f\v]*")
_MANY_BREAKS = re.compile(r"\n{3,}")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(_SPACE_RUN.sub(" ", data))


def html_to_text(html: str) -> str:
    """The text a reader would see in ``html``, as plain text."""
    if "<" not in html and "&" not in html:
        return html.strip()
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = "".join(parser.parts).split("\n")
    text = "\n".join(line.strip(" ") for line in lines)
    return _MANY_BREAKS.sub("\n\n", text).strip()
