"""The readable text of an HTML page or an email, so they are shown, cited and searched as
plain text (no Qt).

HTML is never rendered: its text is taken out (scripts, styles and other non-text elements
dropped, nothing loaded from anywhere), with a blank line between blocks (paragraphs,
headings, list items, table rows) so numbered paragraphs read as they do in a text file. An
email (``.eml``) shows its headers (From, To, Cc, Date, Subject), its body (the plain-text
part, else the HTML part's text) and a list of its attachments by name, type and size.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "section", "article", "header", "footer", "table", "ul", "ol", "dd", "dt", "hr",
}  # fmt: skip
_SKIPPED = {"script", "style", "head", "noscript", "template", "svg", "object", "iframe"}
_HEADERS = ("From", "To", "Cc", "Date", "Subject")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n\f\v]+", " ", data))


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.match(r"<(?:head|body|p|div|h[1-6])\b", head)
    )


def html_text(markup: str) -> str:
    """The text of an HTML document, blocks separated by a blank line."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    joined = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in joined.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def looks_like_email(data: bytes) -> bool:
    head = data[:2048].decode("latin-1")
    fields = re.findall(r"^(From|To|Subject|Date|Received|Message-ID|MIME-Version):", head, re.M)
    return len(set(fields)) >= 3


def email_text(data: bytes) -> str:
    """An email's headers, body and attachment list, as plain text."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    lines = [
        f"{name}: {' '.join(str(message[name]).split())}" for name in _HEADERS if message[name]
    ]
    body = ""
    if isinstance(message, EmailMessage):
        part = message.get_body(preferencelist=("plain", "html"))
        if part is not None:
            content = part.get_content()
            body = html_text(content) if part.get_content_type() == "text/html" else content
    attachments = []
    if isinstance(message, EmailMessage):
        for item in message.iter_attachments():
            payload = item.get_payload(decode=True) or b""
            name = item.get_filename() or "(unnamed)"
            attachments.append(f"- {name} ({item.get_content_type()}, {len(payload)} bytes)")
    text = "\n".join(lines) + "\n\n" + body.strip() + "\n"
    if attachments:
        text += "\nAttachments:\n" + "\n".join(attachments) + "\n"
    return text


def readable_text(data: bytes, text: str, name: str = "") -> str:
    """The text to show for a text file: an email's or an HTML page's text, else ``text``."""
    lower = name.lower()
    if lower.endswith(".eml") or (not lower.endswith((".txt", ".md")) and looks_like_email(data)):
        try:
            return email_text(data)
        except (ValueError, LookupError, TypeError):
            return text
    if lower.endswith((".html", ".htm", ".xhtml")) or looks_like_html(text):
        return html_text(text)
    return text
