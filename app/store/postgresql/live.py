"""Live updates between the people working on one shared case: every write transaction
announces its change set with ``NOTIFY`` (delivered by the server only when the transaction
commits, so nobody hears of a change that was rolled back), and a :class:`Listener` hears the
others' change sets and hands each one, with who made it, to a callback, which applies it
as a local change (the views patch what it names).

A change set too long for one notification (8000 bytes) is announced as "everything"
(a reload), as a large import is locally.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.domain.records import Change, ChangeSet

CHANNEL = "casetrail_changes"
_LIMIT = 7900


@dataclass(frozen=True)
class RemoteChange:
    """A change set another session committed, who made it (the database user) and which
    open case made it (its token, to tell one's own changes apart)."""

    changes: ChangeSet
    actor: str
    session: str


def payload(changes: ChangeSet, actor: str, session: str = "") -> str:
    """The notification's text for ``changes``."""
    body = {
        "session": session,
        "actor": actor,
        "everything": changes.is_everything,
        "changes": [[c.action, c.kind, c.id] for c in changes.changes],
    }
    text = json.dumps(body, separators=(",", ":"))
    if len(text.encode()) > _LIMIT:
        text = json.dumps({"session": session, "actor": actor, "everything": True, "changes": []})
    return text


def announce(conn: Connection, changes: ChangeSet, actor: str, session: str) -> None:
    """Queue the notification of ``changes`` in the open write transaction on ``conn``."""
    if not changes.changes and not changes.is_everything:
        return
    conn.exec_driver_sql(
        "SELECT pg_notify(%(channel)s, %(body)s)",
        {"channel": CHANNEL, "body": payload(changes, actor, session)},
    )


def parse(text: str) -> RemoteChange | None:
    """A notification's change set, or None when its text is not one (ignored)."""
    try:
        body = json.loads(text)
        if body.get("everything"):
            changes = ChangeSet.everything()
        else:
            changes = ChangeSet(
                tuple(Change(str(a), str(k), int(i)) for a, k, i in body["changes"])
            )
        return RemoteChange(changes, str(body.get("actor", "")), str(body.get("session", "")))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


class Listener:
    """Hears the change sets other sessions commit on the shared case at ``conninfo`` and
    calls ``on_change`` for each, on the listener's own thread (a window hands it over to
    its event loop). :meth:`stop` ends it."""

    def __init__(
        self, conninfo: str, on_change: Callable[[RemoteChange], None], *, ignore: str = ""
    ) -> None:
        import psycopg

        self._conn: Any = psycopg.connect(conninfo, autocommit=True)
        self._on_change = on_change
        self._ignore = ignore  # an open case's own token: its own changes
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="casetrail-live", daemon=True)
        try:
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:  # a standby hears nothing (notifications are not replicated)
            self.hearing = False
            return
        self.hearing = True
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                for note in self._conn.notifies(timeout=0.2):
                    change = parse(note.payload)
                    if change is not None and (not self._ignore or change.session != self._ignore):
                        self._on_change(change)
            except Exception:  # the connection closed (stop, or the server went away)
                if self._stopping.is_set():
                    return
                self._stopping.wait(1.0)

    def stop(self) -> None:
        self._stopping.set()
        if self.hearing:
            self._thread.join(timeout=5)
        self._conn.close()


def listen(case: Any, on_change: Callable[[RemoteChange], None]) -> Listener:
    """A :class:`Listener` on the shared ``case``, deaf to the case's own changes."""
    return Listener(case.path.conninfo, on_change, ignore=case._units.token)  # noqa: SLF001


def session_token(case: Any) -> str:
    """The token naming ``case``'s own changes in what it announces."""
    return str(case._units.token)  # noqa: SLF001 - the store's own unit of work
