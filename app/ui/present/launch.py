"""Starting a presentation: from the window (View > Present, F5) over the events the
window shows, or from ``casetrail --present CASE [--view NAME]`` over a saved view (or the
whole case), opened read-only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.records import EventFilter
from app.domain.stories import StoryRecord
from app.interchange.output_policy import make_policy, output_case
from app.store.case import Case
from app.store.stories import stories_of
from app.ui.present.deck import build_deck
from app.ui.present.notes import open_notes
from app.ui.present.window import PresentWindow


def present(
    case: Case,
    flt: EventFilter | None = None,
    *,
    view_name: str = "",
    story: StoryRecord | None = None,
    parent: QWidget | None = None,
    include_privileged: bool = False,
    pseudonyms: bool = False,
) -> PresentWindow:
    """Open the presentation of ``story``, or of ``case``'s events selected by ``flt``, full
    screen. Privileged notes appear only with ``include_privileged``, and then only in the
    presenter's notes, marked PRIVILEGED; ``pseudonyms`` (or a story saved to use them)
    shows entities under their pseudonyms."""
    pseudonyms = pseudonyms or bool(story is not None and story.pseudonyms)
    policy = make_policy(case, include_privileged=include_privileged, pseudonyms=pseudonyms)
    shown_case = output_case(case, policy)
    if story is not None and not policy.plain:
        story = stories_of(shown_case).get(story.id)
    view_name = policy.pseudonyms.apply(view_name)
    deck = build_deck(shown_case, flt, view_name, story)
    window = PresentWindow(shown_case, deck, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.showFullScreen()
    window.notes = open_notes(window)  # on a second screen, if one is connected
    window.activateWindow()
    window.setFocus()
    return window


def run_present(
    path: Path,
    view: str | None,
    story: str | None = None,
    *,
    include_privileged: bool = False,
    pseudonyms: bool = False,
) -> int:
    """``casetrail --present``: the case opened read-only, the presentation until Esc."""
    from app.interchange.publish import PublishProblem, find_story, find_view
    from app.store.engine import CaseFileError, Mode

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casetrail")
    try:
        case = Case.open(path, Mode.REVIEW)
    except CaseFileError as error:
        print(f"casetrail: {error}", file=sys.stderr)
        return 2
    try:
        flt, name, record_story = None, "", None
        if view is not None and story is not None:
            raise PublishProblem("--story and --view: name one or the other")
        if story is not None:
            record_story = find_story(case, story)
        if view is not None:
            record = find_view(case, view)
            flt, name = record.filter, record.name
            pseudonyms = pseudonyms or record.pseudonyms
        window = present(
            case,
            flt,
            view_name=name,
            story=record_story,
            include_privileged=include_privileged,
            pseudonyms=pseudonyms,
        )
        window.destroyed.connect(app.quit)
        return int(app.exec())
    except PublishProblem as problem:
        print(f"casetrail: {problem}", file=sys.stderr)
        return 2
    finally:
        case.close()


def asks_pseudonyms(window: Any) -> bool:
    """Whether the person asked for pseudonyms (View > Present with Pseudonyms)."""
    action = getattr(window, "present_pseudonyms_action", None)
    return bool(action is not None and action.isChecked())


def present_from_window(window: Any) -> PresentWindow | None:
    """View > Present: the events the main window shows (its filter), over its case; with
    pseudonyms when asked or when the saved view picked in the filter panel uses them."""
    case = getattr(window, "case", None)
    if case is None:
        return None
    window.filters.flush()  # the filter panel's pending edit first
    view = window.filters.pseudonyms_badge.view
    pseudonyms = asks_pseudonyms(window) or bool(view is not None and view.pseudonyms)
    shown = present(case, window.current_filter, parent=window, pseudonyms=pseudonyms)
    window.presentation = shown
    return shown
