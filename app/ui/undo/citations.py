"""Undo commands for citations: add, update and remove one citation of an event."""

from __future__ import annotations

from app.store.case import Case
from app.ui.undo.rows import CreateRow, DeleteRow, UpdateRow


class AddCitation(CreateRow):
    kind, label = "citation", "citation"
    create_op, delete_op = Case.add_citation, Case.remove_citation


class UpdateCitation(UpdateRow):
    kind, label = "citation", "citation"
    update_op = Case.update_citation


class RemoveCitation(DeleteRow):
    kind, label = "citation", "citation"
    delete_op = Case.remove_citation
