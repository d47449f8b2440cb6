"""The single place where the UI opens a source (DESIGN.md §5.8).

``SourceOpener`` carries out the decisions of ``app.domain.links``: a file stored in the case
or linked from it is hash-checked and shown inside Casetrail (never handed to another
program, never when it looks executable); a web address is opened in the browser only after
the user has seen it; anything else is refused with a message. Its hooks (``open_url``,
``confirm``, ``inform``) are injectable so that tests can watch what would have happened.
"""

from __future__ import annotations

import hashlib
import stat
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.citation_open import plan_media, plan_open
from app.domain.citations import Pinpoint, parse_pinpoint
from app.domain.document_text import content_kind, read_document
from app.domain.links import decide_url, is_executable
from app.domain.media import media_kind
from app.domain.records import CitationRecord, SourceRecord
from app.store import files
from app.store.case import Case, NotFoundError

if TYPE_CHECKING:  # the viewer (and QtPdf) is imported when a source is first opened
    from app.ui.media_player import MediaWindow
    from app.ui.reading import ReadingRecorder
    from app.ui.source_viewer import FileState, SourceViewerWindow

OpenStatus = Literal["shown", "web", "cancelled", "refused", "nothing"]
OpenUrl = Callable[[str], object]
Confirm = Callable[[QWidget | None, str, str], bool]
Inform = Callable[[QWidget | None, str, str], object]

MAX_VIEW_BYTES = 256 * 1024 * 1024
NOTHING_TO_OPEN = "This source is known only by citation; there is no file or address to open."
TITLE_CANNOT_OPEN = "Cannot open source"
TITLE_NOTHING = "Nothing to open"
TITLE_WEB = "Open web address?"
TITLE_OUTSIDE = "Open a file outside the case's folder?"
TITLE_SYSTEM_PLAYER = "Open with the system player?"


@dataclass(frozen=True)
class OpenResult:
    """What opening a source did: shown in a viewer, handed to the browser, or not."""

    status: OpenStatus
    reason: str = ""
    window: SourceViewerWindow | MediaWindow | None = None
    url: str = ""

    @property
    def opened(self) -> bool:
        return self.status in ("shown", "web")


def ask_to_open_web(parent: QWidget | None, title: str, text: str) -> bool:
    """The default confirmation: a plain-text box with Open and Cancel (Cancel by default)."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is open_button


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """The default message: a plain-text information box."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def open_in_browser(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url, QUrl.ParsingMode.StrictMode))


