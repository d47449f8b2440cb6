"""The trial-ready chronology report: a pure model of it, and its HTML form.

:func:`build_chronology` reads a case once and returns a :class:`Chronology`: a cover (case
title, when it was made, the selection in words), the dated entries in date order, the
undated entries (listed last, under "Undated"), one numbered footnote per citation (numbered
through the whole report in entry order), a table of the sources the report cites, and an
appendix listing the selected events that have no citation. Renderers only draw it:
:func:`render_html` here, ``app.ui.report`` for PDF and printing.

Selection: ``flt`` (the usual :class:`EventFilter`) and then the report options, all of which
must hold: ``key_only`` keeps key facts, ``tags`` keeps events carrying *any* of the tags
(case-insensitive), ``statuses`` keeps events whose status is any of those given.

Every piece of case text is plain text. :func:`render_html` escapes all of it with
``html.escape``; the document has inline CSS only, no scripts, no external resources, a
Content-Security-Policy that forbids loading anything, and links only to its own footnotes
(``#fn-N``).

Modules: ``model`` (the report's value types), ``build`` (case -> :class:`Chronology`) and
``html_page`` (:func:`render_html`).
"""

from app.interchange.chronology.build import (
    build_chronology,
    describe_selection,
    precision_note,
)
from app.interchange.chronology.html_page import render_html
from app.interchange.chronology.model import (
    Chronology,
    Cover,
    Entry,
    Footnote,
    SourceRow,
    UnsourcedRow,
    WarningRow,
)

__all__ = [
    "Chronology",
    "Cover",
    "Entry",
    "Footnote",
    "SourceRow",
    "UnsourcedRow",
    "WarningRow",
    "build_chronology",
    "describe_selection",
    "precision_note",
    "render_html",
]
