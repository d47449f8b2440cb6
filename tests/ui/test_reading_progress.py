"""Reading progress as the viewer shows pages and paragraphs: recorded in batches (not an
undo step, never lost when the viewer or the case closes) and shown in the sources view."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Qt

from app.store.case import Case
from app.store.reading import reading_of
from app.ui.panels.reading_column import PROGRESS_ROLE
from app.ui.panels.sources import READ


def source_titled(case: Case, start: str) -> int:
    return next(s.id for s in case.sources() if s.title.startswith(start))


def read_cell(window, source_id: int, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    model = window.sources.model
    return model.index(model.row_of(source_id), READ).data(role)


def test_pages_shown_are_recorded_and_shown_in_the_sources_view(qtbot, window) -> None:
    case = window.case
    memo = source_titled(case, "Demo research memo")
    undo_steps = window.session.undo_stack.count()
    assert read_cell(window, memo) == "" and read_cell(window, memo, PROGRESS_ROLE) is None
    result = window.opener.open_source(case, memo, "p. 2", window)
    viewer = result.window
    total = viewer.viewer.page_count()
    assert total >= 2
    recorder = window.session.reading
    assert recorder.pending[memo] == ("page", total, {2})
    viewer.viewer.go_to_page(0)
    qtbot.waitUntil(lambda: 1 in recorder.pending.get(memo, ("", 0, set()))[2])
    assert reading_of(case).get(memo) is None  # batched: nothing written yet
    with qtbot.waitSignal(window.session.changed, timeout=10000):
        pass  # the batch is written by itself a moment later
    assert reading_of(case).get(memo).seen == ((1, 2),)
    assert read_cell(window, memo) == f"2 of {total} pages read"
    assert read_cell(window, memo, PROGRESS_ROLE) == 2 / total
    assert window.session.undo_stack.count() == undo_steps  # reading is not an edit
    assert case.check() == []


def test_paragraphs_in_view_are_recorded_when_the_viewer_closes(qtbot, window) -> None:
    case = window.case
    text = "\n\n".join(f"Paragraph {n} of the notes, read or not." for n in range(1, 121)) + "\n"
    data = text.encode()
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=data, size=len(data), original_name="notes.txt")
    notes = case.create_source(
        title="Notes", file_path="notes.txt", file_sha256=sha, file_stored=True
    ).created("source")
    window.sources.refresh()
    result = window.opener.open_source(case, notes, "para. 60", window)
    viewer = result.window
    recorder = window.session.reading
    qtbot.waitUntil(lambda: notes in recorder.pending)
    unit, total, seen = recorder.pending[notes]
    assert (unit, total) == ("paragraph", 120) and 60 in seen and 1 not in seen
    bar = viewer.viewer.text_view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert 120 in recorder.pending[notes][2]
    viewer.close()
    qtbot.waitUntil(lambda: reading_of(case).get(notes) is not None)
    progress = reading_of(case).get(notes)
    assert progress.has_seen(60) and progress.has_seen(120) and not progress.has_seen(1)
    assert read_cell(window, notes) == progress.summary()


def test_closing_the_case_writes_what_was_seen(qtbot, make_window, demo_case_path) -> None:
    case = Case.open(demo_case_path)
    window = make_window(case)
    summary = source_titled(case, "Summary of the survivors")
    window.opener.open_source(case, summary, "p. 1", window)
    assert summary in window.session.reading.pending
    recorder = window.session.reading
    viewer = window.opener.windows[-1]
    window.close_case()
    with Case.open(demo_case_path) as again:
        assert reading_of(again).get(summary).seen == ((1, 1),)
    viewer.viewer.go_to_page(1)  # the case is closed: nothing more is noted or written
    assert recorder.pending == {} and recorder.flush().changes == ()
    case.close()
