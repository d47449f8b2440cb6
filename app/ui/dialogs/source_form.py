"""Source intake: a file is hashed (SHA-256) as a background job with progress and cancel, then
stored inside the case (content-addressed: the same file twice is stored once) or linked by
path; the metadata form validates Bates ranges and keeps their leading zeros."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.bates import BatesError, validate_bates_range
from app.domain.links import decide_url, is_executable
from app.domain.records import SOURCE_KINDS
from app.store.files import sha256_file
from app.ui.dialogs.common import CheckedForm
from app.ui.jobs import Cancelled, Job, JobRunner, Reporter

MAX_STORED_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class HashedFile:
    path: Path
    sha256: str
    size: int
    media_type: str


@dataclass(frozen=True)
class SourceDraft:
    title: str
    kind: str
    author: str = ""
    publisher: str = ""
    date_text: str = ""
    url: str = ""
    bates_start: str = ""
    bates_end: str = ""
    exhibit: str = ""
    notes: str = ""
    file: HashedFile | None = None
    store: bool = True  # store the file inside the case (else link it by path)


def hash_file(path: Path, reporter: Reporter) -> HashedFile:
    """SHA-256 and size of ``path`` (run as a job: progress per chunk, stops when
    cancelled)."""
    try:
        digest, size = sha256_file(path, reporter)
    except InterruptedError:
        raise Cancelled from None
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return HashedFile(path, digest, size, media)


class SourceForm(CheckedForm):
    """Metadata for a new source, optionally with a file (hashed before Save is allowed)."""

    def __init__(self, parent: QWidget | None, *, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add source")
        self.setMinimumWidth(560)
        self.hashed: HashedFile | None = None
        self.runner = JobRunner(self)
        self.job: Job | None = None
        self._hashing = False
        self.title_edit = QLineEdit(self)
        self.kind_box = QComboBox(self)
        self.kind_box.addItems(SOURCE_KINDS)
        self.author_edit = QLineEdit(self)
        self.publisher_edit = QLineEdit(self)
        self.date_edit = QLineEdit(self)
        self.date_edit.setPlaceholderText("as the source gives it, e.g. March 2019")
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("https://\u2026")
        self.bates_start = QLineEdit(self)
        self.bates_start.setPlaceholderText("e.g. ABC0001234")
        self.bates_end = QLineEdit(self)
        self.exhibit_edit = QLineEdit(self)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setFixedHeight(60)
        self.notes_edit.setTabChangesFocus(True)
        self.file_label = QLabel("No file", self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setWordWrap(True)
        self.store_radio = QRadioButton("Store a copy inside the case", self)
        self.link_radio = QRadioButton("Link to the file where it is", self)
        self.store_radio.setChecked(True)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.cancel_hash = QPushButton("Stop hashing", self)
        self.cancel_hash.setVisible(False)
        self.cancel_hash.clicked.connect(self._cancel_hashing)
        self._make_footer()

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Kind", self.kind_box)
        form.addRow("&Author", self.author_edit)
        form.addRow("&Publisher", self.publisher_edit)
        form.addRow("&Date", self.date_edit)
        form.addRow("&URL", self.url_edit)
        bates = QHBoxLayout()
        bates.addWidget(self.bates_start)
        bates.addWidget(QLabel("to"))
        bates.addWidget(self.bates_end)
        form.addRow("&Bates", bates)
        form.addRow("E&xhibit", self.exhibit_edit)
        form.addRow("&Notes", self.notes_edit)
        form.addRow("File", self.file_label)
        form.addRow("", self.store_radio)
        form.addRow("", self.link_radio)
        hashing = QHBoxLayout()
        hashing.addWidget(self.progress, 1)
        hashing.addWidget(self.cancel_hash)
        form.addRow("", hashing)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for edit in (self.title_edit, self.bates_start, self.bates_end, self.url_edit):
            edit.textChanged.connect(self._validate)
        self.store_radio.toggled.connect(self._validate)
        if path is not None:
            self.set_file(path)
        self._validate()

    # ---- the file

    def set_file(self, path: Path) -> None:
        """Start hashing ``path``; Save waits until the hash is known."""
        self.hashed = None
        if not path.is_file():
            self.file_label.setText(f"{path} is not a file.")
            self._validate()
            return
        if is_executable(path):
            self.file_label.setText(
                f"{path.name} looks like a program or script; Casetrail "
                "does not take programs as sources."
            )
            self._validate()
            return
        if not self.title_edit.text():
            self.title_edit.setText(path.stem)
        self.file_label.setText(f"{path} \u2014 hashing\u2026")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_hash.setVisible(True)
        self._hashing = True
        # the handlers are connected before the thread starts: a fast hash is never lost
        self.job = self.runner.start(
            partial(hash_file, path),
            title=str(path),
            progress=False,
            on_progress=self._progress,
            on_finished=self._hashed,
            on_failed=self._hash_failed,
            on_cancelled=self._hash_cancelled,
        )
        self._validate()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setValue(int(1000 * done / max(total, 1)))

    def _hashed(self, hashed: HashedFile) -> None:
        self._hashing = False
        self.hashed = hashed
        self.progress.setVisible(False)
        self.cancel_hash.setVisible(False)
        self.file_label.setText(
            f"{hashed.path}\n{hashed.size:,} bytes \u00b7 SHA-256 {hashed.sha256}"
        )
        if hashed.size > MAX_STORED_BYTES:
            self.link_radio.setChecked(True)
        self._validate()

    def _hash_failed(self, error: object) -> None:
        path = self.job.title if self.job is not None else ""
        if isinstance(error, OSError):
            self._hash_ended(f"{path} cannot be read ({error.strerror or error}).")
        else:
            self._hash_ended(f"The file could not be hashed ({error}).")

    def _hash_cancelled(self) -> None:
        self._hash_ended("Hashing was cancelled; nothing was added.")

    def _hash_ended(self, message: str) -> None:
        self._hashing = False
        self.progress.setVisible(False)
        self.cancel_hash.setVisible(False)
        self.file_label.setText(message)
        self._validate()

    def _cancel_hashing(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def wait_for_hash(self, timeout_ms: int = 30_000) -> bool:
        """Block until the hashing thread has ended (for tests and scripted use); its
        result arrives through the event loop afterwards."""
        return self.job is None or self.job.wait(timeout_ms)

    def hashing(self) -> bool:
        """True from the start of hashing until its result (or failure) has arrived."""
        return self._hashing

    # ---- validation

    def problems(self) -> list[str]:
        found = []
        if not self.title_edit.text().strip():
            found.append("A source needs a title.")
        try:
            validate_bates_range(self.bates_start.text(), self.bates_end.text())
        except BatesError as error:
            found.append(f"Bates: {error}")
        url = self.url_edit.text().strip()
        if url and decide_url(url).action != "confirm_web":
            found.append(f"URL: {decide_url(url).reason}")
        if self.hashing():
            found.append("Hashing the file\u2026")
        if (
            self.hashed is not None
            and self.store_radio.isChecked()
            and self.hashed.size > MAX_STORED_BYTES
        ):
            found.append("The file is too large to store inside the case; link it instead.")
        return found

    def done(self, result: int) -> None:  # noqa: D401 - Qt API
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.wait_for_hash()
        super().done(result)

    def draft(self) -> SourceDraft:
        start, end = validate_bates_range(self.bates_start.text(), self.bates_end.text())
        return SourceDraft(
            title=self.title_edit.text().strip(),
            kind=self.kind_box.currentText(),
            author=self.author_edit.text().strip(),
            publisher=self.publisher_edit.text().strip(),
            date_text=self.date_edit.text().strip(),
            url=self.url_edit.text().strip(),
            bates_start=start,
            bates_end=end,
            exhibit=self.exhibit_edit.text().strip(),
            notes=self.notes_edit.toPlainText(),
            file=self.hashed,
            store=self.store_radio.isChecked(),
        )


class IntakeError(Exception):
    """The file could not be taken in; nothing was added."""


def prepare_source(case: object, draft: SourceDraft) -> dict[str, object]:
    """Put the draft's file into the case (stored bytes, or its hash for a link) and return
    the keyword fields for ``create_source``. Stored bytes are re-hashed as they are read, so
    a file that changed after it was hashed is refused instead of being stored under the
    wrong hash."""
    import hashlib

    fields: dict[str, object] = {
        "title": draft.title,
        "kind": draft.kind,
        "author": draft.author,
        "publisher": draft.publisher,
        "date_text": draft.date_text,
        "url": draft.url,
        "bates_start": draft.bates_start,
        "bates_end": draft.bates_end,
        "exhibit": draft.exhibit,
        "notes": draft.notes,
    }
    hashed = draft.file
    if hashed is None:
        return fields
    data: bytes | None = None
    if draft.store:
        try:
            data = hashed.path.read_bytes()
        except OSError as error:
            raise IntakeError(f"{hashed.path} cannot be read ({error.strerror or error})") from None
        if hashlib.sha256(data).hexdigest() != hashed.sha256:
            raise IntakeError(f"{hashed.path} changed after it was hashed; add it again")
    case.store_file(
        sha256=hashed.sha256,
        data=data,
        size=hashed.size,  # type: ignore[attr-defined]
        media_type=hashed.media_type,
        original_name=hashed.path.name,
    )
    fields.update(
        file_sha256=hashed.sha256,
        file_size=hashed.size,
        file_stored=draft.store,
        file_path=hashed.path.name if draft.store else str(hashed.path),
    )
    return fields
