"""An email's attachments: listed in the viewer, each able to become a source of its own
(stored in the case, hashed, its notes naming the email), one undo step."""

from __future__ import annotations

import hashlib
from email.message import EmailMessage

from app.domain.email_parts import email_attachments, safe_name
from app.store.case import Case

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
)


def email_bytes() -> bytes:
    message = EmailMessage()
    message["From"] = "Counsel <counsel@example.com>"
    message["To"] = "Team <team@example.com>"
    message["Date"] = "Tue, 01 Mar 2016 10:00:00 +0000"
    message["Subject"] = "Board minutes and the photo"
    message.set_content("Attached are the minutes and the photograph we discussed.\n")
    message.add_attachment(
        b"Minutes of the board, 1 March 2016.\n", maintype="text", subtype="plain",
        filename="minutes.txt",
    )  # fmt: skip
    message.add_attachment(PNG, maintype="image", subtype="png", filename="../../photo.png")
    return bytes(message)


def stored_email(case: Case, data: bytes) -> int:
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=data, size=len(data), original_name="board.eml")
    return case.create_source(
        title="Email from counsel", kind="email", file_path="board.eml", file_sha256=sha,
        file_stored=True,
    ).created("source")  # fmt: skip


def test_attachments_are_read_with_safe_names() -> None:
    found = email_attachments(email_bytes())
    assert [(a.name, a.media_type) for a in found] == [
        ("minutes.txt", "text/plain"),
        ("photo.png", "image/png"),
    ]
    assert found[1].data == PNG and found[1].describe().startswith("photo.png (image/png, ")
    assert email_attachments(b"%PDF-1.4 not an email") == []
    assert safe_name("..\\..\\evil\x00.exe", 0) == "evil_.exe"
    assert safe_name(".bashrc", 2) == "bashrc" and safe_name("", 2) == "attachment-3"


def test_an_attachment_becomes_a_source_in_one_undo_step(qtbot, window, message_boxes) -> None:
    case = window.case
    data = email_bytes()
    email_id = stored_email(case, data)
    window.sources.refresh()
    viewer = window.opener.open_source(case, email_id, None, window).window
    panel = viewer.attachments
    assert [panel.list.item(i).text() for i in range(panel.list.count())][0].startswith(
        "minutes.txt (text/plain"
    )
    before = {s.id for s in case.sources()}
    steps = window.session.undo_stack.count()
    panel.list.setCurrentRow(1)
    panel.add_button.click()
    (new_id,) = {s.id for s in case.sources()} - before
    source = case.source(new_id)
    assert (source.title, source.kind, source.file_stored) == ("photo.png", "image", True)
    assert source.file_sha256 == hashlib.sha256(PNG).hexdigest()
    assert case.file_data(source.file_sha256) == PNG
    assert f"source {email_id}" in source.notes and "Email from counsel" in source.notes
    assert hashlib.sha256(data).hexdigest() in source.notes
    assert "Subject: Board minutes and the photo" in source.notes
    assert window.session.undo_stack.count() == steps + 1
    assert window.sources.selected_source_id() == new_id
    panel.add_button.click()  # the same file again: shown, not added twice
    assert {s.id for s in case.sources()} - before == {new_id}
    assert any("Already a source" in text for _, text in message_boxes)
    window.session.undo_stack.undo()
    assert {s.id for s in case.sources()} == before
    window.session.undo_stack.redo()
    assert case.source(new_id).title == "photo.png"
    assert case.check() == []


def test_an_email_without_attachments_has_no_panel(qtbot, window) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Hi"
    message.set_content("No attachments here.\n")
    email_id = stored_email(window.case, bytes(message))
    viewer = window.opener.open_source(window.case, email_id, None, window).window
    assert getattr(viewer, "attachments", None) is None


def test_a_case_open_for_review_says_why_nothing_is_added(
    qtbot, make_window, demo_case_path, message_boxes
) -> None:
    with Case.open(demo_case_path) as case:
        email_id = stored_email(case, email_bytes())
    from app.store.engine import Mode

    review = Case.open(demo_case_path, Mode.REVIEW)
    window = make_window(review)
    viewer = window.opener.open_source(review, email_id, None, window).window
    before = len(review.sources())
    viewer.attachments.add_button.click()
    assert len(review.sources()) == before
    assert any("open for review" in text for _, text in message_boxes)
