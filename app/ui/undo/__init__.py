"""Undo for case edits: the :class:`UndoController` and the undo commands it pushes.

``controller`` holds the controller, ``base`` the shared :class:`CaseCommand`, and
``events``, ``rows`` (sources, entities, tags, eras) and ``citations`` the commands by the
kind of record they change.
"""

from app.ui.undo.base import CaseCommand
from app.ui.undo.controller import UndoController
from app.ui.undo.events import FormSave

__all__ = ["CaseCommand", "FormSave", "UndoController"]
