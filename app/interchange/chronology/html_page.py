"""The chronology report as one self-contained HTML page.

Every piece of case text is escaped with ``html.escape``; the page has inline CSS only, no
scripts, no external resources, a Content-Security-Policy that forbids loading anything,
and links only to its own footnotes (``#fn-N``).
"""

from __future__ import annotations

import html

from app.interchange.chronology.model import (
    Chronology,
    Entry,
    Footnote,
)
from app.interchange.output_policy import NOTE_LABEL

_CSS = """
@page { size: auto; margin: 20mm 18mm 22mm 18mm; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; font-size: 11pt;
  color: #111; background: #fff; line-height: 1.4; }
body { max-width: 52em; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.9em; margin: 0 0 .2em; }
h2 { font-size: 1.3em; margin: 2em 0 .6em; border-bottom: 1.5px solid #333;
  padding-bottom: .15em; break-after: avoid; page-break-after: avoid; }
.cover { border-bottom: 3px double #333; padding-bottom: 1em; margin-bottom: 1em; }
.cover .kind { font-size: 1.2em; letter-spacing: .08em; text-transform: uppercase;
  color: #444; margin: 0 0 1em; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1.2em; }
.cover dt { font-weight: bold; }
.cover dd { margin: 0; }
.note { color: #444; font-size: .9em; }
.entry { display: grid; grid-template-columns: 11em 1fr; gap: 0 1.2em; padding: .6em 0;
  border-top: 1px solid #bbb; break-inside: avoid; page-break-inside: avoid; }
.entry .date { font-weight: bold; }
.entry .precision { display: block; font-weight: normal; font-style: italic; color: #555;
  font-size: .85em; }
.entry .title { font-weight: bold; }
.entry .meta { font-size: .85em; color: #444; margin: .1em 0 .25em; }
.entry .description { white-space: pre-wrap; margin: 0; }
.entry .privileged { white-space: pre-wrap; margin: 0.3em 0 0; color: #8b0000; }
.privileged-banner { border: 2px solid #8b0000; color: #8b0000; font-weight: bold;
  text-align: center; padding: 0.3em; letter-spacing: 0.05em; }
.key { border: 1.5px solid #111; padding: 0 .3em; font-size: .8em; font-weight: bold;
  letter-spacing: .05em; }
.status { font-variant: small-caps; }
.unsourced { color: #a00; font-weight: bold; }
sup { font-size: .75em; line-height: 0; }
sup a { text-decoration: none; color: #124; }
ol.footnotes { font-size: .9em; padding-left: 2.5em; }
ol.footnotes li { margin-bottom: .25em; }
.quote { font-style: italic; }
.stance { font-variant: small-caps; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border: 1px solid #999; padding: .25em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .85em;
  word-break: break-all; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  h2.section { break-before: page; page-break-before: always; }
  a { color: inherit; }
}
"""


_DOT = " \u00b7 "


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _marks(entry: Entry) -> str:
    if not entry.footnotes:
        return ""
    links = ",".join(f'<a href="#fn-{n}">{n}</a>' for n in entry.footnotes)
    return f"<sup>{links}</sup>"


def _entry_html(entry: Entry) -> str:
    date = _e(entry.date) if entry.date else "Undated"
    precision = (
        f'<span class="precision">{_e(entry.precision_note)}</span>' if entry.precision_note else ""
    )
    meta = [f'<span class="status">{_e(entry.status)}</span>']
    if entry.key_fact:
        meta.append('<span class="key">KEY FACT</span>')
    if entry.tags:
        meta.append("tags: " + _e(", ".join(entry.tags)))
    if entry.unsourced:
        meta.append(f'<span class="unsourced">{entry.unsourced_note}</span>')
    meta.append(f"standing: {_e(entry.standing)}")
    for warning in entry.warnings:
        meta.append(f'<span class="unsourced">\u26a0 {_e(warning)}</span>')
    meta.append(f"#{entry.event_id}")
    description = (
        f'<p class="description">{_e(entry.description)}</p>' if entry.description.strip() else ""
    )
    if entry.privileged_note:
        description += (
            f'<p class="privileged"><strong>{NOTE_LABEL}:</strong> {_e(entry.privileged_note)}</p>'
        )
    return (
        f'<div class="entry" id="event-{entry.event_id}">'
        f'<div class="date">{date}{precision}</div>'
        f'<div><div class="title">{_e(entry.title)}{_marks(entry)}</div>'
        f'<div class="meta">{_DOT.join(meta)}</div>{description}</div></div>'
    )


