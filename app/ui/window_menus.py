"""The main window's menus (File, Edit, View, Help), its window-wide shortcuts, and the
Keyboard Shortcuts and About boxes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox, QScrollArea, QWidget

from app import __version__
from app.domain.records import EventFilter
from app.store.case import Case
from app.ui.exhibit_export import ExhibitsFlow
from app.ui.exporting import ExportFlow
from app.ui.importing import ImportFlow
from app.ui.panels.stories import StoryPanel
from app.ui.printing import PrintFlow
from app.ui.timeline_view import GROUPS

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

SHORTCUTS = (
    ("Ctrl+F", "Search the case (results as you type)"),
    ("Enter / F3", "Next search result"),
    ("Shift+F3", "Previous search result"),
    ("Ctrl+O", "Open a case"),
    ("Ctrl+Shift+O", "Open a case for review (read-only)"),
    ("Ctrl+N", "New case"),
    ("Ctrl+W", "Close the case"),
    ("Ctrl+Q", "Quit"),
    ("+ / -, wheel", "Zoom the timeline (anchored under the cursor)"),
    ("Left / Right, drag", "Pan the timeline"),
    ("Ctrl+0, Home", "Fit the whole case"),
    ("Ctrl+E", "Zoom to the selected event"),
    ("Ctrl+G", "Go to a date"),
    ("Tab / Shift+Tab, ] / [", "Next / previous event"),
    ("Escape", "Clear the selection"),
    ("F5", "Present the events shown, full screen (Right / Left step, B black, Esc leaves)"),
    ("Enter (on the timeline)", "Show the selected event's details"),
    ("Ctrl+Shift+D", "Dark / light palette"),
    ("Ctrl+Shift+T", "Case date settings (time zone, hemisphere, day first)"),
)


def build_menus(window: MainWindow) -> None:
    """Fill the window's menu bar and add its window-wide shortcuts."""
    bar = window.menuBar()
    file = bar.addMenu("&File")
    add_action(window, file, "&New Case\u2026", window.new_case, QKeySequence.StandardKey.New)
    add_action(window, file, "&Open\u2026", window.open_dialog, QKeySequence.StandardKey.Open)
    add_action(
        window,
        file,
        "Open for &Review\u2026",
        lambda: window.open_dialog(review=True),
        "Ctrl+Shift+O",
    )
    window.recent.set_menu(file.addMenu("Open &Recent"))
    _shared_actions(window, file)
    file.addSeparator()

    def current_filter() -> EventFilter:
        window.filters.flush()  # the panel's pending edit first
        return window.current_filter

    def case() -> Case | None:
        return window.case

    def status(text: str) -> None:
        window.statusBar().showMessage(text, 15000)

    window.importing = ImportFlow(window, case, status)
    window.exporting = ExportFlow(window, case, current_filter, status)
    window.printing = PrintFlow(window, case, current_filter, status, window.timeline.canvas)
    window.exhibits = ExhibitsFlow(window, case, current_filter, status)
    window.importing.imported.connect(window.apply_import)
    for flow in (window.importing, window.exporting, window.exhibits, window.printing):
        file.addActions(flow.actions())
        window.caseChanged.connect(flow.update_actions)
    add_action(window, file, "Publish &Story\u2026", lambda: window.stories.publish())
    file.addSeparator()
    window.close_action = add_action(
        window, file, "&Close Case", window.close_case, QKeySequence.StandardKey.Close
    )
    add_action(window, file, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    window.edit_menu = bar.addMenu("&Edit")  # filled by EditActions
    view = bar.addMenu("&View")
    window.view_menu = view
    group_menu = view.addMenu("&Group Lanes By")
    group = QActionGroup(window)
    for index, (label, _key) in enumerate(GROUPS):
        act = add_action(
            window,
            group_menu,
            label,
            lambda _c=False, i=index: window.timeline.group_by.setCurrentIndex(i),
            checkable=True,
        )
        act.setChecked(index == 0)
        group.addAction(act)
    window.timeline.group_by.currentIndexChanged.connect(
        lambda i: group.actions()[i].setChecked(True)
    )
    view.addSeparator()
    canvas = window.timeline.canvas
    add_action(window, view, "Zoom &In", lambda: canvas.zoom(1.5), QKeySequence.StandardKey.ZoomIn)
    add_action(
        window, view, "Zoom &Out", lambda: canvas.zoom(1 / 1.5), QKeySequence.StandardKey.ZoomOut
    )
    add_action(window, view, "&Fit All", canvas.fit_all)
    add_action(window, view, "Zoom to &Selection", canvas.zoom_to_selection)
    add_action(window, view, "&Go to Date\u2026", window.timeline.go_to_date)
    view.addSeparator()
    add_action(window, view, "&Present", lambda: _present(window), "F5")
    window.present_pseudonyms_action = add_action(
        window, view, "Present with Pse&udonyms", lambda _on=False: None, checkable=True
    )
    window.present_pseudonyms_action.setToolTip(
        "F5 and a story's Present show entities under their pseudonyms (a saved view or "
        "story kept with pseudonyms always uses them)"
    )
    view.addSeparator()
    window.stories = StoryPanel(window)
    scroll = QScrollArea(window)  # the dock is as narrow as the others allow
    scroll.setWidget(window.stories)
    scroll.setWidgetResizable(True)
    area = window.dockWidgetArea(window.sources_dock)
    window.stories_dock = add_dock(window, "Stories", scroll, area)
    window.tabifyDockWidget(window.sources_dock, window.stories_dock)
    window.detail_dock.raise_()
    window.caseChanged.connect(window.stories.follow_window)
    for dock in (window.filter_dock, window.detail_dock, window.sources_dock, window.stories_dock):
        view.addAction(dock.toggleViewAction())
    view.addSeparator()
    window.dark_action = add_action(
        window, view, "&Dark Palette", window.toggle_dark, "Ctrl+Shift+D", checkable=True
    )
    window.dark_action.setChecked(bool(window.settings.value("dark", False, type=bool)))

    help_menu = bar.addMenu("&Help")
    add_action(
        window,
        help_menu,
        "&Keyboard Shortcuts",
        lambda: show_shortcuts(window),
        QKeySequence.StandardKey.HelpContents,
    )
    add_action(window, help_menu, "&About Casetrail", lambda: show_about(window))

    find = QAction(window)
    find.setShortcut(QKeySequence.StandardKey.Find)
    find.triggered.connect(window.finder.focus)
    window.addAction(find)
    for key, slot in (("F3", window.next_result), ("Shift+F3", window.previous_result)):
        action = QAction(window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        window.addAction(action)


def _shared_actions(window: MainWindow, file: QMenu) -> None:
    from app.ui.shared_cases import SharedCases

    window.shared = SharedCases(
        window,
        window.set_case,
        lambda: window.case,
        lambda text: window.statusBar().showMessage(text, 15000),
    )
    add_action(window, file, "Open S&hared Case\u2026", window.shared.open_dialog)
    add_action(window, file, "&Push to Shared Case\u2026", window.shared.push)


def add_dock(
    window: MainWindow, title: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    """A dock named after ``title`` (so the layout is remembered) holding ``widget``."""
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock-{title.lower()}")
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def _present(window: MainWindow) -> None:
    from app.ui.present.launch import present_from_window  # QtPdf only when presenting

    present_from_window(window)


def add_action(
    window: MainWindow,
    menu: QMenu,
    text: str,
    slot,
    shortcut: str | QKeySequence | None = None,  # type: ignore[no-untyped-def]
    *,
    checkable: bool = False,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def show_shortcuts(parent: QWidget) -> None:
    text = "\n".join(f"{keys:<26} {what}" for keys, what in SHORTCUTS)
    box = QMessageBox(parent)
    box.setWindowTitle("Keyboard shortcuts")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()


def show_about(parent: QWidget) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("About Casetrail")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        f"Casetrail {__version__}\n\nSource-linked fact chronologies: every event "
        "carries the citations that support or dispute it, and dates keep the "
        "precision their source gives."
    )
    box.exec()
