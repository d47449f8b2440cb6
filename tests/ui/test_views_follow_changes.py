"""Every view patched by change sets equals the same view built fresh from the case.

Random edits, undos, redos, merges, renames, citations and imports go through the window's
own paths (the undo controller, the form save, drags, the import's change set); after each
one every view's state is compared with a second window that opened the same case file and
shows the same filter, grouping and search.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import numpy as np
import pytest

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.interchange.formats import import_file
from app.store.case import Case, CaseError
from app.ui.dialogs.event_form import CitationDraft, EventDraft
from app.ui.main_window import MainWindow
from app.ui.models import IdRole

TAGS = ("alpha", "beta", "gamma")
DATES = ("2004", "March 2019", "12 May 2016", "circa 2010", "2013", "1 January 2000", None)


def columns_state(cols) -> tuple:  # type: ignore[no-untyped-def]
    names = ("ids", "start_lo", "start_hi", "end_lo", "end_hi", "precision", "qualifier",
             "status", "flags", "undated_ids", "undated_status", "undated_flags")  # fmt: skip
    return (*(getattr(cols, n).tolist() for n in names), cols.titles, cols.undated_titles)


def lanes_state(index) -> tuple:  # type: ignore[no-untyped-def]
    lanes = index.lanes
    parts = []
    for k in range(len(lanes.titles)):
        li = lanes.lane_index(index.cols, k)
        classes = [(c[0].tolist(), c[1].tolist(), c[2].tolist(), c[3], c[4]) for c in li.classes]
        parts.append((lanes.titles[k], lanes.members[k].tolist(), lanes.undated[k].tolist(),
                      li.starts.tolist(), classes))  # fmt: skip
    return tuple(parts)


def settled(qtbot, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    """``window`` once the reloads it reads on worker threads are shown."""
    qtbot.waitUntil(lambda: window.model.reloading is None and window.timeline.reloading is None)
    return window


def view_state(window: MainWindow) -> dict[str, object]:
    canvas = window.timeline.canvas
    index = canvas.index
    assert index is not None
    model, shown = window.model, window.table.model()
    sources = window.sources.model
    return {
        "columns": columns_state(index.all_cols),
        "shown columns": columns_state(index.cols),
        "lanes": lanes_state(index),
        "eras": canvas.eras,
        "overview": window.timeline.overview.counts().tolist(),
        "overview range": window.timeline.overview.range(),
        "table ids": model.event_ids(),
        "table text": [
            [model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())
        ],
        "shown ids": [shown.index(r, 0).data(IdRole) for r in range(shown.rowCount())],
        "highlighted": sorted(model.highlighted()),
        "search": window.finder.ordered(),
        "detail": window.detail.current,
        "sources": [sources.source_at(r) for r in range(sources.rowCount())],
        "tags": window.filters.tag_list.names(),
        "entities": window.filters.entity_list.names(),
        "views": window.filters.saved_view_names(),
        "history": [r.id for r in window.editing.history.records()],
        "counts": window.counts.text().rsplit(" \u00b7 ", 1)[0],
    }


def fresh_state(window: MainWindow, path: Path, make_window) -> dict[str, object]:  # type: ignore[no-untyped-def]
    other = make_window(Case.open(path))
    other.timeline.group_by.setCurrentIndex(window.timeline.group_by.currentIndex())
    other.filters.set_filter(window.current_filter)
    other.filters.flush()
    other.search.setText(window.search.text())
    other.run_search()
    other.editing.history.set_shown(True)
    if window.detail.current is not None:
        other.select_event(window.detail.current.id)
    return view_state(other)


def draft(rng: random.Random, sources: list[int]) -> EventDraft:
    text = rng.choice(DATES)
    start = None if text is None else FuzzyDate.parse(text)
    citations = tuple(
        CitationDraft(source_id=s, pinpoint=f"p. {rng.randrange(9)}", stance=rng.choice(
            ("supports", "contradicts", "context")))
        for s in rng.sample(sources, k=min(len(sources), rng.randrange(3)))
    )  # fmt: skip
    return EventDraft(
        title=rng.choice(("Meeting", "Filing", "Payment", "Call")) + f" {rng.randrange(100)}",
        start=start,
        status=rng.choice(("alleged", "established", "disputed")),
        key_fact=rng.random() < 0.3,
        tags=tuple(rng.sample(TAGS, k=rng.randrange(3))),
        citations=citations,
    )


def one_step(window: MainWindow, case: Case, rng: random.Random, tmp: Path, n: int) -> str:
    editing = window.editing
    editor = editing.editor
    assert editor is not None
    ids = case.event_ids()
    sources = [s.id for s in case.sources()]
    op = rng.choice(("new", "edit", "edit", "move", "delete", "undo", "undo", "redo", "merge",
                     "rename", "era", "import", "filter", "group", "search", "select"))  # fmt: skip
    if op == "new" or not ids:
        editing.save_draft(draft(rng, sources), None)
    elif op == "edit":
        editing.save_draft(draft(rng, sources), case.event(rng.choice(ids)))
    elif op == "move":
        editing.move_event(rng.choice(ids), rng.choice((1, -1)) * 86_400 * 400, "start")
    elif op == "delete":
        editor.delete_event(rng.choice(ids))
    elif op == "undo":
        editing.stack.undo()
    elif op == "redo":
        editing.stack.redo()
    elif op == "merge":
        tags = case.tags()
        if len(tags) >= 2:
            keep, drop = rng.sample(tags, 2)
            editor.merge_tags(keep.id, drop.id)
    elif op == "rename":
        tags = case.tags()
        if tags:
            editor.rename_tag(rng.choice(tags).id, f"renamed {n}")
    elif op == "era":
        editor.create_era(name=f"era {n}", start=FuzzyDate.parse("2005"),
                          end=FuzzyDate.parse("2007"))  # fmt: skip
    elif op == "import":
        csv = tmp / f"import{n}.csv"
        csv.write_text(
            "title,start,status,tags\n"
            f"Imported {n},{rng.randrange(1995, 2020)},alleged,{rng.choice(TAGS)}\n"
            f"Undated import {n},,established,\n",
            encoding="utf-8",
        )
        report = import_file(case, csv)
        window.apply_import(report.changes)
    elif op == "filter":
        choice = rng.choice((EventFilter(), EventFilter(tags=("alpha",)),
                             EventFilter(statuses=("established",)),
                             EventFilter(key_only=True)))  # fmt: skip
        window.filters.set_filter(choice)
        window.filters.flush()
    elif op == "group":
        window.timeline.group_by.setCurrentIndex(rng.randrange(window.timeline.group_by.count()))
    elif op == "search":
        window.search.setText(rng.choice(("", "meeting", "import", "renamed")))
        window.run_search()
    elif op == "select":
        window.select_event(rng.choice(ids))
    return op


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_view_matches_a_fresh_one_after_every_change(
    seed: int, tmp_path: Path, demo_case: Case, make_window, message_boxes, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_case)
    window.editing.history.set_shown(True)
    rng = random.Random(seed)
    for n in range(40):
        op = "refused"
        with contextlib.suppress(CaseError):  # a refused edit is shown, and changes nothing
            op = one_step(window, demo_case, rng, tmp_path, n)
        got = view_state(settled(qtbot, window))
        want = fresh_state(window, demo_case.path, make_window)
        for key in want:
            assert got[key] == want[key], f"step {n} ({op}): {key} differs"


def test_a_move_patches_the_index_in_place(demo_case: Case, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_case)
    index = window.timeline.canvas.index
    event_id = next(i for i in demo_case.event_ids() if demo_case.event(i).start is not None)
    window.editing.move_event(event_id, 86_400 * 366 * 3, "start")
    assert window.timeline.canvas.index is index  # patched, not rebuilt
    p = index.all_cols.position(event_id)
    assert p is not None
    stored = demo_case.timeline_rows([event_id])[0][0]
    assert int(index.all_cols.start_lo[p]) == stored[1]
    assert np.all(np.diff(index.all_cols.start_lo) >= 0)


def test_a_change_too_large_to_patch_reloads_the_views(
    tmp_path: Path, demo_case: Case, make_window, message_boxes, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    import app.ui.models as models
    import app.ui.timeline_view as timeline_view

    monkeypatch.setattr(timeline_view, "PATCH_LIMIT", 1)
    monkeypatch.setattr(models, "RELOAD_BEYOND", 1)
    window = make_window(demo_case)
    window.editing.history.set_shown(True)
    rng = random.Random(9)
    for n in range(15):
        op = "refused"
        with contextlib.suppress(CaseError):
            op = one_step(window, demo_case, rng, tmp_path, n)
        got = view_state(settled(qtbot, window))
        want = fresh_state(window, demo_case.path, make_window)
        for key in want:
            assert got[key] == want[key], f"step {n} ({op}): {key} differs"
