"""``casetrail publish``: a chronology as one self-contained HTML page that works offline.

The page is built from the same :class:`~app.interchange.chronology.Chronology` as the
report (so dates are as written, footnotes are the citations, standing and warnings come
from :mod:`app.domain.standing`) and drawn as a sequence of steps a reader walks through:
an overview strip of every step (date and title, each an in-page link), then one section
per step with its date, title, status, standing, description and citations (source,
pinpoint, quoted passage and stance). An event whose status is *alleged* is always marked
as an allegation, in its heading and in the overview.

The page makes no network request of any kind: inline CSS, one small inline script
(keyboard navigation: Right/Left, PageDown/PageUp, Space, Home/End), no fonts, images,
frames or links outside the page, and a Content-Security-Policy that forbids loading
anything and allows only that script (by its SHA-256). Every piece of case text is escaped
with ``html.escape``. The file is written with :func:`~app.interchange.atomic.atomic_write`.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.domain.records import EventFilter, SavedViewRecord
from app.domain.standing import STANDING_DESCRIPTIONS
from app.domain.stories import StoryRecord
from app.interchange.atomic import atomic_write, cannot_write
from app.interchange.chronology import Chronology, Entry, Footnote, build_chronology
from app.interchange.output_policy import (
    NOTE_LABEL,
    RealNameLeft,
    check_bytes,
    make_policy,
    output_case,
)
from app.store.case import Case
from app.store.stories import stories_of

__all__ = [
    "PublishProblem",
    "find_story",
    "find_view",
    "publish_file",
    "render_published",
    "story_chronology",
]


class PublishProblem(Exception):
    """Publishing cannot be carried out; the message names what and where."""


_CSS = """
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 17px;
  color: #111; background: #fff; line-height: 1.5; }
