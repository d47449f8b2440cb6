"""Recording what the viewer shows as reading progress, cheaply and without losing any.

``ReadingRecorder`` (one per writable session) collects the pages and paragraphs viewers
show and writes them to the case in one audited transaction a few seconds later, when a
viewer closes, and when the case closes; it is not an undo step. A write the case refuses
for now (busy, disk full) is kept and tried again. ``watch_viewer`` connects a viewer
window: the PDF page shown, or the paragraphs of a text in view as it scrolls.
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QTimer

from app.domain.document_text import paragraph_starts
from app.domain.reading import ReadingUnit
from app.domain.records import ChangeSet
from app.store.errors import CaseError, StorageError
from app.store.reading import reading_of

if TYPE_CHECKING:
    from app.store.case import Case
    from app.ui.source_viewer import SourceViewerWindow

FLUSH_MS = 2500


class ReadingRecorder(QObject):
    """Collects places seen per source; ``flush`` writes them (also by itself, batched)."""

    def __init__(
        self,
        case: Case,
        announce: Callable[[ChangeSet, object], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._case: Case | None = case
        self._announce = announce
        self._pending: dict[int, tuple[ReadingUnit, int, set[int]]] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FLUSH_MS)
        self.timer.timeout.connect(self.flush)
        self.writes = 0  # transactions written (for tests and the curious)

    def note(self, source_id: int, unit: ReadingUnit, total: int, places: Iterable[int]) -> None:
        """Places (1-based) of a document of ``total`` pages or paragraphs seen now."""
        wanted = {p for p in places if 1 <= p <= total}
        if not wanted or self._case is None:
            return
        held = self._pending.get(source_id)
        if held is None or held[:2] != (unit, total):
            held = self._pending[source_id] = (unit, total, set())
        if wanted <= held[2]:
            return
        held[2].update(wanted)
        if not self.timer.isActive():
            self.timer.start()

    @property
    def pending(self) -> dict[int, tuple[ReadingUnit, int, set[int]]]:
        return self._pending

    def flush(self) -> ChangeSet:
        """Write what was seen since the last write (one transaction)."""
        self.timer.stop()
        if not self._pending or self._case is None:
            return ChangeSet()
        seen = {sid: (unit, total, sorted(p)) for sid, (unit, total, p) in self._pending.items()}
        try:
            changes = reading_of(self._case).record(seen)
        except StorageError:
            self.timer.start()  # kept, and tried again
            return ChangeSet()
        except CaseError:
            self._pending.clear()  # a source or a document that changed meanwhile
            return ChangeSet()
        self._pending.clear()
        self.writes += 1
        self._announce(changes, self)
        return changes

    def close(self) -> None:
        """Write what is pending, then record nothing more (the case is closing)."""
        self.flush()
        self._pending.clear()
        self._case = None


def watch_viewer(window: SourceViewerWindow, recorder: ReadingRecorder, source_id: int) -> None:
    """Note the pages (PDF) or paragraphs (text) ``window`` shows, as it shows them."""
    viewer = window.viewer
    held = weakref.ref(window)
    if viewer.kind == "pdf":
        total = viewer.page_count()

        def page(index: int) -> None:
            recorder.note(source_id, "page", total, [index + 1])

        viewer.pageChanged.connect(page)
        page(viewer.current_page())
    elif viewer.kind == "text":
        starts = paragraph_starts(viewer.text_view.toPlainText())

        def paragraphs(*_: object) -> None:
            shown = held()
            if shown is not None and starts:
                seen = visible_paragraphs(shown, starts)
                recorder.note(source_id, "paragraph", len(starts), seen)

        viewer.text_view.verticalScrollBar().valueChanged.connect(paragraphs)
        QTimer.singleShot(0, paragraphs)  # once laid out
    else:
        return
    window.destroyed.connect(recorder.flush)  # no call once the recorder is gone


def visible_paragraphs(window: SourceViewerWindow, starts: list[int]) -> range:
    """The 1-based paragraphs of a text with a line in the viewer's viewport."""
    view = window.viewer.text_view
    if not view.isVisible():
        return range(0)
    bottom = max(0, view.viewport().height() - 1)
    first = view.cursorForPosition(QPoint(0, 0)).blockNumber()
    last = view.cursorForPosition(QPoint(0, bottom)).blockNumber()
    low = max(1, bisect.bisect_right(starts, first))
    high = max(1, bisect.bisect_right(starts, last))
    return range(low, high + 1)
