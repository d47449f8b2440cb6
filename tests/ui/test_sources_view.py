"""The sources panel: its model, citing-event counts, file states and signals."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.store.case import Case
from app.ui.panels.sources import (
    COLUMNS,
    EVENTS,
    FILE,
    FILE_STATE_ROLE,
    SOURCE_ID_ROLE,
    SourcesView,
    SourceTableModel,
)


def rows_by_id(model: SourceTableModel) -> dict[int, int]:
    return {model.index(r, 0).data(SOURCE_ID_ROLE): r for r in range(model.rowCount())}


def cell(model: SourceTableModel, source_id: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.index(rows_by_id(model)[source_id], column).data(role)


def linked(case: Case, path: Path, data: bytes, title: str) -> int:
    path.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=None, size=len(data))
    return case.create_source(title=title, file_path=str(path), file_sha256=sha).created("source")


def test_model_passes_the_model_tester(qtmodeltester, demo_case) -> None:
    model = SourceTableModel()
    model.set_case(demo_case)
    qtmodeltester.check(model)
    model.refresh()
    qtmodeltester.check(model)
    model.set_case(None)
    qtmodeltester.check(model)


def test_demo_columns_counts_and_states(qtbot, demo_case) -> None:
    model = SourceTableModel()
    model.set_case(demo_case)
    assert model.rowCount() == 4
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == list(
        COLUMNS
    )
    assert cell(model, 1, EVENTS) == "8"
    assert cell(model, 2, EVENTS) == "4"
    assert cell(model, 3, EVENTS) == "7"
    assert cell(model, 4, EVENTS) == "0"  # the complaint itself: no copy, cited by nothing
    for stored in (1, 2, 3):  # the demo's documents, stored in the case
        assert cell(model, stored, FILE, FILE_STATE_ROLE) == "verified"
    assert cell(model, 4, FILE, FILE_STATE_ROLE) == "no file"
    assert cell(model, 4, FILE) == "no file"
    assert cell(model, 2, 4) == "DEMO-000001\u2013DEMO-000003"
    assert cell(model, 3, 0) == "memo"


def test_linked_file_states(qtbot, new_case, tmp_path) -> None:
    same = linked(new_case, tmp_path / "same.txt", b"unchanged", "Same")
    changed = linked(new_case, tmp_path / "changed.txt", b"original", "Changed")
    gone = linked(new_case, tmp_path / "gone.txt", b"soon gone", "Gone")
    (tmp_path / "changed.txt").write_bytes(b"edited later")
    (tmp_path / "gone.txt").unlink()
    bare = new_case.create_source(title="Bare", bates_start="ABC001", bates_end="ABC009")
    model = SourceTableModel()
    model.set_case(new_case)
    states = {sid: cell(model, sid, FILE, FILE_STATE_ROLE) for sid in (same, changed, gone)}
    assert states == {same: "verified", changed: "changed", gone: "missing"}
    assert cell(model, changed, FILE) == "CHANGED"
    bare_id = bare.created("source")
    assert cell(model, bare_id, FILE) == "no file"
    assert cell(model, bare_id, 4) == "ABC001–ABC009"


def test_stored_copy_that_does_not_match_is_changed(qtbot, new_case) -> None:
    claimed = hashlib.sha256(b"what was cited").hexdigest()
    new_case.store_file(sha256=claimed, data=b"something else", size=14)
    source_id = new_case.create_source(
        title="Stored", file_path="x.txt", file_sha256=claimed, file_stored=True
    ).created("source")
    model = SourceTableModel()
    model.set_case(new_case)
    assert cell(model, source_id, FILE, FILE_STATE_ROLE) == "changed"


def test_detail_lists_citing_events_and_signals(qtbot, demo_case) -> None:
    view = SourcesView()
    qtbot.addWidget(view)
    view.set_case(demo_case)
    assert view.select_source(2)
    titles = view.cited_by_titles()
    assert len(titles) == 4
    assert view.detail_label.text() == "Cited by 4 events:"
    assert view.detail_label.textFormat() == Qt.TextFormat.PlainText
    expected = {" ".join(demo_case.event(e).title.split()) for e in (2, 3, 4, 7)}
    assert all(any(t.endswith(title) for t in titles) for title in expected)

    item = view.events_list.item(1)
    with qtbot.waitSignal(view.eventActivated) as blocker:
        view.events_list.itemActivated.emit(item)
    assert blocker.args == [item.data(Qt.ItemDataRole.UserRole)]

    view.table.setFocus()
    with qtbot.waitSignal(view.openRequested) as blocker:
        QTest.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [2]


def test_sorting_by_event_count_keeps_ids(qtbot, demo_case) -> None:
    view = SourcesView()
    qtbot.addWidget(view)
    view.set_case(demo_case)
    view.table.sortByColumn(EVENTS, Qt.SortOrder.DescendingOrder)
    ids = [view.proxy.index(r, 0).data(SOURCE_ID_ROLE) for r in range(view.proxy.rowCount())]
    assert ids == [1, 3, 2, 4]
    view.select_source(3)
    assert view.selected_source_id() == 3
    assert len(view.cited_by_titles()) == 7


def test_refresh_after_a_change(qtbot, demo_case) -> None:
    view = SourcesView()
    qtbot.addWidget(view)
    view.set_case(demo_case)
    view.select_source(2)
    changes = demo_case.create_source(title="A new source", kind="web", url="https://example.com")
    view.apply_changes(changes)
    assert view.model.rowCount() == 5
    assert view.selected_source_id() == 2
