"""TimelineJS (Knight Lab, TL3): import its JSON and its spreadsheet template, export JSON.

Import (all-or-nothing, every problem reported as a :class:`RowError`):

- JSON ``{"title": {...}, "events": [...], "eras": [...]}`` (a TimelineJS 2 document is
  read as the TimelineJS 3 one it stands for: :mod:`.read_tl2`); for JSON a ``RowError``'s
  ``row`` is the item's 1-based position and ``column`` the path to the value.
- The spreadsheet template as CSV: Year, Month, Day, Time, End Year, End Month, End Day,
  End Time, Display Date, Headline, Text, Media, Media Credit, Media Caption,
  Media Thumbnail, Type, Group, Background. Type "title" sets the case title, "era" makes an
  era, blank makes an event.

Dates keep exactly the precision given (Year -> year, +Month -> month, +Day -> day, a time
-> minute; an hour without minutes counts as HH:00). A display date that reads as a
qualified claim about the same date ("circa 2004", "between 2013 and 2014") keeps that
qualifier; any other display date is dropped with a warning. HTML in text becomes plain
text (:mod:`app.interchange.plaintext`). Group becomes a tag; Media (an http/https URL)
becomes a source of kind "web" cited with stance "context" (an existing source with the
same URL is reused). Media Thumbnail, Background (except an era's ``#rrggbb`` colour) and
the title slide's text are not kept.

Export writes TL3 JSON that keeps the record honest (:mod:`.export`): each slide shows the
event's status, its derived standing where it is not plainly supported, and its citations;
the title slide says how many events were left out and why; undated events are reported (or
listed on a slide of their own); a case with nothing to show is refused.

Modules: ``plan`` (the checked plan and the checks both readers share), ``read_json`` and
``read_template`` (file -> plan), ``importer`` (plan -> case) and ``export`` (case -> JSON).
"""

from app.interchange.timelinejs.export import (
    NothingToShow,
    TimelineExport,
    build_timelinejs,
    export_timelinejs,
    write_timelinejs,
)
from app.interchange.timelinejs.importer import import_timelinejs, import_timelinejs_csv
from app.interchange.timelinejs.plan import TimelinePlan
from app.interchange.timelinejs.read_json import check_timelinejs
from app.interchange.timelinejs.read_template import check_timelinejs_csv

__all__ = [
    "NothingToShow",
    "TimelineExport",
    "build_timelinejs",
    "TimelinePlan",
    "check_timelinejs",
    "check_timelinejs_csv",
    "export_timelinejs",
    "import_timelinejs",
    "import_timelinejs_csv",
    "write_timelinejs",
]
