"""The filter panel: each control gives the right EventFilter; bad dates are flagged and
ignored; saved views are saved, applied and deleted through the panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.dates import FuzzyDate
from app.domain.filter_text import active_filter_summary
from app.domain.records import EventFilter
from app.store.case import Case
from app.ui.panels import filters
from app.ui.panels.filters import FilterPanel


@pytest.fixture
def panel(qtbot, demo_case: Case) -> FilterPanel:
    widget = FilterPanel()
    qtbot.addWidget(widget)
    widget.set_case(demo_case)
    widget.flush()
    return widget


def check(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    item = widget.item_named(name)
    assert item is not None, name
    item.setCheckState(Qt.CheckState.Checked)


def emitted(qtbot, panel: FilterPanel) -> EventFilter:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.filterChanged, timeout=1000) as blocker:
        pass
    return blocker.args[0]


def test_lists_show_the_case(panel: FilterPanel, demo_case: Case) -> None:
    assert panel.tag_list.names() == [t.name for t in demo_case.tags()]
    assert panel.entity_list.names() == [e.name for e in demo_case.entities()]
    assert "news" in panel.source_kind_list.names()
    assert panel.current_filter() == EventFilter()


def test_tags_are_debounced_into_one_signal(qtbot, panel: FilterPanel) -> None:
    seen: list[EventFilter] = []
    panel.filterChanged.connect(seen.append)
    check(panel.tag_list, "negligence")
    check(panel.tag_list, "knowledge")
    assert seen == [] and panel.has_pending_change()
    qtbot.waitUntil(lambda: bool(seen), timeout=1000)
    assert seen == [EventFilter(tags=("knowledge", "negligence"))]


def test_each_control(qtbot, panel: FilterPanel) -> None:
    seen: list[EventFilter] = []
    panel.filterChanged.connect(seen.append)

    def last() -> EventFilter:
        panel.flush()
        return seen[-1]

    check(panel.entity_list, "Salesforce")
    assert last() == EventFilter(entities=("Salesforce",))
    panel.status_boxes["alleged"].setChecked(True)
    panel.status_boxes["disputed"].setChecked(True)
    assert last().statuses == ("alleged", "disputed")
    panel.key_only_box.setChecked(True)
    assert last().key_only
    panel.unsourced_box.setChecked(True)
    assert last().unsourced_only
    panel.date_from_edit.setText("2013")
    panel.date_to_edit.setText("December 2016")
    flt = last()
    assert flt.date_from == FuzzyDate.parse("2013")
    assert flt.date_to == FuzzyDate.parse("December 2016")
    check(panel.source_kind_list, "news")
    flt = last()
    assert flt.source_kinds == ("news",)
    assert flt.search == ""
    assert flt == EventFilter(
        entities=("Salesforce",),
        statuses=("alleged", "disputed"),
        date_from=FuzzyDate.parse("2013"),
        date_to=FuzzyDate.parse("December 2016"),
        key_only=True,
        unsourced_only=True,
        source_kinds=("news",),
    )
    panel.clear_button.click()
    assert last() == EventFilter()
    assert panel.date_from_edit.text() == "" and panel.tag_list.checked() == ()


def test_no_signal_without_a_change(qtbot, panel: FilterPanel) -> None:
    seen: list[EventFilter] = []
    panel.filterChanged.connect(seen.append)
    panel.key_only_box.setChecked(True)
    panel.key_only_box.setChecked(False)
    panel.flush()
    assert seen == []


def test_invalid_date_is_flagged_and_ignored(panel: FilterPanel) -> None:
    seen: list[EventFilter] = []
    panel.filterChanged.connect(seen.append)
    panel.date_from_edit.setText("2013")
    panel.flush()
    assert seen[-1].date_from == FuzzyDate.parse("2013")
    for bad in ("not a date", "32 January 2013", "before", "x" * 500, "2 pm", "\x00"):
        panel.date_from_edit.setText(bad)
        assert not panel.date_is_valid("from")
        assert "border" in panel.date_from_edit.styleSheet()
        assert panel.date_from_edit.toolTip()
        assert panel.current_filter().date_from is None
    panel.flush()
    assert seen[-1].date_from is None
    panel.date_from_edit.setText("circa 2010")
    assert panel.date_is_valid("from") and panel.date_from_edit.styleSheet() == ""
    panel.flush()
    assert seen[-1].date_from == FuzzyDate.parse("circa 2010")


def test_date_reason_in_tooltip(panel: FilterPanel) -> None:
    from app.domain.dates import DateError

    panel.date_to_edit.setText("the moon")
    with pytest.raises(DateError) as info:
        FuzzyDate.parse("the moon")
    assert info.value.reason in panel.date_to_edit.toolTip()


def test_entity_type_ahead(panel: FilterPanel) -> None:
    check(panel.entity_list, "Backpage")
    panel.entity_search.setText("sales")
    visible = [
        panel.entity_list.item(i).text()
        for i in range(panel.entity_list.count())
        if not panel.entity_list.item(i).isHidden()
    ]
    assert visible == ["Backpage", "Salesforce"]  # the checked one stays in sight
    panel.entity_search.clear()
    assert not any(panel.entity_list.item(i).isHidden() for i in range(panel.entity_list.count()))


def test_set_filter_round_trips(panel: FilterPanel) -> None:
    flt = EventFilter(
        tags=("negligence",),
        entities=("Carl Ferrer", "Someone gone"),
        statuses=("established",),
        date_from=FuzzyDate.parse("between 2012 and 2013"),
        date_to=FuzzyDate.parse("2019"),
        key_only=True,
        source_kinds=("filing",),
    )
    seen: list[EventFilter] = []
    panel.filterChanged.connect(seen.append)
    panel.set_filter(flt)
    panel.flush()
    assert seen == [flt]
    assert panel.current_filter() == flt
    assert panel.date_from_edit.text() == "between 2012 and 2013"


def test_saved_views(qtbot, panel: FilterPanel, demo_case: Case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert panel.saved_view_names() == []
    check(panel.tag_list, "negligence")
    panel.status_boxes["alleged"].setChecked(True)
    panel.flush()
    saved = panel.current_filter()
    monkeypatch.setattr(filters, "ask_view", lambda *a: ("Negligence claims", False))
    with qtbot.waitSignal(panel.viewsChanged, timeout=1000):
        panel.save_view_button.click()
    assert [v.name for v in demo_case.saved_views()] == ["Negligence claims"]
    assert demo_case.saved_views()[0].filter == saved
    assert panel.saved_view_names() == ["Negligence claims"]

    # a cancelled dialog saves nothing
    monkeypatch.setattr(filters, "ask_view", lambda *a: None)
    panel.save_view_button.click()
    assert len(demo_case.saved_views()) == 1

    panel.clear()
    panel.flush()
    seen: list[EventFilter] = []
    panel.filterChanged.connect(seen.append)
    applied: list[EventFilter] = []
    panel.viewApplied.connect(applied.append)
    panel.views_combo.activated.emit(1)
    panel.flush()
    assert seen == [saved] and applied == [saved]
    assert panel.current_filter() == saved
    assert panel.delete_view_button.isEnabled()

    with qtbot.waitSignal(panel.viewsChanged, timeout=1000):
        panel.delete_view_button.click()
    assert demo_case.saved_views() == []
    assert panel.saved_view_names() == []
    assert not panel.delete_view_button.isEnabled()


def test_saved_view_keeps_search_text(panel: FilterPanel, demo_case: Case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(filters, "ask_view", lambda *a: ("with search", False))
    panel.key_only_box.setChecked(True)
    panel.set_search_text("salesforce")
    panel.save_current_view()
    assert demo_case.saved_views()[0].filter == EventFilter(search="salesforce", key_only=True)
    assert panel.current_filter().search == ""


def test_read_only_case_disables_saving(qtbot, demo_case: Case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.store.engine import Mode

    demo_case.save_view(name="kept", flt=EventFilter(key_only=True))
    ro = Case.open(demo_case.path, Mode.REVIEW)
    try:
        widget = FilterPanel()
        qtbot.addWidget(widget)
        widget.set_case(ro)
        assert ro.read_only
        assert not widget.save_view_button.isEnabled()
        assert not widget.delete_view_button.isEnabled()
        called: list[int] = []
        monkeypatch.setattr(filters, "ask_view", lambda *a: called.append(1))
        assert widget.save_current_view() is None and called == []
        # views still apply on a read-only case
        seen: list[EventFilter] = []
        widget.filterChanged.connect(seen.append)
        widget.views_combo.activated.emit(1)
        widget.flush()
        assert seen == [EventFilter(key_only=True)]
        assert not widget.delete_view_button.isEnabled()
    finally:
        ro.close()


def test_summary() -> None:
    assert active_filter_summary(EventFilter()) == ""
    flt = EventFilter(
        tags=("negligence",),
        statuses=("alleged",),
        date_from=FuzzyDate.parse("2013"),
        date_to=FuzzyDate.parse("2016"),
    )
    assert active_filter_summary(flt) == "tags: negligence; status: alleged; 2013 to 2016"
    text = active_filter_summary(
        EventFilter(
            search="x",
            entities=("A", "B"),
            key_only=True,
            unsourced_only=True,
            source_kinds=("news",),
            date_to=FuzzyDate.parse("2010"),
        )
    )
    assert text == (
        "search: x; entities: A, B; until 2010; key facts only; unsourced only; source kinds: news"
    )
    assert active_filter_summary(EventFilter(date_from=FuzzyDate.parse("2001"))) == "from 2001"


def test_no_case_is_harmless(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = FilterPanel()
    qtbot.addWidget(widget)
    assert widget.current_filter() == EventFilter()
    assert not widget.save_view_button.isEnabled()
    assert widget.save_current_view() is None
    widget.date_from_edit.setText("2001")
    widget.flush()
