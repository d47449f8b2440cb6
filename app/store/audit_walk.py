"""The audit chain walked a step at a time, without holding the interpreter for long.

:func:`app.store.audit.verify` walks the whole chain in one read transaction;
:class:`ChainWalk` does the same walk a few hundred rows a step (:meth:`ChainWalk.step`), each
step in a read transaction of its own, so that the window's health check can give way to a
search or an edit between steps (:mod:`app.store.checking`). The log is append-only (triggers
refuse UPDATE and DELETE), so the rows a step has verified stay what they were; the last step
reads the chain head and the row count in the same transaction as the last rows.

A row's hash is :func:`app.store.audit.row_hash`'s, byte for byte, but a long field (a bulk
import's ``state`` holds 16 bytes of digest per row: 16 MB at a million events) is escaped,
encoded and hashed a piece at a time, and on SQLite read from the file a piece at a time
(incremental blob I/O), so that no single call holds the interpreter lock for long: a thread
of the interface waiting for it waits a few milliseconds at most.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) escapes with
from typing import Any

from sqlalchemy import Connection, select

from app.store.audit import GENESIS, has_state
from app.store.dialect import is_sqlite, trigger_names
from app.store.errors import is_undecodable
from app.store.tables import info_t

STEP_ROWS = 500  # audit rows per step
LONG = 1 << 16  # characters: a field longer than this is hashed a piece at a time
PIECE = 1 << 18  # characters (or bytes read from the file) per piece
MAX_PROBLEMS = 20

CheckIn = Callable[[], None]  # called between pieces of work; may raise to stop the step
_COLUMNS = "id, at, actor, action, table_name, row_id, old, new, prev_hash, row_hash"
# the text columns, as a careful walk reads them (bytes it decodes itself, and the type
# SQLite keeps: see ChainWalk)
_TEXTS = ("at", "actor", "action", "table_name", "old", "new", "prev_hash", "row_hash")
_CAREFUL = ", ".join(
    f"CAST({c} AS BLOB), typeof({c})" if c in _TEXTS else c for c in _COLUMNS.split(", ")
)  # fmt: skip
_FIELDS = (*_TEXTS[:4], "row_id", *_TEXTS[4:], "state")


class _NotUtf8(bytes):
    """Text a case file holds that does not decode as UTF-8."""


def _careful(value: bytes | None, kind: str) -> Any:
    """A text column read as bytes with its SQLite type: text, or bytes as stored (a BLOB),
    or :class:`_NotUtf8`."""
    if value is None or kind != "text":
        return value
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return _NotUtf8(value)


def _unread(fields: Sequence[Any]) -> str:
    """What is wrong with the fields (in :data:`_FIELDS` order) that are not text."""
    stored = [n for n, v in zip(_FIELDS, fields, strict=True) if type(v) is bytes]
    broken = [n for n, v in zip(_FIELDS, fields, strict=True) if isinstance(v, _NotUtf8)]
    said = [f"{', '.join(stored)} stored as bytes, not text"] if stored else []
    said += [f"{', '.join(broken)} not text (UTF-8)"] if broken else []
    return "; ".join(said)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _update(sha: Any, text: str) -> None:
    sha.update(text.encode("utf-8", "surrogatepass"))


def _pieces_of(text: str) -> Iterator[str]:
    for start in range(0, len(text), PIECE):
        yield text[start : start + PIECE]


def _nothing() -> None:
    pass


def _hash_string(sha: Any, pieces: Iterable[str], check_in: CheckIn) -> None:
    """Hash a JSON string made of ``pieces`` as json.dumps would write it whole: escaping
    is one character at a time, so escaping the pieces one by one gives the same text."""
    sha.update(b'"')
    for piece in pieces:
        check_in()
        _update(sha, encode_basestring(piece)[1:-1])
    sha.update(b'"')


def streamed_hash(content: list[Any], check_in: CheckIn = _nothing) -> str:
    """``row_hash``'s SHA-256 of ``json.dumps(content)``, with each long string (or an
    iterator of a string's pieces) escaped and hashed a piece at a time (``check_in()``
    before each piece)."""
    sha = hashlib.sha256(b"[")
    for n, value in enumerate(content):
        if n:
            sha.update(b",")
        if isinstance(value, Iterator):
            _hash_string(sha, value, check_in)
        elif isinstance(value, str) and len(value) > LONG:
            _hash_string(sha, _pieces_of(value), check_in)
        else:
            _update(sha, _dumps(value))
    sha.update(b"]")
    return sha.hexdigest()


def _blob_pieces(conn: Connection, audit_id: int) -> Generator[str, None, None]:
    """The ``state`` text of one audit row, read from the file a piece at a time (the read
    itself runs without the interpreter lock) and decoded as SQLite's text is (UTF-8)."""
    raw = conn.connection.driver_connection
    decoder = codecs.getincrementaldecoder("utf-8")()
    with raw.blobopen("audit_log", "state", audit_id, readonly=True) as blob:  # type: ignore[union-attr]
        while True:
            data = blob.read(PIECE)
            if not data:
                break
            yield decoder.decode(data)
    yield decoder.decode(b"", final=True)


