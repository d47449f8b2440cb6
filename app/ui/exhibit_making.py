"""The exhibit pack made one way for ``casetrail exhibits`` and File > Export Exhibits…:
:func:`plan_pack` picks the events (all, a filter's or a saved view's) and plans them
under the output policy while the case is open; :func:`write_planned_pack` paints the PDF,
refuses a pseudonymised pack that still names a real person, and writes it all or none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from app.domain.records import EventFilter
from app.interchange.exhibit_outputs import check_pack, plan_for_output
from app.interchange.exhibit_pack import write_pack
from app.interchange.exhibits import Exhibit
from app.interchange.output_policy import PRIVILEGED, OutputPolicy, make_policy
from app.interchange.publish import find_view
from app.ui.exhibit_pdf import render_exhibit_pdf
from app.ui.pdf_text import pdf_bytes_text

__all__ = ["PlannedPack", "plan_pack", "write_planned_pack"]


class PlannedPack(NamedTuple):
    policy: OutputPolicy
    title: str
    exhibits: list[Exhibit]


def plan_pack(
    case: Any,
    flt: EventFilter | None,
    view_name: str | None,
    *,
    include_privileged: bool,
    pseudonyms: bool,
) -> PlannedPack:
    """The exhibits of the events ``flt`` selects, or of the saved view ``view_name`` (a
    view kept with pseudonyms always uses them); ``PublishProblem`` names an unknown view."""
    title = f"{case.title} \u00b7 Exhibits"
    if view_name is not None:
        view = find_view(case, view_name)
        flt, title = view.filter, f"{title} \u00b7 {view.name}"
        pseudonyms = pseudonyms or view.pseudonyms
    policy = make_policy(case, include_privileged=include_privileged, pseudonyms=pseudonyms)
    return PlannedPack(policy, policy.pseudonyms.apply(title), plan_for_output(case, flt, policy))


def write_planned_pack(
    plan: PlannedPack,
    out: Path,
    *,
    as_zip: bool,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> tuple[int, Path]:
    """Paint, check and write the pack; (its pages, where the originals went)."""
    policy, title, exhibits = plan
    marking = PRIVILEGED if policy.include_privileged else ""
    data, pages = render_exhibit_pdf(title, exhibits, cancelled, progress, marking=marking)
    check_pack(policy, str(out), data, exhibits, pdf_bytes_text)
    return pages, write_pack(out, data, exhibits, as_zip=as_zip, cancelled=cancelled)
