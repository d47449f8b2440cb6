"""Why an event matched the search: "Search 'twitter' found in: description", in the
table's tooltip for a matching row and in the detail panel (a source's title matching is
easy to miss: every demo event matches "Salesforce" through the sources it cites)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QTableView, QToolTip

from app.store.search_places import match_places
from app.ui.models import IdRole
from app.ui.search_bar import SearchBar
from app.ui.text import plain_tooltip

PLACE_WORDS = {
    "title": "title",
    "description": "description",
    "quote": "a quote",
    "pinpoint": "a pinpoint",
    "source": "a cited source",
}


class SearchHints(QObject):
    """Says where the search matched: ``describe(event_id)``, and the table's tooltips."""

    def __init__(self, finder: SearchBar, table: QTableView) -> None:
        super().__init__(table)
        self.finder, self.table = finder, table
        table.viewport().installEventFilter(self)

    def describe(self, event_id: int) -> str:
        """'Search "twitter" found in: description' for a match, else ""."""
        text = self.finder.edit.text().strip()
        session = self.finder.session
        if not text or session is None or event_id not in self.finder.matches:
            return ""
        places = match_places(session.case, text, event_id)
        where = ", ".join(PLACE_WORDS[p] for p in places) or "several places together"
        return f"Search \u201c{text}\u201d found in: {where}"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        index = self.table.indexAt(event.pos())
        event_id = index.data(IdRole) if index.isValid() else None
        hint = self.describe(int(event_id)) if event_id is not None else ""
        if not hint:
            return False
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        extra = plain_tooltip(hint)[len("<qt>") : -len("</qt>")]
        if isinstance(own, str) and own.startswith("<qt>") and own.endswith("</qt>"):
            tip = f"{own[: -len('</qt>')]}<br><br><b>{extra}</b></qt>"
        else:  # the row's own tooltip is escaped plain text inside <qt>, or there is none
            tip = plain_tooltip(hint)
        QToolTip.showText(event.globalPos(), tip, self.table)
        return True
