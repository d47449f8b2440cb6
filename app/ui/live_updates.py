"""Live updates in a window on a shared case: the change sets other people commit (heard by
:class:`app.store.postgresql.live.Listener` on its own thread) are handed to the event loop
and announced by the session like a local change, so every view patches what they name; the
status bar says who changed what."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.domain.records import ChangeSet

KINDS = {"event": "events", "source": "sources", "citation": "citations", "entity": "entities"}


def describe(actor: str, changes: ChangeSet) -> str:
    """``ann changed 2 events and 1 citation`` (plain text for the status bar)."""
    who = actor or "someone"
    if changes.is_everything:
        return f"{who} changed the case; it was read again"
    counts: dict[str, set[int]] = {}
    for change in changes.changes:
        counts.setdefault(change.kind, set()).add(change.id)
    parts = [
        f"{len(ids)} {kind if len(ids) == 1 else KINDS.get(kind, kind + 's')}"
        for kind, ids in sorted(counts.items())
    ]
    listed = " and ".join(parts) if len(parts) <= 2 else ", ".join(parts)
    return f"{who} changed {listed}"


class LiveUpdates(QObject):
    """Hears a shared case's change sets while the session is open (see the module)."""

    heard = Signal(object)  # a RemoteChange, emitted on the listener's thread

    def __init__(self, session: Any) -> None:
        super().__init__(session)
        from app.store.postgresql.live import listen

        self._session = session
        self.heard.connect(self._apply)  # queued: delivered on the window's thread
        self._listener = listen(session.case, self.heard.emit)

    def _apply(self, remote: Any) -> None:
        self._session.announce(remote.changes, remote)
        window = self._session.parent()
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(describe(remote.actor, remote.changes), 10_000)

    def stop(self) -> None:
        self._listener.stop()
