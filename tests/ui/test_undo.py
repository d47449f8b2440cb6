"""Undo commands: every edit undoes to exactly the case it started from, and redoes to
exactly the edited case; one gesture is one step; failures never corrupt the stack."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from app.domain.dates import FuzzyDate
from app.domain.records import EVENT_STATUSES, STANCES
from app.interchange.casejson import export_document
from app.store.case import Case, CaseError, ConflictError, ReadOnlyError
from app.store.engine import Mode
from app.ui.undo import UndoController, base, citations, events, rows


def state(case: Case) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """The lossless export plus every citation's stored position (the export omits it)."""
    with case._units.read() as conn:
        positions = [
            tuple(r)
            for r in conn.exec_driver_sql(
                "SELECT id, event_id, position FROM citations ORDER BY id"
            )
        ]
    return export_document(case), positions


class Recorder:
    def __init__(self, controller: UndoController) -> None:
        self.changes: list[Any] = []
        self.conflicts: list[Any] = []
        self.failures: list[Any] = []
        controller.changed.connect(self.changes.append)
        controller.conflict.connect(self.conflicts.append)
        controller.failed.connect(self.failures.append)


@pytest.fixture
def controller(qapp, demo_case: Case) -> Iterator[UndoController]:
    stack = QUndoStack()
    yield UndoController(demo_case, stack)
    stack.clear()


def undo_all(stack: QUndoStack) -> None:
    while stack.canUndo():
        stack.undo()


def redo_all(stack: QUndoStack) -> None:
    while stack.canRedo():
        stack.redo()


# -- a random sequence of edits ------------------------------------------------------------

DATES = ["2003", "circa 2005", "March 2008", "5 June 2012", "before 2016", "2018", "April 2019"]
WORDS = ["Alpha", "Beta meeting", "Gamma", "Delta filing", "Omega", "Sigma report"]
COLOURS = ["", "#aa0000", "#00aa00", "#0000aa"]
OPS = [
    "create_event",
    "update_event",
    "type_title",
    "move_event",
    "delete_event",
    "add_citation",
    "update_citation",
    "remove_citation",
    "create_source",
    "update_source",
    "delete_source",
    "create_tag",
    "rename_tag",
    "recolour_tag",
    "delete_tag",
    "merge_tags",
    "create_entity",
    "rename_entity",
    "delete_entity",
    "merge_entities",
    "create_era",
    "update_era",
    "recolour_era",
    "delete_era",
]


