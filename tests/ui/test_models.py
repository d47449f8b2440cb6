"""The event table model and its sort/filter proxy: model-tester clean, lazy and in step
with the case."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.store.case import Case
from app.ui.event_rows import (
    COL_DATE,
    COL_ENTITIES,
    COL_EVENT,
    COL_KEY,
    COL_SOURCES,
    COL_STATUS,
    COL_TAGS,
    date_sort_key,
)
from app.ui.event_table import EventFilterProxy
from app.ui.models import (
    BLOCK_SIZE,
    CACHE_LIMIT,
    SORT_BLOCK,
    EventTableModel,
    HighlightRole,
    IdRole,
    SortRole,
)

D = Qt.ItemDataRole.DisplayRole


def make(case: Case) -> tuple[EventTableModel, EventFilterProxy]:
    model = EventTableModel(case)
    proxy = EventFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def proxy_ids(proxy: EventFilterProxy) -> list[int]:
    return [proxy.event_id(r) for r in range(proxy.rowCount())]


def model_ids(model: EventTableModel) -> list[int]:
    return [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]


def assert_in_step(model: EventTableModel, case: Case) -> None:
    events = case.events()
    assert model_ids(model) == [e.id for e in events]
    for row, e in enumerate(events):
        assert model.index(row, COL_EVENT).data() == e.title
        assert model.index(row, COL_STATUS).data() == e.status


def test_model_tester_on_model(qtmodeltester, demo_case: Case) -> None:
    # one tester per model: a tester watching both a source and its proxy sees their
    # (properly nested) layout changes as one overlapping change
    model = EventTableModel(demo_case)
    qtmodeltester.check(model, force_py=True)
    model.sort(COL_EVENT, Qt.SortOrder.DescendingOrder)
    model.set_highlighted(demo_case.event_ids()[:2])
    model.apply_changes(demo_case.create_event(title="aaa", start=FuzzyDate.parse("2000")))
    model.sort(COL_DATE)
    qtmodeltester.check(model, force_py=True)


def test_model_tester_on_proxy(qtmodeltester, demo_case: Case) -> None:
    model, proxy = make(demo_case)
    qtmodeltester.check(proxy, force_py=True)
    proxy.sort(COL_EVENT)
    proxy.set_allowed_ids(demo_case.event_ids(EventFilter(key_only=True)))
    model.apply_changes(demo_case.create_event(title="zzz", start=FuzzyDate.parse("2000")))
    proxy.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    proxy.set_allowed_ids(None)
    qtmodeltester.check(proxy, force_py=True)


def test_model_tester_on_qt_checker(qtmodeltester, demo_case: Case) -> None:
    model, proxy = make(demo_case)
    qtmodeltester.check(model)
    model.sort(COL_TAGS)
    qtmodeltester.check(model)


def test_qt_checker_on_proxy(qtmodeltester, demo_case: Case) -> None:
    model, proxy = make(demo_case)
    qtmodeltester.check(proxy)
    proxy.sort(COL_STATUS)
    proxy.set_allowed_ids(demo_case.event_ids(EventFilter(statuses=("alleged",))))
    qtmodeltester.check(proxy)


def test_rows_follow_case_and_show_plain_columns(demo_case: Case) -> None:
    model, _ = make(demo_case)
    assert_in_step(model, demo_case)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Date", "Event", "Status", "Standing", "Key", "Sources", "Tags", "Entities",
    ]  # fmt: skip
    events = demo_case.events()
    for row, e in enumerate(events):
        date = model.index(row, COL_DATE).data()
        if e.start is None:
            assert date == "undated"
        elif e.end is not None:
            assert date == f"{e.start.format()} – {e.end.format()}"
        else:
            assert date == e.start.format()
        assert model.index(row, COL_KEY).data() == ("✓" if e.key_fact else "")
        n = len({c.source_id for c in e.citations})
        assert model.index(row, COL_SOURCES).data() == (str(n) if n else "0 !")
        assert model.index(row, COL_TAGS).data() == ", ".join(e.tags)
        assert model.index(row, COL_ENTITIES).data() == ", ".join(x.name for x in e.entities)
        tip = model.index(row, COL_EVENT).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith("<qt>" + html.escape(e.title))  # escaped, shown literally
    assert "undated" in [model.index(r, COL_DATE).data() for r in range(model.rowCount())]


def test_unsourced_and_spans_and_day_first(new_case: Case) -> None:
    new_case.update_case_info(day_first=True)
    new_case.create_event(
        title="span",
        start=FuzzyDate.parse("01/02/2003", day_first=True),
        end=FuzzyDate.parse("2004"),
    )
    model, _ = make(new_case)
    assert model.index(0, COL_DATE).data() == "1 February 2003 – 2004"
    assert model.index(0, COL_SOURCES).data() == "0 !"


def test_html_titles_are_plain_display_text(new_case: Case) -> None:
    title = "<b>x</b> <img src=y>"
    new_case.create_event(title=title, description="a <i>b</i>\nline two")
    model, _ = make(new_case)
    assert model.index(0, COL_EVENT).data(D) == title
    tip = model.index(0, COL_EVENT).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tip and "<img" not in tip and "&lt;b&gt;x&lt;/b&gt;" in tip
    assert "&lt;i&gt;b&lt;/i&gt;" in tip


def test_multiline_title_is_one_line(new_case: Case) -> None:
    new_case.create_event(title="first\nsecond\tthird")
    model, _ = make(new_case)
    assert model.index(0, COL_EVENT).data() == "first second third"


def _dated_case(case: Case) -> Case:
    texts = [None, "2013", "March 2013", "circa 2013", "before 2013", "after 2012",
             "between 2012 and 2014", None, "2001-05-06", "25 December 2010"]  # fmt: skip
    for i, text in enumerate(texts):
        case.create_event(
            title=f"t{9 - i:02d}",
            start=None if text is None else FuzzyDate.parse(text),
            status=("alleged", "disputed", "undisputed", "established")[i % 4],
            key_fact=i % 3 == 0,
            tags=[f"tag{i % 2}"],
        )
    return case


def test_sort_by_date_both_ways(new_case: Case) -> None:
    _dated_case(new_case)
    model, proxy = make(new_case)
    by_id = {e.id: e for e in new_case.events()}
    expected = sorted(by_id, key=lambda i: (date_sort_key(by_id[i].start), i))
    proxy.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    ids = proxy_ids(proxy)
    assert ids == expected
    assert [by_id[i].start is None for i in ids][-2:] == [True, True]
    proxy.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    assert proxy_ids(proxy) == list(reversed(expected))


@pytest.mark.parametrize(
    ("column", "key"),
    [
        (COL_EVENT, lambda e: e.title.casefold()),
        (
            COL_STATUS,
            lambda e: ("alleged", "disputed", "undisputed", "established").index(e.status),
        ),
        (COL_KEY, lambda e: int(e.key_fact)),
        (COL_SOURCES, lambda e: len({c.source_id for c in e.citations})),
        (COL_TAGS, lambda e: ", ".join(e.tags).casefold()),
        (COL_ENTITIES, lambda e: ", ".join(x.name for x in e.entities).casefold()),
    ],
)
def test_sort_by_other_columns(demo_case: Case, column, key) -> None:  # type: ignore[no-untyped-def]
    _dated_case(demo_case)
    model, proxy = make(demo_case)
    events = demo_case.events()
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    got = proxy_ids(proxy)
    by_id = {e.id: e for e in events}
    keys = [key(by_id[i]) for i in got]
    assert keys == sorted(keys)
    # ties keep date order (a stable sort)
    expected = [e.id for e in sorted(events, key=key)]
    assert got == expected
    proxy.sort(column, Qt.SortOrder.DescendingOrder)
    keys = [key(by_id[i]) for i in proxy_ids(proxy)]
    assert keys == sorted(keys, reverse=True)


def _filters(case: Case) -> list[EventFilter]:
    return [
        EventFilter(tags=("negligence",)),
        EventFilter(tags=("negligence", "knowledge")),
        EventFilter(entities=("Backpage",)),
        EventFilter(statuses=("alleged",)),
        EventFilter(statuses=("established", "disputed")),
        EventFilter(key_only=True),
        EventFilter(date_from=FuzzyDate.parse("2013"), date_to=FuzzyDate.parse("2016")),
        EventFilter(date_from=FuzzyDate.parse("2017")),
        EventFilter(date_to=FuzzyDate.parse("2012")),
        EventFilter(source_kinds=("news",)),
        EventFilter(source_kinds=("filing", "memo")),
        EventFilter(unsourced_only=True),
        EventFilter(),
    ]


def test_proxy_filter_matches_store(demo_case: Case) -> None:
    demo_case.create_event(title="no sources", start=FuzzyDate.parse("2015"))
    model, proxy = make(demo_case)
    proxy.sort(COL_DATE)
    for flt in _filters(demo_case):
        expected = demo_case.event_ids(flt)
        proxy.set_allowed_ids(expected)
        assert proxy_ids(proxy) == expected, flt
        assert sorted(proxy_ids(proxy)) == sorted(expected)
    proxy.set_allowed_ids(None)
    assert proxy.rowCount() == model.rowCount()
    some = demo_case.event_ids(EventFilter(unsourced_only=True))
    assert some
    proxy.set_allowed_ids(some)
    assert proxy.row_of(some[0]) == 0
    assert proxy.row_of(demo_case.event_ids(EventFilter(key_only=True))[0]) == -1


def test_set_highlighted(qtbot, demo_case: Case) -> None:
    model, proxy = make(demo_case)
    ids = demo_case.event_ids()
    chosen = {ids[1], ids[3]}
    with qtbot.waitSignals([model.dataChanged, model.dataChanged], timeout=100):
        model.set_highlighted(chosen)
    marked = {
        model.event_id(r) for r in range(model.rowCount()) if model.index(r, 2).data(HighlightRole)
    }
    assert marked == chosen
    row = model.row_of(ids[1])
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert proxy.index(proxy.row_of(ids[3]), 1).data(HighlightRole) is True
    seen: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, roles=(): seen.append((a.row(), b.row())))
    model.set_highlighted({ids[1]})  # only ids[3] changes
    assert seen == [(model.row_of(ids[3]), model.row_of(ids[3]))]
    seen.clear()
    model.set_highlighted({ids[1]})
    assert seen == []


def test_apply_changes_create_update_delete(qtmodeltester, demo_case: Case) -> None:
    model, proxy = make(demo_case)
    proxy.sort(COL_DATE)
    qtmodeltester.check(proxy, force_py=True)
    resets: list[int] = []
    moves: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda *a: moves.append(1))  # a re-dated row is put back
    # load every row into the cache first so stale data would show
    for r in range(model.rowCount()):
        model.index(r, COL_EVENT).data()

    cs = demo_case.create_event(title="new in 2014", start=FuzzyDate.parse("2014"))
    model.apply_changes(cs)
    assert_in_step(model, demo_case)
    new_id = cs.created("event")
    assert proxy.row_of(new_id) == proxy_ids(proxy).index(new_id)
    assert proxy_ids(proxy) == demo_case.event_ids()

    cs = demo_case.create_event(title="undated new")
    model.apply_changes(cs)
    assert_in_step(model, demo_case)

    ev = demo_case.event(new_id)
    cs = demo_case.update_event(new_id, expected_version=ev.version, title="renamed")
    model.apply_changes(cs)
    assert_in_step(model, demo_case)

    # move across the table both ways, and to undated
    for text in ("2001", "2030", None, "March 2013"):
        ev = demo_case.event(new_id)
        date = None if text is None else FuzzyDate.parse(text)
        model.apply_changes(demo_case.update_event(new_id, expected_version=ev.version, start=date))
        assert_in_step(model, demo_case)
        assert proxy_ids(proxy) == demo_case.event_ids()
    assert moves and not resets  # rows taken out and put back in place, no reset

    first = demo_case.event_ids()[0]
    model.set_highlighted({first})
    model.apply_changes(demo_case.delete_event(first))
    assert_in_step(model, demo_case)
    assert model.highlighted() == set()
    assert proxy_ids(proxy) == demo_case.event_ids()

    # a citation shows in the sources count
    source = demo_case.sources()[0]
    model.apply_changes(demo_case.add_citation(event_id=new_id, source_id=source.id))
    assert model.index(model.row_of(new_id), COL_SOURCES).data() == "1"

    # renaming a tag updates every row that shows it
    tag = next(t for t in demo_case.tags() if t.name == "negligence")
    model.apply_changes(demo_case.update_tag(tag.id, name="carelessness"))
    tags = [model.index(r, COL_TAGS).data() for r in range(model.rowCount())]
    assert any("carelessness" in t for t in tags) and not any("negligence, " in t for t in tags)
    assert_in_step(model, demo_case)
    qtmodeltester.check(proxy, force_py=True)


def test_apply_changes_with_batch(demo_case: Case) -> None:
    model, proxy = make(demo_case)
    ids = demo_case.event_ids()
    cs = demo_case.create_event(title="a", start=FuzzyDate.parse("1999"))
    cs = cs + demo_case.create_event(title="b", start=FuzzyDate.parse("2100"))
    cs = cs + demo_case.delete_event(ids[2]) + demo_case.delete_event(ids[3])
    ev = demo_case.event(ids[0])
    cs = cs + demo_case.update_event(
        ids[0], expected_version=ev.version, start=FuzzyDate.parse("2050")
    )
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.apply_changes(cs)
    assert_in_step(model, demo_case)
    assert not resets
    assert proxy_ids(proxy) == demo_case.event_ids()


def test_parent_first_and_no_case(demo_case: Case) -> None:
    from PySide6.QtCore import QObject

    owner = QObject()
    model = EventTableModel(owner)
    assert model.parent() is owner and model.rowCount() == 0
    model.set_case(demo_case)
    assert_in_step(model, demo_case)
    model.set_case(None)
    assert model.rowCount() == 0


def test_reload_and_row_of(demo_case: Case) -> None:
    model, _ = make(demo_case)
    ids = demo_case.event_ids()
    assert [model.row_of(i) for i in ids] == list(range(len(ids)))
    assert model.row_of(99999) == -1
    assert model.index(0, 0).data(SortRole) < model.index(1, 0).data(SortRole)
    demo_case.create_event(title="outside the model")
    model.reload()
    assert_in_step(model, demo_case)
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def _days(n: int) -> list[datetime]:
    return [datetime(2010, 1, 1) + timedelta(days=(i * 37) % 2000) for i in range(n)]


def test_lazy_block_loading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day_case) -> None:
    case = day_case(tmp_path / "big.case", _days(5000))
    try:
        model = EventTableModel(case)
        calls: list[int] = []
        loads: list[int] = []
        real_fetch = model._fetch_block
        real_load = case.events_by_ids

        def counting_fetch(start: int) -> None:
            calls.append(start)
            real_fetch(start)

        def counting_load(ids):  # type: ignore[no-untyped-def]
            loads.append(len(ids))
            return real_load(ids)

        monkeypatch.setattr(model, "_fetch_block", counting_fetch)
        monkeypatch.setattr(case, "events_by_ids", counting_load)
        assert model.rowCount() == 5000
        assert calls == [] and loads == []
        ids = case.event_ids()
        assert model.index(0, COL_EVENT).data() == case.event(ids[0]).title
        assert model.index(4999, COL_EVENT).data() == case.event(ids[4999]).title
        for column in range(model.columnCount()):
            model.index(0, column).data()
            model.index(4999, column).data()
            model.index(1, column).data(IdRole)
        assert len(calls) <= 2 and len(loads) <= 2
        assert max(loads) <= BLOCK_SIZE
        # roles that need no row fetch nothing
        model.index(2500, 0).data(IdRole)
        model.index(2500, 0).data(HighlightRole)
        model.index(2500, COL_DATE).data(SortRole)
        assert len(calls) <= 2
        # the cache is bounded
        for r in range(0, 5000, 50):
            model.index(r, COL_EVENT).data()
        assert len(model._cache) <= CACHE_LIMIT
    finally:
        case.close()


def test_sort_on_big_case_fetches_in_blocks(tmp_path: Path, day_case) -> None:
    case = day_case(tmp_path / "big.case", _days(3000))
    try:
        model, proxy = make(case)
        loads: list[int] = []
        real_load = case.events_by_ids
        case.events_by_ids = lambda ids: loads.append(len(ids)) or real_load(ids)  # type: ignore[method-assign]
        proxy.sort(COL_EVENT, Qt.SortOrder.DescendingOrder)
        assert len(loads) <= 3000 // SORT_BLOCK + 1
        titles = [proxy.index(r, COL_EVENT).data() for r in range(0, 3000, 300)]
        assert titles == sorted(titles, reverse=True, key=str.casefold)
    finally:
        case.close()


def test_apply_changes_keeps_a_column_sort(demo_case: Case) -> None:
    model, proxy = make(demo_case)
    proxy.sort(COL_EVENT, Qt.SortOrder.AscendingOrder)

    def titles() -> list[str]:
        return [proxy.index(r, COL_EVENT).data() for r in range(proxy.rowCount())]

    first_id = proxy.event_id(0)
    selected = model.index(model.row_of(first_id), 0)
    from PySide6.QtCore import QPersistentModelIndex

    keep = QPersistentModelIndex(selected)
    model.apply_changes(demo_case.create_event(title="Aardvark", start=FuzzyDate.parse("2030")))
    assert titles()[0] == "Aardvark" and titles() == sorted(titles(), key=str.casefold)
    ev = demo_case.event(first_id)
    model.apply_changes(demo_case.update_event(first_id, expected_version=ev.version, title="zz"))
    assert titles()[-1] == "zz" and titles() == sorted(titles(), key=str.casefold)
    assert keep.isValid() and keep.data(IdRole) == first_id
    proxy.sort(COL_DATE)
    assert proxy_ids(proxy) == demo_case.event_ids()