class SourceOpener(QObject):
    """Opens sources and citations for the whole UI, following the one link policy."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        open_url: OpenUrl | None = None,
        confirm: Confirm | None = None,
        inform: Inform | None = None,
    ) -> None:
        super().__init__(parent)
        self.open_url: OpenUrl = open_url or open_in_browser
        self.confirm: Confirm = confirm or ask_to_open_web
        self.inform: Inform = inform or tell
        self.windows: list[SourceViewerWindow | MediaWindow] = []
        self._quote = ""  # the quote of the citation being opened
        self._day_first = False
        # what New Event / Add Citation from Selection in a viewer do (set by the window)
        self.selection_handler: Callable[[str, object], None] | None = None
        self.reading: ReadingRecorder | None = None  # records what viewers show (the window's)

    # ---- entry points

    def open_citation(
        self, case: Case, citation: CitationRecord, parent: QWidget | None = None
    ) -> OpenResult:
        """Open the cited source at the citation's pinpoint."""
        result = self.open_source(
            case, citation.source_id, citation.pinpoint, parent, quote=citation.quote
        )
        if result.window is not None and getattr(result.window, "toolbar", None) is not None:
            _step_through_citations(case, result.window, citation)  # type: ignore[arg-type]
        return result

    def open_source(
        self,
        case: Case,
        source_id: int,
        pinpoint: str | Pinpoint | None = None,
        parent: QWidget | None = None,
        *,
        quote: str = "",
    ) -> OpenResult:
        """Open a source of ``case``: its stored file, linked file or web address, in that
        order of preference; the user is told whenever nothing is opened. A ``quote`` is
        marked where the viewer finds it."""
        self._quote = quote
        self._day_first = bool(getattr(case, "day_first", False))
        where = pinpoint if isinstance(pinpoint, Pinpoint) else parse_pinpoint(pinpoint or "")
        try:
            source = case.source(source_id)
        except NotFoundError:
            return self._refuse(parent, f"There is no source {source_id} in this case.")
        if source.file_stored and source.file_sha256:
            return self._open_stored(case, source, where, parent)
        if source.file_path:
            return self._open_linked(case, source, where, parent)
        if source.url.strip():
            return self._open_web(source.url, parent)
        self.inform(parent, TITLE_NOTHING, NOTHING_TO_OPEN)
        return OpenResult("nothing", NOTHING_TO_OPEN)

    # ---- the three ways

    def _open_stored(
        self, case: Case, source: SourceRecord, pinpoint: Pinpoint, parent: QWidget | None
    ) -> OpenResult:
        data = case.file_data(source.file_sha256 or "")
        if data is None:
            return self._refuse(parent, "The copy of this source stored in the case is missing.")
        state: FileState = "verified"
        if hashlib.sha256(data).hexdigest() != source.file_sha256:
            state = "changed"
        name = Path(source.file_path).name if source.file_path else ""
        return self._show(source, data, name, state, "Stored in the case", pinpoint, parent)

    def _open_linked(
        self, case: Case, source: SourceRecord, pinpoint: Pinpoint, parent: QWidget | None
    ) -> OpenResult:
        path = files.resolve_linked(source, case.path)
        problem = _linked_problem(path)
        if problem:
            return self._refuse(parent, problem)
        outside = _outside_case_folder(path, case.path)
        if outside is not None:
            # an absolute path or ../ in a received case could point anywhere on this
            # computer: the user sees exactly which file before it is read, hashed or shown
            question = (
                f"This source links to a file outside the case's folder:\n\n{outside}\n\n"
                "Casetrail will read it, check its fingerprint and show it inside Casetrail. "
                "Open it?"
            )
            if not self.confirm(parent, TITLE_OUTSIDE, question):
                return OpenResult("cancelled", f"{outside} was not opened.")
        try:
            data = path.read_bytes()  # hash exactly the bytes that will be shown
        except OSError as error:
            return self._refuse(parent, f"The linked file {path} cannot be read ({error}).")
        state: FileState = "unverified"
        if source.file_sha256:
            matches = hashlib.sha256(data).hexdigest() == source.file_sha256
            state = "verified" if matches else "changed"
        return self._show(source, data, path.name, state, f"Linked file {path}", pinpoint, parent)

    def _open_web(self, address: str, parent: QWidget | None) -> OpenResult:
        decision = decide_url(address)
        if decision.action != "confirm_web":
            return self._refuse(parent, decision.reason)
        question = (
            f"Open this address in your web browser?\n\n{decision.url}\n\n"
            f"Site: {decision.host}\n\n{decision.reason}"
        )
        if not self.confirm(parent, TITLE_WEB, question):
            return OpenResult("cancelled", "The address was not opened.", url=decision.url)
        self.open_url(decision.url)
        return OpenResult("web", decision.reason, url=decision.url)

    # ---- helpers

    def _show(
        self,
        source: SourceRecord,
        data: bytes,
        name: str,
        state: FileState,
        where: str,
        pinpoint: Pinpoint,
        parent: QWidget | None,
    ) -> OpenResult:
        media = media_kind(data, name)
        if media is not None:
            return self._play(source, data, name, media == "video", state, where, pinpoint, parent)
        kind = content_kind(data, name)
        if kind is None:
            return self._refuse(parent, _unviewable(name))
        from app.ui.source_viewer import SourceViewerWindow

        place = cited_place(source, pinpoint, data, name)
        window = SourceViewerWindow(source.title, parent)
        selection = window.selection_actions
        selection.source_id, selection.bates_start = source.id, source.bates_start
        selection.day_first = self._day_first
        if self.selection_handler is not None:
            window.selection_actions.proposed.connect(self.selection_handler)
        shown = window.show_document(
            data, name=name, state=state, where=where, pinpoint=place, quote=self._quote
        )
        if not shown:
            window.deleteLater()
            return self._refuse(parent, _unviewable(name))
        self._keep(window)
        window.show()
        window.raise_()
        if kind == "text":
            from app.ui.viewer_attachments import EmailOrigin, add_attachments_panel

            origin = EmailOrigin(source.id, source.title, hashlib.sha256(data).hexdigest())
            add_attachments_panel(window, data, name, origin)
        if self.reading is not None:
            from app.ui.reading import watch_viewer

            watch_viewer(window, self.reading, source.id)
        reason = "" if state == "verified" else window.viewer.banner.text()
        return OpenResult("shown", reason, window=window)

    def _play(
        self,
        source: SourceRecord,
        data: bytes,
        name: str,
        video: bool,
        state: FileState,
        where: str,
        pinpoint: Pinpoint,
        parent: QWidget | None,
    ) -> OpenResult:
        """Play a recording from the cited time (or offer the system's player where Qt
        Multimedia cannot load)."""
        from app.ui.media_player import MediaWindow
        from app.ui.source_viewer import STATE_TEXT

        window = MediaWindow(source.title, parent)
        banner = f"{where} \u2014 {STATE_TEXT[state]}"
        place = plan_media(pinpoint).viewer_pinpoint("media")
        window.show_recording(
            data, name=name, video=video, state_text=banner, state=state, place=place
        )
        held = weakref.ref(window)
        window.openExternally.connect(lambda: self.open_with_system_player(held(), data, name))
        self._keep(window)
        window.show()
        window.raise_()
        reason = window.problem or ("" if state == "verified" else banner)
        return OpenResult("shown", reason, window=window)

    def open_with_system_player(self, parent: QWidget | None, data: bytes, name: str) -> bool:
        """Hand a recording (already hash-checked, and an audio or video file by its bytes)
        to the system's player, after asking: a private copy is written and opened."""
        if media_kind(data, name) is None:
            self._refuse(parent, _unviewable(name))
            return False
        question = (
            f"Open {name or 'this recording'} with your system's media player?\n\n"
            "Casetrail writes a copy of the checked file to a private temporary folder and "
            "hands that copy to the player."
        )
        if not self.confirm(parent, TITLE_SYSTEM_PLAYER, question):
            return False
        copy = write_private_copy(data, name)
        self.open_url(QUrl.fromLocalFile(str(copy)).toString())
        return True

    def _keep(self, window: SourceViewerWindow | MediaWindow) -> None:
        self.windows.append(window)
        window.destroyed.connect(lambda *_: self._forget(window))

    def _forget(self, window: SourceViewerWindow | MediaWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def _refuse(self, parent: QWidget | None, reason: str) -> OpenResult:
        self.inform(parent, TITLE_CANNOT_OPEN, reason)
        return OpenResult("refused", reason)


def cited_place(
    source: SourceRecord, pinpoint: Pinpoint, data: bytes, name: str
) -> Pinpoint | None:
    """Where the viewer shows the file: the page or paragraph ``plan_open`` finds for the
    pinpoint (a Bates number's page, the PDF page holding a cited paragraph), else None."""
    kind = content_kind(data, name)
    document = None
    if kind == "pdf" and pinpoint.kind == "paragraph":
        document = read_document(data, name)  # the paragraph's page is found in its text
    plan = plan_open(source, pinpoint, copy="present", document=document)
    return plan.viewer_pinpoint(kind)


def _step_through_citations(case: Case, window: SourceViewerWindow, shown: CitationRecord) -> None:
    """Give the window's toolbar every citation of the shown source, in event order, so
    Copy citation and previous/next citation work."""
    from app.domain.citations import format_pinpoint
    from app.ui.viewer_toolbar import CitedPlace

    source = case.source(shown.source_id)
    data = bytes(window.viewer.document_bytes())
    name = Path(source.file_path).name if source.file_path else ""
    places, index = [], 0
    for event in case.events():
        for c in event.citations:
            if c.source_id != shown.source_id:
                continue
            if c.id == shown.id:
                index = len(places)
            pin = parse_pinpoint(c.pinpoint)
            where = f", {format_pinpoint(pin)}" if c.pinpoint.strip() else ""
            quote = f": \u201c{' '.join(c.quote.split())}\u201d" if c.quote.strip() else ""
            text = f"{' '.join(source.title.split())}{where}{quote}"
            places.append(CitedPlace(c.id, text, cited_place(source, pin, data, name), c.quote))
    held = weakref.ref(window)  # the toolbar must not keep a closed window alive

    def show(place: CitedPlace) -> None:
        shown = held()
        if shown is not None:
            shown.show_place(place.pinpoint, place.quote)

    window.toolbar.set_places(places, index, show)


def write_private_copy(data: bytes, name: str) -> Path:
    """``data`` written (readable by this user only, not executable) into a new private
    temporary folder, named like the source's file."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="casetrail-"))
    safe = "".join(c if c.isalnum() or c in "._- " else "_" for c in Path(name).name).strip()
    path = folder / (safe.lstrip(".") or "recording")
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def _linked_problem(path: Path) -> str | None:
    """Why a linked file may not be shown, or None if it may."""
    if not path.exists():
        return f"The linked file {path} is missing. It may have been moved or renamed."
    if is_executable(path) or is_executable(path.resolve()):
        return (
            f"The linked file {path} looks like a program or script. Casetrail does not open "
            "programs, so it was not opened."
        )
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        return f"The linked file {path} is not an ordinary file, so it was not opened."
    if info.st_size > MAX_VIEW_BYTES:
        return f"The linked file {path} is too large to show inside Casetrail."
    return None


def _outside_case_folder(path: Path, case_path: Path) -> Path | None:
    """The full path of a linked file that lies outside the case's folder (after following
    ``..`` and symbolic links), or None when it is inside."""
    try:
        full = path.resolve()
        folder = case_path.resolve().parent
    except (OSError, RuntimeError):  # a symbolic link loop
        return path.absolute()
    return None if full.is_relative_to(folder) else full


def _unviewable(name: str) -> str:
    return (
        f"Casetrail can show PDF, text and image files; {name or 'this file'} is none of "
        "these, so it was not opened. Casetrail never hands source files to other programs."
    )