def _footnote_html(note: Footnote) -> str:
    text = f"<cite>{_e(note.source_title)}</cite>"
    if note.pinpoint:
        text += f", {_e(note.pinpoint)}"
    marks = []
    if note.exhibit:
        marks.append(_e(note.exhibit_text()))
    if note.bates:
        marks.append(f"Bates {_e(note.bates)}")
    if marks:
        text += f" ({'; '.join(marks)})"
    text += "."
    if note.quote:
        text += f' <span class="quote">\u201c{_e(note.quote)}\u201d</span>'
    text += f' <span class="stance">[{_e(note.stance)}]</span>'
    return f'<li id="fn-{note.number}" value="{note.number}">{text}</li>'


def _title_mark(chronology: Chronology) -> str:
    return f" \u00b7 {_e(chronology.privileged)}" if chronology.privileged else ""


def _banner(chronology: Chronology) -> list[str]:
    """The PRIVILEGED marking at the top and the foot of a report that includes notes."""
    if not chronology.privileged:
        return []
    return [f'<p class="privileged-banner" role="note">{_e(chronology.privileged)}</p>']


def render_html(chronology: Chronology) -> str:
    """A self-contained, print-friendly HTML5 document of ``chronology``."""
    c = chronology.cover
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="Casetrail">',
        f"<title>{_e(c.case_title)} \u00b7 Chronology{_title_mark(chronology)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *_banner(chronology),
        '<header class="cover">',
        f"<h1>{_e(c.case_title)}</h1>",
        '<p class="kind">Chronology</p>',
        "<dl>",
        f"<dt>Made</dt><dd>{_e(c.made)}</dd>",
        f"<dt>Selection</dt><dd>{_e(c.selection)}</dd>",
        f"<dt>Dates</dt><dd>{_e(c.period)}</dd>",
        f"<dt>Events</dt><dd>{c.events} ({c.undated} undated, "
        f"{c.unsourced} without a supporting source)</dd>",
        f"<dt>Status</dt><dd>{c.warnings} not supported by the citations</dd>",
        f"<dt>Citations</dt><dd>{c.footnotes} to {c.sources} source(s)</dd>",
        "</dl>",
        '<p class="note">Dates are given as the sources give them; an imprecise date is '
        "followed by the period it allows. Each superscript number is a citation, listed "
        "under Notes with its source, pinpoint, exhibit or Bates range, quotation and "
        "stance.</p>",
        "</header>",
        "<main>",
        '<h2 id="chronology">Chronology</h2>',
    ]
    if not chronology.all_entries:
        out.append('<p class="note">No events match the selection.</p>')
    out.extend(_entry_html(e) for e in chronology.entries)
    if chronology.undated:
        out.append('<h2 id="undated">Undated</h2>')
        out.extend(_entry_html(e) for e in chronology.undated)
    out.append('<h2 id="notes" class="section">Notes</h2>')
    if chronology.footnotes:
        out.append('<ol class="footnotes">')
        out.extend(_footnote_html(n) for n in chronology.footnotes)
        out.append("</ol>")
    else:
        out.append('<p class="note">No citations.</p>')
    out.append('<h2 id="sources" class="section">Sources</h2>')
    if chronology.sources:
        out.append(
            "<table><thead><tr><th>ID</th><th>Kind</th><th>Title</th><th>Bates</th>"
            "<th>Exhibit</th><th>SHA-256</th><th>Cited</th></tr></thead><tbody>"
        )
        for s in chronology.sources:
            out.append(
                f"<tr><td>{s.id}</td><td>{_e(s.kind)}</td><td>{_e(s.title)}</td>"
                f"<td>{_e(s.bates)}</td><td>{_e(s.exhibit)}</td>"
                f'<td class="hash">{_e(s.sha256)}</td><td>{s.citations}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">No sources are cited.</p>')
    out.append(
        '<h2 id="appendix" class="section">Appendix: events without a supporting source</h2>'
    )
    if chronology.unsourced:
        out.append(
            "<table><thead><tr><th>ID</th><th>Date</th><th>Title</th><th>Status</th></tr>"
            "</thead><tbody>"
        )
        for u in chronology.unsourced:
            out.append(
                f"<tr><td>{u.event_id}</td><td>{_e(u.date)}</td><td>{_e(u.title)}</td>"
                f"<td>{_e(u.status)}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">A citation supports every event in this chronology.</p>')
    out.append(
        '<h2 id="appendix-status" class="section">'
        "Appendix: status not supported by the citations</h2>"
    )
    if chronology.unsupported_status:
        out.append(
            "<table><thead><tr><th>ID</th><th>Date</th><th>Title</th><th>Status</th>"
            "<th>Standing</th><th>Warning</th></tr></thead><tbody>"
        )
        for w in chronology.unsupported_status:
            out.append(
                f"<tr><td>{w.event_id}</td><td>{_e(w.date)}</td><td>{_e(w.title)}</td>"
                f"<td>{_e(w.status)}</td><td>{_e(w.standing)}</td><td>{_e(w.warning)}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">The citations bear out every status set here.</p>')
    out.extend(["</main>", *_banner(chronology), "</body>", "</html>", ""])
    return "\n".join(out)
