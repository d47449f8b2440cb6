"""One value of a salvaged row read with the checks a stored value must pass (text, whole
number, flag, date, id), and the defaults for the optional columns an altered table may have
lost; for :mod:`app.interchange.salvage`, which calls them as ``cell.text(row, "title")``."""

from __future__ import annotations

from typing import Any

from app.domain.dates import DateError, FuzzyDate
from app.store.sqlite.salvage_read import RawCase
from app.store.values import stored_date


class Bad(Exception):
    """A row that cannot be copied; the text says why."""


# -- reading one value --------------------------------------------------------------------


def text(row: dict[str, Any], key: str, *, empty_ok: bool = True) -> str:
    if key not in row:
        raise Bad(f"it has no {key}")
    value = row[key]
    if value is None and empty_ok:
        return ""
    if not isinstance(value, str):
        raise Bad(f"its {key} is not text")
    if "\x00" in value:
        raise Bad(f"its {key} contains a NUL character")
    return value


def number(row: dict[str, Any], key: str, *, optional: bool = False) -> int | None:
    value = row.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise Bad(f"its {key} is not a whole number")
    return value


def flag(row: dict[str, Any], key: str) -> bool:
    value = row.get(key)
    if value not in (0, 1) or isinstance(value, float):
        raise Bad(f"its {key} is not true or false")
    return bool(value)


def date(row: dict[str, Any], prefix: str) -> FuzzyDate | None:
    if f"{prefix}_text" not in row:
        raise Bad(f"it has no {prefix}_text")
    if row[f"{prefix}_text"] is None:
        return None
    try:
        return stored_date(
            text(row, f"{prefix}_iso", empty_ok=False),
            text(row, f"{prefix}_text"),
            flag(row, f"{prefix}_ambiguous"),
        )
    except DateError as error:
        raise Bad(f"its {prefix} date cannot be read ({error})") from None


def ident(row: dict[str, Any]) -> int:
    value = number(row, "id")
    assert value is not None
    if value < 1:
        raise Bad("its id is not a positive number")
    return value


_TEXTS = ("author", "publisher", "date_text", "url", "file_path", "bates_start", "bates_end",
          "exhibit", "notes")  # fmt: skip
# columns a table may have lost (an altered table) without its rows losing their meaning
OPTIONAL: dict[str, dict[str, Any]] = {
    "events": {"description": "", "lane": None, "key_fact": 0, "privileged_note": ""},
    "entities": {"description": "", "colour": "", "pseudonym": ""},
    "tags": {"description": "", "colour": ""},
    "eras": {"colour": ""},
    "sources": {**dict.fromkeys(_TEXTS, ""), "file_sha256": None, "file_stored": 0},
    "citations": {"position": 0, "privileged_note": ""},
    "saved_views": {"pseudonyms": 0},
    "stories": {"pseudonyms": 0},
    "event_entities": {"role": ""},
    "source_files": {"original_name": "", "media_type": "application/octet-stream"},
}


def fill_missing_columns(raw: RawCase) -> list[str]:
    """Give the rows of an altered table that lost an optional column its default value;
    one line per column so filled."""
    lines = []
    for table, defaults in OPTIONAL.items():
        found = raw.tables.get(table)
        if found is None:
            continue
        for column, default in defaults.items():
            if column not in found.columns:
                for row in found.rows:
                    row[column] = default
                lines.append(f"table `{table}`: has no column `{column}`; left {default!r}")
    return lines