body { max-width: 54em; margin: 0 auto; padding: 1.5em; }
h1 { font-size: 2em; margin: .2em 0; }
.intro { white-space: pre-wrap; font-size: 1.1em; }
.meta, .made { color: #444; font-size: .9em; }
nav ol { display: flex; flex-wrap: wrap; gap: .4em; list-style: none; padding: 0; }
nav a { display: block; border: 2px solid #234; border-radius: .3em; padding: .2em .5em;
  color: #123; text-decoration: none; font-size: .85em; max-width: 16em; }
nav a:focus, nav a:hover { background: #234; color: #fff; }
nav a.alleged { border-style: dashed; }
section.step { border-top: 3px solid #234; margin: 2em 0; padding-top: .8em; }
section.step:focus { outline: 3px solid #c60; outline-offset: .4em; }
.count { color: #555; font-size: .85em; }
.date { font-weight: bold; font-size: 1.15em; }
.precision { font-style: italic; color: #555; font-size: .85em; }
h2 { font-size: 1.45em; margin: .2em 0 .4em; }
.badge { display: inline-block; border: 2px solid #111; padding: 0 .4em; margin-right: .4em;
  font-size: .75em; font-weight: bold; letter-spacing: .06em; text-transform: uppercase;
  vertical-align: middle; }
.badge.alleged { border-color: #8a1c00; color: #8a1c00; border-style: dashed; }
.badge.warn { border-color: #a00; color: #a00; }
.description { white-space: pre-wrap; }
.privileged { color: #8b0000; border-left: 4px solid #8b0000; padding-left: 0.5em; }
.commentary { white-space: pre-wrap; font-size: 1.1em; border-left: 4px solid #234;
  padding-left: .8em; }
.standing { font-weight: bold; }
ol.citations { padding-left: 1.6em; }
ol.citations li { margin-bottom: .6em; }
blockquote { margin: .3em 0 .3em 0; padding: .2em .8em; border-left: 4px solid #c60;
  background: #fff6e8; white-space: pre-wrap; }
.stance { font-variant: small-caps; font-weight: bold; }
.stance.contradicts { color: #a00; }
.none { color: #a00; font-weight: bold; }
@media print { nav { display: none; } section.step { break-inside: avoid; } }
"""

_SCRIPT = """(function () {
  var steps = Array.prototype.slice.call(document.querySelectorAll("section.step"));
  function current() {
    // the step with the focus, else the step the address names (a link of the overview),
    // else the last step scrolled to (the last steps may not reach the top of the window)
    var i = steps.indexOf(document.activeElement);
    if (i < 0 && location.hash) {
      i = steps.indexOf(document.getElementById(location.hash.slice(1)));
    }
    if (i >= 0) { return i; }
    var y = window.scrollY + 10, at = -1;
    steps.forEach(function (s, n) { if (s.offsetTop <= y) { at = n; } });
    return at;
  }
  function go(i) {
    if (!steps.length) { return; }
    i = Math.max(0, Math.min(steps.length - 1, i));
    steps[i].focus();
    steps[i].scrollIntoView();
  }
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA") { return; }
    var k = e.key, at = current();
    if (k === "ArrowRight" || k === "PageDown" || (k === " " && !e.shiftKey)) { go(at + 1); }
    else if (k === "ArrowLeft" || k === "PageUp" || (k === " " && e.shiftKey)) { go(at - 1); }
    else if (k === "Home") { go(0); }
    else if (k === "End") { go(steps.length - 1); }
    else { return; }
    e.preventDefault();
  });
})();
"""


def _script_hash() -> str:
    digest = hashlib.sha256(_SCRIPT.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src '{_script_hash()}'; base-uri 'none'; form-action 'none'"
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def find_view(case: Case, name: str) -> SavedViewRecord:
    """The saved view called ``name`` (case-insensitive, surrounding spaces ignored)."""
    wanted = " ".join(name.split()).casefold()
    views = case.saved_views()
    for view in views:
        if view.name.casefold() == wanted:
            return view
    known = ", ".join(repr(v.name) for v in views) or "none"
    raise PublishProblem(f"--view: the case has no saved view named {name!r} (views: {known})")


def find_story(case: Case, name: str) -> StoryRecord:
    """The story called ``name`` (case-insensitive, surrounding spaces ignored)."""
    stories = stories_of(case)
    found = stories.find(name)
    if found is None:
        known = ", ".join(repr(s.name) for s in stories.all()) or "none"
        raise PublishProblem(f"--story: the case has no story named {name!r} (stories: {known})")
    return found


def story_chronology(case: Case, story: StoryRecord, made_at: datetime | None = None) -> Chronology:
    """The chronology of ``story``'s events in the story's order (steps whose event has
    been deleted are left out)."""
    whole = build_chronology(case, made_at=made_at)
    by_id = {entry.event_id: entry for entry in whole.all_entries}
    ordered = tuple(by_id[i] for i in story.event_ids if i in by_id)
    return replace(whole, entries=ordered, undated=())


def _is_allegation(entry: Entry) -> bool:
    return entry.status == "alleged"


def _badges(entry: Entry) -> str:
    out = []
    if _is_allegation(entry):
        out.append('<span class="badge alleged">Allegation</span>')
    if entry.key_fact:
        out.append('<span class="badge">Key fact</span>')
    if entry.warnings:
        out.append('<span class="badge warn">Status not borne out</span>')
    return "".join(out)


def _citation(note: Footnote) -> str:
    source = _e(note.source_title)
    marks = []
    if note.pinpoint:
        marks.append(_e(note.pinpoint))
    if note.exhibit:
        marks.append(_e(note.exhibit_text()))
    if note.bates:
        marks.append(f"Bates {_e(note.bates)}")
    where = f" ({'; '.join(marks)})" if marks else ""
    stance = _e(note.stance)
    quote = f"<blockquote>{_e(note.quote)}</blockquote>" if note.quote else ""
    return (
        f'<li><span class="stance {stance}">{stance}</span>: '
        f"<cite>{source}</cite>{where}{quote}</li>"
    )


def _step(
    entry: Entry, number: int, total: int, chronology: Chronology, commentary: str = ""
) -> str:
    date = _e(entry.date) if entry.date else "Undated"
    precision = (
        f' <span class="precision">({_e(entry.precision_note)})</span>'
        if entry.precision_note
        else ""
    )
    title = _e(entry.title)
    label = f"Step {number} of {total}: {'allegation: ' if _is_allegation(entry) else ''}"
    status = _e(entry.status)
    if _is_allegation(entry):
        status = "alleged (an allegation, not an established fact)"
    standing = _e(STANDING_DESCRIPTIONS.get(entry.standing, entry.standing))
    lines = [
        f'<section class="step" id="step-{number}" tabindex="-1" '
        f'aria-label="{_e(label + entry.title)}">',
        f'<p class="count">Step {number} of {total}</p>',
        f'<p class="date">{date}{precision}</p>',
        f"<h2>{_badges(entry)}{title}</h2>",
        f'<p class="meta">Status: {status}. Standing: '
        f'<span class="standing">{standing}</span>.</p>',
    ]
    if commentary:
        lines.append(f'<p class="commentary">{_e(commentary)}</p>')
    for warning in entry.warnings:
        lines.append(f'<p class="none">{_e(warning)}</p>')
    if entry.tags:
        lines.append(f'<p class="meta">Tags: {_e(", ".join(entry.tags))}</p>')
    if entry.description:
        lines.append(f'<p class="description">{_e(entry.description)}</p>')
    if entry.privileged_note:  # only when asked for: the page is marked PRIVILEGED
        lines.append(
            f'<p class="description privileged"><strong>{NOTE_LABEL}:</strong> '
            f"{_e(entry.privileged_note)}</p>"
        )
    if entry.footnotes:
        lines.append(f'<h3 id="step-{number}-sources">Citations</h3>')
        lines.append(f'<ol class="citations" aria-labelledby="step-{number}-sources">')
        lines.extend(_citation(chronology.footnote(n)) for n in entry.footnotes)
        lines.append("</ol>")
    else:
        lines.append('<p class="none">No source cited.</p>')
    lines.append("</section>")
    return "\n".join(lines)


def render_published(
    chronology: Chronology,
    *,
    heading: str,
    introduction: str = "",
    selection: str = "",
    commentary: dict[int, str] | None = None,
) -> str:
    """The page for ``chronology``: ``heading``, ``introduction`` and ``commentary`` (event
    id -> the step's commentary) are plain text."""
    commentary = commentary or {}
    entries = chronology.all_entries
    total = len(entries)
    nav = []
    for number, entry in enumerate(entries, start=1):
        cls = ' class="alleged"' if _is_allegation(entry) else ""
        mark = "Allegation: " if _is_allegation(entry) else ""
        date = entry.date or "Undated"
        nav.append(
            f'<li><a href="#step-{number}"{cls}>{_e(date)}<br>{_e(mark + entry.title)}</a></li>'
        )
    made = chronology.cover.made
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *_privileged_banner(chronology),
        "<header>",
        f"<h1>{_e(heading)}</h1>",
        f'<p class="made">{_e(chronology.cover.case_title)} \u00b7 published {_e(made)}'
        + (f" \u00b7 {_e(selection)}" if selection else "")
        + f" \u00b7 {total} step(s)</p>",
    ]
    if introduction:
        parts.append(f'<p class="intro">{_e(introduction)}</p>')
    parts.append(
        '<p class="meta">Use the Right and Left arrow keys, Page Down and Page Up, or Space '
        "to move between steps. An allegation is marked as one; the standing says what the "
        "citations give.</p>"
    )
    parts.append("</header>")
    parts.append('<nav aria-label="Timeline of the steps"><ol>')
    parts.extend(nav)
    parts.append("</ol></nav>")
    parts.append('<main aria-label="Steps">')
    parts.extend(
        _step(entry, n, total, chronology, commentary.get(entry.event_id, ""))
        for n, entry in enumerate(entries, start=1)
    )
    if not entries:
        parts.append('<p class="none">No events are selected.</p>')
    parts.append("</main>")
    parts.append(f"<script>{_SCRIPT}</script>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _privileged_banner(chronology: Chronology) -> list[str]:
    if not chronology.privileged:
        return []
    return [f'<p class="privileged" role="note"><strong>{_e(chronology.privileged)}</strong></p>']


def publish_file(
    case: Case,
    out: Path,
    *,
    view: str | None = None,
    story: str | None = None,
    made_at: datetime | None = None,
    include_privileged: bool = False,
    pseudonyms: bool = False,
) -> int:
    """Write the published page of ``case`` (the steps of the story ``story``, the events of
    the saved view ``view``, or all of them) to ``out`` atomically; the number of steps.

    ``include_privileged`` adds the work-product notes (the page says PRIVILEGED);
    ``pseudonyms`` (or a view or story saved to use them) shows entities under their
    pseudonyms, and the page is refused if a real name remains in it."""
    if view is not None and story is not None:
        raise PublishProblem("--story and --view: name one or the other")
    if not out.parent.is_dir():
        raise PublishProblem(f"{out}: folder {out.parent} does not exist")
    if out.exists() and out.is_dir():
        raise PublishProblem(f"{out}: is a folder; name a file")
    try:
        if out.exists() and out.samefile(case.path):
            raise PublishProblem(f"{out}: is the case file itself; choose another name")
    except OSError:
        pass
    chosen: SavedViewRecord | StoryRecord | None = None
    if view is not None:
        chosen = find_view(case, view)
    elif story is not None:
        chosen = find_story(case, story)
    pseudonyms = pseudonyms or bool(chosen is not None and chosen.pseudonyms)
    policy = make_policy(case, include_privileged=include_privileged, pseudonyms=pseudonyms)
    case = output_case(case, policy)
    flt = EventFilter()
    heading = case.title or "Chronology"
    selection = "every event"
    if isinstance(chosen, SavedViewRecord):
        flt = chosen.filter
        name = policy.pseudonyms.apply(chosen.name)
        heading = f"{heading}: {name}"
        selection = f"saved view \u201c{name}\u201d"
    made_at = made_at or datetime.now(UTC)
    introduction, commentary = "", {}
    if story is not None:
        record = find_story(case, story)
        chronology = story_chronology(case, record, made_at)
        heading = record.name
        selection = f"a story of {case.title}"
        introduction = record.introduction
        commentary = {s.event_id: s.commentary for s in record.steps}
    else:
        chronology = build_chronology(case, flt, made_at=made_at)
    page = render_published(
        chronology,
        heading=heading,
        introduction=introduction,
        selection=selection,
        commentary=commentary,
    )
    data = page.encode("utf-8")
    try:
        check_bytes(policy, str(out), data)
        with atomic_write(out) as fh:
            fh.write(data)
    except RealNameLeft as error:
        raise PublishProblem(str(error)) from None
    except OSError as error:
        raise PublishProblem(cannot_write(out, error)) from None
    return len(chronology.all_entries)
