"""HTML pages and emails read as plain text: no script, no markup, attachments listed."""

from __future__ import annotations

from email.message import EmailMessage

from app.domain.document_text import paragraph_line, read_document
from app.domain.markup_text import email_text, html_text

PAGE = b"""<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style>
<script>alert('x')</script></head><body>
<h1>Notes</h1><p>1. The first <b>paragraph</b>
runs on.</p><p>2. The second &amp; last.</p><img src="https://example.org/x.png">
<iframe src="https://example.org/"></iframe></body></html>"""


def test_html_is_its_text_in_paragraphs() -> None:
    text = html_text(PAGE.decode())
    assert "alert" not in text and "color" not in text and "<" not in text
    assert "1. The first paragraph runs on." in text and "2. The second & last." in text
    document = read_document(PAGE, "notes.html")
    assert document is not None and document.kind == "text"
    body = document.pages[0]
    assert paragraph_line(body, 2) is not None
    assert body.splitlines()[paragraph_line(body, 2)].startswith("2. The second")


def make_email() -> bytes:
    message = EmailMessage()
    message["From"] = "Ann <ann@example.org>"
    message["To"] = "Bob <bob@example.org>"
    message["Date"] = "Tue, 5 Mar 2013 10:00:00 +0000"
    message["Subject"] = "The database"
    message.set_content("We signed the contract on 5 March 2013.\n\nRegards, Ann")
    message.add_attachment(
        b"%PDF-1.4 tiny", maintype="application", subtype="pdf", filename="c.pdf"
    )
    return bytes(message)


def test_an_email_shows_headers_body_and_attachments() -> None:
    text = email_text(make_email())
    assert text.startswith("From: Ann <ann@example.org>\nTo: Bob <bob@example.org>\n")
    assert "Subject: The database" in text
    assert "We signed the contract on 5 March 2013." in text
    assert "Attachments:\n- c.pdf (application/pdf, 13 bytes)" in text
    document = read_document(make_email(), "mail.eml")
    assert document is not None and "Regards, Ann" in document.pages[0]
