"""File > Export Exhibits…: the exhibit pack from the window, as ``casetrail exhibits`` does.

A dialog asks which events (all, a saved view, or the events the filter shows), whether the
original files go in a folder or a ZIP beside the PDF, the PDF's name, and the two output
choices the CLI's ``--include-privileged`` and ``--pseudonyms`` make (a saved view kept with
pseudonyms always uses them); the policy is applied as ``casetrail exhibits`` applies it, and
a pseudonymised pack that still names a real person is refused whole. The pack is then
planned, painted and written as one job off the interface thread, with progress and Cancel:
:func:`app.interchange.exhibit_pack.write_pack` puts everything in place only when all of it
was written, so a failed or cancelled export leaves nothing behind and an earlier pack as it
was. A failure is one plain message naming the file and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import EventFilter
from app.interchange.atomic import WriteCancelled
from app.store.case import Case
from app.ui.jobs import Job, Reporter
from app.ui.text import ask
from app.ui.widgets.output_choices import OutputChoices
from app.ui.window_flow import JobFlow

__all__ = ["ExhibitOptions", "ExhibitsDialog", "ExhibitsFlow"]

ALL, SHOWN = "\x00all", "\x00shown"  # the events choices that are not a saved view's name


@dataclass(frozen=True)
class ExhibitOptions:
    out: Path
    events: str = ALL  # ALL, SHOWN, or a saved view's name
    as_zip: bool = False
    include_privileged: bool = False
    pseudonyms: bool = False  # also when the saved view chosen is kept with pseudonyms


class ExhibitsDialog(QDialog):
    """Which events, folder or ZIP, and the PDF's name."""

    def __init__(
        self,
        parent: QWidget | None,
        views: list[str],
        filtered: bool,
        out: Path,
        pseudonymous_views: frozenset[str] = frozenset(),
    ):
        super().__init__(parent)
        self._pseudonymous_views = pseudonymous_views
        self._asked = False
        self.folder = out.parent  # where a name without a folder goes
        self.setWindowTitle("Export Exhibits")
        form = QFormLayout(self)
        intro = QLabel(
            "An exhibit list, then every cited page of the stored sources, stamped with the "
            "exhibit and Bates number, with bookmarks. Beside the PDF, the original files "
            "and a SHA-256 manifest. Sources without a stored file are listed as not produced.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.events_box = QComboBox(self)
        self.events_box.addItem("All events", ALL)
        if filtered:
            self.events_box.addItem("The events the filter shows", SHOWN)
        for name in views:
            self.events_box.addItem(f"Saved view: {name}", name)
        form.addRow("&Events:", self.events_box)
        originals = QVBoxLayout()
        self.folder_button = QRadioButton("In a &folder beside the PDF", self)
        self.zip_button = QRadioButton("In a &ZIP file beside the PDF", self)
        self.folder_button.setChecked(True)
        originals.addWidget(self.folder_button)
        originals.addWidget(self.zip_button)
        form.addRow("Original files:", originals)
        self.output_choices = OutputChoices(self)
        form.addRow(self.output_choices)
        self.events_box.currentIndexChanged.connect(self._events_chosen)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(str(out), self)
        choose = QPushButton("C&hoose\u2026", self)
        choose.clicked.connect(self._choose)
        row.addWidget(self.path_edit)
        row.addWidget(choose)
        form.addRow("PDF file:", row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        export = self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        export.setText("Export")
        self.path_edit.textChanged.connect(lambda text: export.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(560)

    def _events_chosen(self) -> None:
        """A saved view kept with pseudonyms is exported with them (as the CLI does)."""
        box = self.output_choices.pseudonyms_box
        if self.events_box.currentData() in self._pseudonymous_views:
            if box.isEnabled():
                self._asked = box.isChecked()  # the person's own choice, given back after
            box.setChecked(True)
            box.setEnabled(False)
        elif not box.isEnabled():
            box.setEnabled(True)
            box.setChecked(self._asked)

    def _choose(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export Exhibits", self.path_edit.text(), "PDF (*.pdf)"
        )
        if name:
            self.path_edit.setText(name)

    def options(self) -> ExhibitOptions:
        out = Path(self.path_edit.text().strip()).expanduser()
        if not out.is_absolute():
            out = self.folder / out
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        choices = self.output_choices
        return ExhibitOptions(
            out,
            self.events_box.currentData(),
            self.zip_button.isChecked(),
            choices.include_privileged,
            choices.pseudonyms,
        )


def build_pack(
    case: Case, options: ExhibitOptions, flt: EventFilter, reporter: Reporter | None
) -> str:
    """Plan, paint and write the pack (in the job's thread); a summary in words. The output
    policy is applied as ``casetrail exhibits`` applies it; a pseudonymised pack that still
    names a real person raises :class:`RealNameLeft` before anything is written."""
    from app.ui.exhibit_making import plan_pack, write_planned_pack

    def cancelled() -> bool:
        return reporter is not None and reporter.cancelled

    def progress(done: int, total: int) -> None:
        if reporter is not None:
            reporter.progress(done, total)

    plan = plan_pack(
        case,
        flt if options.events == SHOWN else None,
        None if options.events in (ALL, SHOWN) else options.events,
        include_privileged=options.include_privileged,
        pseudonyms=options.pseudonyms,
    )
    if cancelled():
        raise WriteCancelled
    pages, where = write_planned_pack(
        plan, options.out, as_zip=options.as_zip, cancelled=cancelled, progress=progress
    )
    exhibits = plan.exhibits
    missing = sum(1 for e in exhibits if not e.produced)
    return (
        f"Exported {len(exhibits)} exhibit(s), {pages} page(s) to {options.out}; originals "
        f"in {where.name}" + (f"; {missing} not produced" if missing else "")
    )


class ExhibitsFlow(JobFlow):
    """File > Export Exhibits… for one window (the shape of ``ExportFlow``)."""

    failure_title = "Exhibits not exported"
    exported = Signal(object)  # the PDF's path

    def __init__(
        self,
        parent: QWidget,
        case: Callable[[], Case | None],
        current_filter: Callable[[], EventFilter],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(parent, case, show_status)
        self._filter = current_filter
        self.action = QAction("Export E&xhibits\u2026", parent)
        self.action.triggered.connect(lambda _checked=False: self.export_dialog())
        self.update_actions()

    def actions(self) -> list[QAction]:
        return [self.action]

    def update_actions(self) -> None:
        self.action.setEnabled(self._case() is not None)

    def dialog(self) -> ExhibitsDialog | None:
        case = self._case()
        if case is None:
            return None
        out = case.path.parent / f"{case.path.stem} exhibits.pdf"
        views = case.saved_views()
        return ExhibitsDialog(
            self._parent,
            [v.name for v in views],
            not self._filter().is_empty,
            out,
            frozenset(v.name for v in views if v.pseudonyms),
        )

    def export_dialog(self) -> None:
        if self.busy:
            return
        dialog = self.dialog()
        if dialog is None or not dialog.exec():
            return
        options = dialog.options()
        if options.out.exists() and not ask(
            self._parent,
            "Export Exhibits",
            f"{options.out} already exists. Replace it and the original files beside it?",
            yes="Replace",
        ):
            return
        self.start_export(options)

    def start_export(self, options: ExhibitOptions) -> Job | None:
        case = self._case()
        if case is None:
            return None
        if not options.out.parent.is_dir():
            self._fail(f"{options.out}: folder {options.out.parent} does not exist")
            return None
        if options.out.exists() and options.out.resolve() == Path(case.path).resolve():
            self._fail(f"{options.out}: is the case file itself; choose another name")
            return None
        flt = self._filter()
        return self.runner.start(
            lambda reporter: build_pack(case, options, flt, reporter),
            title="Export Exhibits",
            label=f"Writing the exhibit pack {options.out.name}\u2026",
            on_finished=lambda summary: self._done(options.out, summary),
            on_failed=lambda error: self._failed(options.out, error),
            on_cancelled=lambda: self._status(
                f"Export of {options.out.name} cancelled; nothing was written"
            ),
        )

    def _done(self, out: Path, summary: str) -> None:
        self._status(summary)
        self.exported.emit(out)

    def _failed(self, out: Path, error: object) -> None:
        if isinstance(error, WriteCancelled):
            return
        from app.interchange.exhibit_pack import PackProblem
        from app.interchange.output_policy import RealNameLeft
        from app.interchange.publish import PublishProblem

        if isinstance(error, PackProblem | PublishProblem | RealNameLeft):
            text = str(error)
        elif isinstance(error, OSError):
            text = f"{out}: cannot be written ({error.strerror or error}); nothing was changed"
        else:
            text = f"{out}: the exhibit pack could not be made ({error}); nothing was changed"
        self._fail(text)
