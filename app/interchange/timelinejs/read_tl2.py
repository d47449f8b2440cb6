"""Reading an older TimelineJS 2 document (``{"timeline": {"headline", "date": [...],
"era": [...]}}``) as the TimelineJS 3 document it stands for, so that one reader checks both.

A TimelineJS 2 date is text of comma-separated parts ("2011,12,10" or "2011,12,10,07,02");
each ``date`` item's ``asset`` (media, credit, caption) becomes its media and ``tag`` its
group. The items keep their order, so a problem's row is the item's position in ``date``.
"""

from __future__ import annotations

from typing import Any

_PARTS = ("year", "month", "day", "hour", "minute", "second")


def is_timelinejs2(doc: Any) -> bool:
    """Whether ``doc`` has TimelineJS 2's shape (and not TimelineJS 3's)."""
    return isinstance(doc, dict) and isinstance(doc.get("timeline"), dict) and "events" not in doc


def _date(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        return {"year": value}
    parts = [p.strip() for p in value.split(",")]
    if len(parts) > len(_PARTS):
        return {"year": value}  # refused by the reader, naming the year
    return {k: p for k, p in zip(_PARTS, parts, strict=False) if p}


def _item(d: Any, *, era: bool = False) -> Any:
    if not isinstance(d, dict):
        return d
    out: dict[str, Any] = {"text": {"headline": d.get("headline"), "text": d.get("text")}}
    for key, tl3 in (("startDate", "start_date"), ("endDate", "end_date")):
        value = _date(d.get(key))
        if value is not None:
            out[tl3] = value
    asset = d.get("asset")
    if not era and isinstance(asset, dict) and asset.get("media"):
        out["media"] = {k: asset.get(k) for k in ("caption", "credit")} | {"url": asset["media"]}
    if not era and d.get("tag"):
        out["group"] = d["tag"]
    return out


def from_timelinejs2(doc: dict[str, Any]) -> dict[str, Any]:
    """The TimelineJS 3 document a TimelineJS 2 document stands for."""
    tl = doc["timeline"]
    dates, eras = tl.get("date"), tl.get("era")
    out: dict[str, Any] = {
        "title": {"text": {"headline": tl.get("headline"), "text": tl.get("text")}},
        "events": [_item(d) for d in dates] if isinstance(dates, list) else dates,
    }
    if eras:
        out["eras"] = [_item(e, era=True) for e in eras] if isinstance(eras, list) else eras
    return out