class ChainWalk:
    """One walk of the audit chain: call :meth:`step` until it returns true, then read
    :attr:`problems` (the same lines, in the same order, as :func:`audit.verify`)."""

    def __init__(self, step_rows: int | None = None) -> None:
        self.step_rows = step_rows or STEP_ROWS
        self.problems: list[str] = []
        self.rows = 0  # verified so far
        self._prev = GENESIS
        self._after: int | None = None  # the last audit id verified
        self._state: bool | None = None
        # a case file with text that is not UTF-8 (only a hand edit makes it): the rows are
        # read as bytes and decoded here, so that the row at fault is named, not the query
        self._careful = False

    def step(self, conn: Connection, check_in: CheckIn = _nothing, *, whole: bool = False) -> bool:
        """Verify the next rows (all of them with ``whole``) on ``conn``; True when the walk
        has ended (the chain's head, count and triggers checked in this same transaction).
        ``check_in()`` is called before each row and each piece of a long one; a step that
        raises (there or anywhere) is undone: the next call starts it again."""
        saved = (len(self.problems), self.rows, self._prev, self._after)
        try:
            return self._step(conn, check_in, whole)
        except BaseException as error:
            kept, self.rows, self._prev, self._after = saved
            del self.problems[kept:]
            if self._careful or not is_undecodable(error):
                raise
        self._careful = True  # SQLite's text did not decode: the step again, with care
        return self.step(conn, check_in, whole=whole)

    def _step(self, conn: Connection, check_in: CheckIn, whole: bool) -> bool:
        if self._state is None:
            self._state = has_state(conn)
        limit = "" if whole else f" LIMIT {int(self.step_rows)}"
        where = "" if self._after is None else f" WHERE id > {int(self._after)}"
        columns = _CAREFUL if self._careful else _COLUMNS
        cursor = conn.exec_driver_sql(
            f"SELECT {columns}, {self._state_columns(conn)} FROM audit_log"
            f"{where} ORDER BY id{limit}"
        )
        found = cursor if whole else cursor.fetchall()  # (the whole log is streamed)
        count = 0
        for row in found:
            count += 1
            check_in()
            if self._verify(conn, row, check_in):
                return True
        if not whole and count == self.step_rows:
            return False
        self._finish(conn)
        return True

    def _state_columns(self, conn: Connection) -> str:
        if not self._state:
            return "'', 0"
        if not is_sqlite(conn):
            return "state, 0"
        long = f"typeof(state) = 'text' AND length(state) > {LONG}"
        state = f"CASE WHEN {long} THEN NULL ELSE state END"
        if self._careful:
            return f"CAST({state} AS BLOB), typeof({state}), {long}"
        return f"{state}, {long}"

    def _verify(self, conn: Connection, row: Any, check_in: CheckIn) -> bool:
        """Check one row; True when there are too many problems to go on."""
        if self._careful:  # (the texts and the state come with their types)
            rid, *read, long = row
            values = [*map(_careful, read[0:8:2], read[1:8:2]), read[8]]
            values += [*map(_careful, read[9:-1:2], read[10::2])]
            state = values.pop()
        else:
            rid, *values, state, long = row
        at, actor, action, table, row_id, old, new, prev_hash, stored = values
        self.rows += 1
        self._after = rid
        if prev_hash != self._prev:
            self.problems.append(f"audit row {rid}: does not follow the row before it")
        content: list[Any] = [prev_hash, at, actor, action, table, row_id, old, new]
        pieces = _blob_pieces(conn, rid) if long else None
        if pieces is not None:
            content.append(pieces)
        elif state:
            content.append(state)
        try:
            unread = _unread((*values, state)) if self._careful else ""
            if unread:
                self.problems.append(f"audit row {rid}: {unread}")
            elif streamed_hash(content, check_in) != stored:
                self.problems.append(f"audit row {rid}: content does not match its hash")
        except TypeError:  # bytes, which JSON cannot hold: a field stored as bytes
            unread = _unread((*values, state)) or "content does not match its hash"
            self.problems.append(f"audit row {rid}: {unread}")
        except UnicodeDecodeError:  # a long state read from the file
            self.problems.append(f"audit row {rid}: state not text (UTF-8)")
        finally:
            if pieces is not None:
                pieces.close()  # the blob is closed before the transaction ends, whatever happens
        self._prev = stored
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append("audit log: more problems not listed")
            return True
        return False

    def _finish(self, conn: Connection) -> None:
        head, expected = conn.execute(
            select(info_t.c.audit_head, info_t.c.audit_count).where(info_t.c.id == 1)
        ).one()
        if self.rows != expected:
            self.problems.append(f"audit log has {self.rows} rows; the case recorded {expected}")
        elif (head or GENESIS) != self._prev:
            self.problems.append("audit log: the newest row is not the one the case recorded")
        triggers = trigger_names(conn, "audit_log")
        for name in ("audit_log_no_update", "audit_log_no_delete"):
            if name not in triggers:
                self.problems.append(f"audit log: protective trigger {name} is missing")
