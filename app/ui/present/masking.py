"""Presenting with pseudonyms: a cited page is shown only when it names no pseudonymised
person. The deck's own texts are read through the output policy (names replaced); a cited
document is evidence and is never altered, so one that names the person is held back with a
line saying why, and the presentation goes on."""

from __future__ import annotations

from app.domain.document_text import decode_text
from app.interchange.output_policy import OutputPolicy
from app.ui.present.deck import CitedFile

HELD_BACK = (
    "The cited page is not shown: it names a person this presentation shows under a pseudonym."
)


def masked(found: CitedFile | str, policy: OutputPolicy | None) -> CitedFile | str:
    """``found``, or :data:`HELD_BACK` when it names a real person the policy hides."""
    if policy is None or not policy.pseudonyms or isinstance(found, str):
        return found
    if found.data[:5] == b"%PDF-":
        from app.ui.pdf_text import pdf_bytes_text

        texts = pdf_bytes_text(found.data)
    else:
        texts = [decode_text(found.data)]
    if any(policy.pseudonyms.find(text) for text in texts):
        return HELD_BACK
    return found
