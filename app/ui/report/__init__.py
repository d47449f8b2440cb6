"""The chronology report as PDF (``QPdfWriter``) or on a printer (``QPrinter``).

:mod:`.typeset` measures and breaks plain text (nothing is read as HTML), :mod:`.layout`
turns the :class:`~app.interchange.chronology.Chronology` into pages with page footnotes,
:mod:`.paint` paints those pages, and :mod:`.writer` writes the PDF atomically (a failed
write leaves an existing file untouched) or prints. No display is needed: without one, an
offscreen application is created.
"""

from app.ui.report.typeset import PAGE_SIZES
from app.ui.report.writer import print_chronology, write_chronology_pdf

__all__ = ["PAGE_SIZES", "print_chronology", "write_chronology_pdf"]