def date(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def apply_random_edit(controller: UndoController, data: st.DataObject, step: int) -> None:
    case = controller.case
    op = data.draw(st.sampled_from(OPS), label="op")
    event(op)
    events = [e.id for e in case.events()]
    tags = [t.id for t in case.tags()]
    tag_names = [t.name for t in case.tags()]
    entities = [e.id for e in case.entities()]
    sources = [s.id for s in case.sources()]
    eras = [e.id for e in case.eras()]
    citations = [c.id for e in case.events() for c in e.citations]

    def pick(values: list[int], label: str) -> int | None:
        return data.draw(st.sampled_from(values), label=label) if values else None

    def words() -> str:
        return data.draw(st.sampled_from(WORDS)) + f" {step}"

    def tag_set() -> list[str]:
        chosen = data.draw(st.lists(st.sampled_from(tag_names or ["x"]), max_size=3))
        if data.draw(st.booleans()):
            chosen.append(f"new tag {step}")
        return chosen

    def entity_links() -> list[tuple[int, str]]:
        if not entities:
            return []
        chosen = data.draw(st.lists(st.sampled_from(entities), max_size=3, unique=True))
        return [(eid, data.draw(st.sampled_from(["", "witness", "party"]))) for eid in chosen]

    if op == "create_event":
        start = data.draw(st.sampled_from([None, *DATES]))
        controller.create_event(
            title=words(),
            start=date(start) if start else None,
            status=data.draw(st.sampled_from(EVENT_STATUSES)),
            tags=tag_set(),
            entities=entity_links(),
        )
    elif op == "update_event" and events:
        field = data.draw(
            st.sampled_from(["description", "status", "key_fact", "lane", "tags", "entities"])
        )
        value: Any = {
            "description": lambda: words(),
            "status": lambda: data.draw(st.sampled_from(EVENT_STATUSES)),
            "key_fact": lambda: data.draw(st.booleans()),
            "lane": lambda: data.draw(st.sampled_from([None, "Lane A", "Lane B"])),
            "tags": tag_set,
            "entities": entity_links,
        }[field]()
        controller.update_event(pick(events, "event"), **{field: value})
    elif op == "type_title" and events:
        event_id = pick(events, "event")
        typed = ""
        for ch in data.draw(st.text("abc ", min_size=1, max_size=4)):
            typed += ch
            controller.update_event(event_id, title="T" + typed, gesture=("typing", step))
    elif op == "move_event" and events:
        event_id = pick(events, "event")
        for _ in range(data.draw(st.integers(1, 3))):
            i = data.draw(st.integers(0, len(DATES) - 1))
            end = data.draw(st.sampled_from([None, *DATES[i + 1 :]]))
            controller.move_event(
                event_id, start=date(DATES[i]), end=date(end) if end else None, drag_id=step
            )
    elif op == "delete_event" and events:
        controller.delete_event(pick(events, "event"))
    elif op == "add_citation" and events and sources:
        controller.add_citation(
            event_id=pick(events, "event"),
            source_id=pick(sources, "source"),
            pinpoint=data.draw(st.sampled_from(["", "p. 3", "¶ 12"])),
            stance=data.draw(st.sampled_from(STANCES)),
        )
    elif op == "update_citation" and citations:
        controller.update_citation(
            pick(citations, "citation"),
            quote=words(),
            stance=data.draw(st.sampled_from(STANCES)),
        )
    elif op == "remove_citation" and citations:
        controller.remove_citation(pick(citations, "citation"))
    elif op == "create_source":
        controller.create_source(title=words(), kind="memo", author="A. Writer")
    elif op == "update_source" and sources:
        controller.update_source(pick(sources, "source"), notes=words(), exhibit=f"PX-{step}")
    elif op == "delete_source" and sources:
        controller.delete_source(pick(sources, "source"))  # refused while it is cited
    elif op == "create_tag":
        controller.create_tag(name=f"tag {step}", colour=data.draw(st.sampled_from(COLOURS)))
    elif op == "rename_tag" and tags:
        controller.rename_tag(pick(tags, "tag"), f"renamed tag {step}")
    elif op == "recolour_tag" and tags:
        controller.recolour_tag(pick(tags, "tag"), data.draw(st.sampled_from(COLOURS)))
    elif op == "delete_tag" and tags:
        controller.delete_tag(pick(tags, "tag"))
    elif op == "merge_tags" and len(tags) > 1:
        keep, drop = data.draw(st.lists(st.sampled_from(tags), min_size=2, max_size=2, unique=True))
        controller.merge_tags(keep, drop)
    elif op == "create_entity":
        controller.create_entity(name=f"entity {step}", kind="organisation")
    elif op == "rename_entity" and entities:
        controller.rename_entity(pick(entities, "entity"), f"renamed entity {step}")
    elif op == "delete_entity" and entities:
        controller.delete_entity(pick(entities, "entity"))
    elif op == "merge_entities" and len(entities) > 1:
        keep, drop = data.draw(
            st.lists(st.sampled_from(entities), min_size=2, max_size=2, unique=True)
        )
        controller.merge_entities(keep, drop)
    elif op == "create_era":
        controller.create_era(name=words(), start=date("2006"), end=date("2009"))
    elif op == "update_era" and eras:
        controller.update_era(pick(eras, "era"), name=words(), start=date("circa 2005"))
    elif op == "recolour_era" and eras:
        controller.recolour_era(pick(eras, "era"), data.draw(st.sampled_from(COLOURS)))
    elif op == "delete_era" and eras:
        controller.delete_era(pick(eras, "era"))


@pytest.fixture(scope="module")
def demo_template(case_templates) -> Path:  # type: ignore[no-untyped-def]
    return case_templates.demo()  # the session's template: copied, never written


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("CASETRAIL_UNDO_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_edits_undo_to_the_original_and_redo_to_the_edit(
    qapp, demo_template: Path, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.case"
        shutil.copyfile(demo_template, path)
        case = Case.open(path)
        stack = QUndoStack()
        controller = UndoController(case, stack)
        try:
            seen = Recorder(controller)
            original = state(case)
            for step in range(data.draw(st.integers(1, 12), label="edits")):
                count = stack.count()
                try:
                    apply_random_edit(controller, data, step)
                except CaseError as error:
                    event(f"refused: {type(error).__name__}")
                    assert stack.count() == count  # a refused edit leaves no step behind
            edited = state(case)
            steps = stack.count()
            seen.failures.clear()  # refused edits above were reported; from here none may be

            undo_all(stack)
            assert state(case) == original
            assert case.check() == []
            redo_all(stack)
            assert state(case) == edited
            assert case.check() == []
            assert stack.count() == steps
            assert seen.conflicts == [] and seen.failures == []
        finally:
            stack.clear()
            case.close()


# -- one gesture is one step ---------------------------------------------------------------


def test_typing_into_one_field_is_one_step(controller: UndoController) -> None:
    case, stack = controller.case, controller.undo_stack
    original = state(case)
    before = case.event(2)
    for text in ("S", "Sa", "Sal", "Sale"):
        controller.update_event(2, title=text, gesture="title-box")
    assert stack.count() == 1
    assert case.event(2).title == "Sale"
    typed = state(case)
    stack.undo()
    assert case.event(2).title == before.title and state(case) == original
    stack.redo()
    assert state(case) == typed
    # another field, or another gesture, is another step
    controller.update_event(2, description="d", gesture="title-box")
    controller.update_event(2, title="Sales", gesture="another")
    controller.update_event(2, title="Other")  # no gesture: never merged
    controller.update_event(2, title="Other 2")
    assert stack.count() == 5
    undo_all(stack)
    assert state(case) == original
    assert case.event(2).version > before.version  # undo moves versions forward
    assert case.check() == []


def test_a_drag_is_one_step(controller: UndoController) -> None:
    case, stack = controller.case, controller.undo_stack
    original = state(case)
    start, end = case.event(3).start, case.event(3).end
    for year in ("2010", "2011", "2012"):
        controller.move_event(3, start=date(year), end=date("2014"), drag_id=1)
    assert stack.count() == 1 and case.event(3).start.text == "2012"
    controller.move_event(3, start=date("2005"), end=None, drag_id=2)
    assert stack.count() == 2
    stack.undo()
    assert case.event(3).start.text == "2012"
    stack.undo()
    assert (case.event(3).start, case.event(3).end) == (start, end)
    assert state(case) == original
    stack.redo()
    assert case.event(3).start.text == "2012" and case.event(3).end.text == "2014"


def test_undoing_a_delete_restores_ids_links_and_citations(controller: UndoController) -> None:
    case, stack = controller.case, controller.undo_stack
    seen = Recorder(controller)
    original = state(case)
    snapshot = case.snapshot("event", 7)
    controller.delete_event(7)
    assert 7 not in case.event_ids()
    assert seen.changes[-1].ids("event", "delete") == (7,)
    stack.undo()
    assert state(case) == original
    restored = case.snapshot("event", 7)
    assert restored.tags == snapshot.tags
    assert restored.entities == snapshot.entities
    assert restored.citations == snapshot.citations  # same ids and positions
    assert seen.changes[-1].created("event") == 7
    stack.redo()
    assert 7 not in case.event_ids()
    stack.undo()
    assert state(case) == original
    assert case.check() == []


def test_undoing_deletes_of_entities_and_tags_restores_their_links(
    controller: UndoController,
) -> None:
    case, stack = controller.case, controller.undo_stack
    original = state(case)
    controller.delete_entity(2)
    controller.delete_tag(3)
    controller.merge_entities(1, 3)
    controller.merge_tags(1, 2)
    stack.undo()
    stack.undo()
    stack.undo()
    stack.undo()
    assert state(case) == original
    assert case.check() == []


def test_redo_of_a_create_recreates_the_same_ids(controller: UndoController) -> None:
    case, stack = controller.case, controller.undo_stack
    original = state(case)
    event_id = controller.create_event(title="New", tags=["brand new"], entities=[(1, "x")])
    cid = controller.add_citation(event_id=event_id, source_id=1, pinpoint="p. 1")
    made = state(case)
    undo_all(stack)
    assert state(case) == original  # the tag the event created went with it
    redo_all(stack)
    assert state(case) == made
    assert case.event(event_id).citations[0].id == cid


# -- refusals and conflicts ----------------------------------------------------------------


def every_edit(controller: UndoController) -> list[Callable[[], object]]:
    e = controller
    return [
        lambda: e.create_event(title="x"),
        lambda: e.update_event(1, title="x", gesture="g"),
        lambda: e.move_event(1, start=date("2001"), end=None, drag_id=1),
        lambda: e.delete_event(1),
        lambda: e.add_citation(event_id=1, source_id=1),
        lambda: e.update_citation(1, quote="x"),
        lambda: e.remove_citation(1),
        lambda: e.create_source(title="x"),
        lambda: e.update_source(1, notes="x"),
        lambda: e.delete_source(1),
        lambda: e.create_entity(name="x"),
        lambda: e.rename_entity(1, "x"),
        lambda: e.recolour_entity(1, "#ffffff"),
        lambda: e.set_entity_pseudonym(1, "Survivor 1"),
        lambda: e.delete_entity(1),
        lambda: e.merge_entities(1, 2),
        lambda: e.create_tag(name="x"),
        lambda: e.rename_tag(1, "x"),
        lambda: e.recolour_tag(1, "#ffffff"),
        lambda: e.delete_tag(1),
        lambda: e.merge_tags(1, 2),
        lambda: e.create_era(name="x", start=date("2001"), end=date("2002")),
        lambda: e.update_era(1, name="x"),
        lambda: e.rename_era(1, "x"),
        lambda: e.recolour_era(1, "#ffffff"),
        lambda: e.delete_era(1),
    ]


def test_a_review_case_refuses_every_command(qapp, demo_case: Case) -> None:
    path = demo_case.path
    demo_case.close()
    with Case.open(path, Mode.REVIEW) as review:
        stack = QUndoStack()
        controller = UndoController(review, stack)
        seen = Recorder(controller)
        original = state(review)
        edits = every_edit(controller)
        for edit in edits:
            with pytest.raises(ReadOnlyError):
                edit()
            assert stack.count() == 0 and stack.index() == 0
        assert len(seen.failures) == len(edits) and seen.changes == []
        assert state(review) == original


def test_every_command_class_is_covered() -> None:
    made = {
        name
        for module in (base, events, rows, citations)
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, base.CaseCommand)
        and not name.startswith("_")
        and name not in {"CaseCommand", "CreateRow", "UpdateRow", "DeleteRow", "MergeRows"}
    }
    assert made == {
        "CreateEvent",
        "FormSave",
        "UpdateEvent",
        "MoveEvent",
        "DeleteEvent",
        "AddCitation",
        "UpdateCitation",
        "RemoveCitation",
        "CreateSource",
        "UpdateSource",
        "DeleteSource",
        "CreateEntity",
        "RenameEntity",
        "RecolourEntity",
        "PseudonymEntity",
        "DeleteEntity",
        "MergeEntities",
        "CreateTag",
        "RenameTag",
        "RecolourTag",
        "DeleteTag",
        "MergeTags",
        "CreateEra",
        "UpdateEra",
        "RenameEra",
        "RecolourEra",
        "DeleteEra",
    }


def test_a_stale_undo_is_a_conflict_and_changes_nothing(controller: UndoController) -> None:
    case, stack = controller.case, controller.undo_stack
    seen = Recorder(controller)
    controller.create_tag(name="unrelated")
    controller.update_event(2, title="Mine")
    with Case.open(case.path) as other:
        other.update_event(2, expected_version=case.event(2).version, title="Theirs")
    before = state(case)
    stack.undo()
    assert len(seen.conflicts) == 1 and isinstance(seen.conflicts[0], ConflictError)
    assert state(case) == before and case.event(2).title == "Theirs"
    assert stack.count() == 1 and stack.index() == 1  # the stale step is gone, the rest kept
    stack.undo()  # the unrelated step still undoes
    assert "unrelated" not in {t.name for t in case.tags()}
    assert case.check() == []


def test_a_stale_redo_is_a_conflict_and_changes_nothing(controller: UndoController) -> None:
    case, stack = controller.case, controller.undo_stack
    seen = Recorder(controller)
    original = state(case)
    controller.delete_event(5)
    controller.update_event(1, title="Mine")
    stack.undo()
    with Case.open(case.path) as other:
        other.update_event(1, expected_version=case.event(1).version, title="Theirs")
    before = state(case)
    stack.redo()
    assert len(seen.conflicts) == 1 and isinstance(seen.conflicts[0], ConflictError)
    assert state(case) == before and case.event(1).title == "Theirs"
    assert stack.count() == 1 and stack.index() == 1  # the stale step is gone
    stack.undo()  # the delete of event 5, which the other program did not touch
    assert 5 in case.event_ids()
    assert state(case)[0]["events"] != original[0]["events"]  # only by "Theirs"
    assert case.check() == []


def test_a_stale_new_edit_raises_and_leaves_no_step(controller: UndoController) -> None:
    case, stack = controller.case, controller.undo_stack
    seen = Recorder(controller)
    seen_version = case.event(4).version
    with Case.open(case.path) as other:
        other.update_event(4, expected_version=seen_version, title="Theirs")
    with pytest.raises(ConflictError):
        controller.update_event(4, expected_version=seen_version, title="Mine")
    assert stack.count() == 0 and len(seen.conflicts) == 1
    assert case.event(4).title == "Theirs"
