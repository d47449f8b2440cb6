"""What a presentation shows: its steps, and the cited page of each step.

The steps are the entries of the chronology report (:func:`build_chronology`): dated events
in date order, then the undated ones (or a story's events in the story's order, with its
commentary), each with its date as written, status, standing and
citations. :func:`cited_file` reads the file a citation points to for the step's page: the
copy stored in the case (hash-checked) or a linked file inside the case's folder. Nothing
here asks a question or opens anything outside the case folder: a presenter in a
courtroom is never interrupted by a dialog. Nothing here writes to the case.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.citations import Pinpoint, parse_pinpoint
from app.domain.document_text import content_kind
from app.domain.records import EventFilter
from app.domain.stories import StoryRecord
from app.interchange.chronology import Chronology, Entry, Footnote, build_chronology
from app.interchange.publish import story_chronology
from app.store import files
from app.store.case import Case, NotFoundError
from app.ui.opener import _linked_problem, _outside_case_folder, cited_place

# the order in which a step's citations are preferred for the page shown beside it
_STANCE_ORDER = {"supports": 0, "contradicts": 1, "context": 2}


@dataclass(frozen=True)
class CitedFile:
    """The bytes of a cited source and where to show them."""

    data: bytes
    name: str
    state: str  # verified / changed / unverified (app.ui.source_viewer.FileState)
    where: str
    place: Pinpoint | None
    quote: str


@dataclass(frozen=True)
class Deck:
    """The steps of one presentation."""

    title: str  # the case's title and the view's name, or the story's name
    chronology: Chronology
    commentary: dict[int, str] = field(default_factory=dict)  # a story's, by event id
    introduction: str = ""

    @property
    def steps(self) -> tuple[Entry, ...]:
        return self.chronology.all_entries

    def citations(self, step: Entry) -> list[Footnote]:
        return [self.chronology.footnote(n) for n in step.footnotes]

    def shown_citation(self, step: Entry) -> Footnote | None:
        """The citation whose page is shown beside the step: a supporting one first."""
        notes = self.citations(step)
        if not notes:
            return None
        return sorted(notes, key=lambda n: (_STANCE_ORDER.get(n.stance, 3), n.number))[0]


def build_deck(
    case: Case,
    flt: EventFilter | None = None,
    view_name: str = "",
    story: StoryRecord | None = None,
) -> Deck:
    """The steps of ``story``, or of the events ``flt`` selects (named ``view_name``)."""
    if story is not None:
        commentary = {s.event_id: s.commentary for s in story.steps}
        return Deck(story.name, story_chronology(case, story), commentary, story.introduction)
    title = case.title or "Chronology"
    if view_name:
        title = f"{title}: {view_name}"
    return Deck(title, build_chronology(case, flt or EventFilter()))


def cited_file(case: Case, note: Footnote) -> CitedFile | str:
    """The file ``note`` cites, ready to show, or why it cannot be shown (plain words)."""
    try:
        source = case.source(note.source_id)
    except NotFoundError:
        return "The cited source is no longer in the case."
    pinpoint = parse_pinpoint(note.pinpoint)
    if source.file_stored and source.file_sha256:
        data = case.file_data(source.file_sha256)
        if data is None:
            return "The copy of this source stored in the case is missing."
        state = "verified" if hashlib.sha256(data).hexdigest() == source.file_sha256 else "changed"
        name = Path(source.file_path).name if source.file_path else ""
        where = "Stored in the case"
    elif source.file_path:
        path = files.resolve_linked(source, Path(case.path))
        problem = _linked_problem(path)
        if problem:
            return problem
        if _outside_case_folder(path, Path(case.path)) is not None:
            return "The cited file lies outside the case's folder; it is not shown here."
        try:
            data = path.read_bytes()
        except OSError as error:
            return f"The linked file {path} cannot be read ({error})."
        state = "unverified"
        if source.file_sha256:
            same = hashlib.sha256(data).hexdigest() == source.file_sha256
            state = "verified" if same else "changed"
        name, where = path.name, f"Linked file {path.name}"
    else:
        return "This source has no file in the case to show."
    if content_kind(data, name) is None:
        return "The cited file is not a PDF, text or image file."
    place = cited_place(source, pinpoint, data, name)
    return CitedFile(data, name, state, where, place, note.quote)
