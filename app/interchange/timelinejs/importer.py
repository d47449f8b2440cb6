"""Writing a checked TimelineJS plan into a case: all of it in one transaction, or nothing.

Media URLs become sources of kind "web" (an existing source with the same URL is reused),
cited with stance "context".
"""

from __future__ import annotations

from dataclasses import replace

from app.interchange.import_outcome import ImportRejected, ImportReport, title_warning
from app.interchange.planned_events import PlannedCitation, write_events
from app.interchange.timelinejs.plan import Media, TimelinePlan, in_case_zone
from app.interchange.timelinejs.read_json import check_timelinejs
from app.interchange.timelinejs.read_template import check_timelinejs_csv
from app.store.case import Case

MEDIA_STANCE = "context"


def import_timelinejs(
    case: Case, data: bytes | str, *, dry_run: bool = False, adopt_title: bool = False
) -> ImportReport:
    """Import a TimelineJS JSON file into ``case`` in one transaction, or nothing.

    Raises :class:`ImportRejected` with every problem; the case is then unchanged. The
    file's title becomes the case's only with ``adopt_title``.
    """
    return _import(case, check_timelinejs(data, case.date_settings), dry_run, adopt_title)


def import_timelinejs_csv(
    case: Case, data: bytes, *, dry_run: bool = False, adopt_title: bool = False
) -> ImportReport:
    """Import the TimelineJS spreadsheet template (as CSV) into ``case``, or nothing."""
    return _import(case, check_timelinejs_csv(data, case.date_settings), dry_run, adopt_title)


def _import(case: Case, plan: TimelinePlan, dry_run: bool, adopt_title: bool) -> ImportReport:
    if plan.errors:
        raise ImportRejected(sorted(plan.errors, key=lambda e: (e.row, e.column)))
    report = ImportReport(
        dry_run=dry_run,
        warnings=list(plan.warnings) + title_warning(plan.title, case.title, adopt_title),
        title=plan.title if adopt_title else None,
    )
    if dry_run:
        report.eras = [era.row for era in plan.eras]  # what would be added, counted
    existing = case.sources()
    by_url = {s.url: s.id for s in existing if s.url}
    next_id = max([s.id for s in existing] + [0]) + 1
    new_sources: dict[str, tuple[int, Media]] = {}
    dates = case.date_settings
    events = [
        replace(e, start=in_case_zone(e.start, dates), end=in_case_zone(e.end, dates))
        for e in plan.events
    ]
    for index, media in plan.media.items():
        sid = by_url.get(media.url)
        if sid is None:
            if media.url not in new_sources:
                new_sources[media.url] = (next_id, media)
                next_id += 1
            sid = new_sources[media.url][0]
        events[index] = replace(
            events[index], citations=(PlannedCitation(sid, "", MEDIA_STANCE, ""),)
        )
    report.sources = [sid for sid, _ in new_sources.values()]

    def before_events(target: Case | None) -> None:
        if target is None:
            return
        if plan.title and adopt_title:
            target.update_case_info(title=plan.title)
        for sid, media in new_sources.values():
            target.create_source(
                title=media.caption or media.url,
                kind="web",
                url=media.url,
                author=_author(media),
                source_id=sid,
            )
        for era in plan.eras:
            report.eras.append(
                target.create_era(
                    name=era.name, start=era.start, end=era.end, colour=era.colour
                ).created("era")
            )

    write_events(
        case,
        events,
        report,
        keep_ids=False,
        existing_ids=set(case.event_ids()),
        before_events=before_events,
    )
    return report


def _author(media: Media) -> str:
    """The media credit as the source's author; Casetrail's own export credits
    "Source: <title> (<author>)", which gives back the author."""
    own = f"Source: {media.caption}"
    if media.credit == own:
        return ""
    if media.credit.startswith(own + " (") and media.credit.endswith(")"):
        return media.credit[len(own) + 2 : -1]
    return media.credit
