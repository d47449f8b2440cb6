"""The export formats the interface offers and the options chosen for one export; no
widgets, so the choices can be tested (and reused) without a display."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXPORT_CHOICES", "PAGE_SIZES", "ExportChoice", "ExportOptions", "choice_for"]


@dataclass(frozen=True)
class ExportChoice:
    """One entry of the format list: the format, its label, suffix and file filter."""

    fmt: str
    label: str
    suffix: str
    file_filter: str
    filterable: bool  # can be narrowed to the filtered events / key facts
    report: bool


EXPORT_CHOICES = (
    ExportChoice("csv", "CSV spreadsheet", ".csv", "CSV files (*.csv)", True, False),
    ExportChoice(
        "json", "Casetrail JSON (the whole case)", ".json", "JSON files (*.json)", False, False
    ),
    ExportChoice("timelinejs", "TimelineJS JSON", ".json", "JSON files (*.json)", True, False),
    ExportChoice("html", "Chronology report (HTML)", ".html", "HTML files (*.html)", True, True),
    ExportChoice("pdf", "Chronology report (PDF)", ".pdf", "PDF files (*.pdf)", True, True),
)
PAGE_SIZES = ("Letter", "A4")


@dataclass(frozen=True)
class ExportOptions:
    """What the export dialog asked for."""

    fmt: str = "csv"
    only_filtered: bool = False
    key_only: bool = False
    page_size: str = "Letter"
    safe_cells: bool = True  # CSV: cells a spreadsheet would run as formulas are defused
    include_privileged: bool = False  # the work-product notes, the file marked PRIVILEGED
    pseudonyms: bool = False  # entities under their pseudonyms, the file checked


def choice_for(fmt: str) -> ExportChoice:
    """The choice of format ``fmt``; ``ValueError`` if there is none."""
    for choice in EXPORT_CHOICES:
        if choice.fmt == fmt:
            return choice
    raise ValueError(f"unknown export format {fmt!r}")
