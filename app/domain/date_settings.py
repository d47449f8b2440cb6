"""A case's settings for reading and showing dates: day-first numeric dates, the time zone
of clock times written without one (and of display), and the hemisphere of seasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.date_zones import ZoneError, canonical_zone

DEFAULT_ZONE = "UTC"


@dataclass(frozen=True)
class DateSettings:
    """``time_zone`` is a canonical zone name (see ``app.domain.date_zones``); UTC by default,
    because a case is read by people in different places and the instants stored before
    cases had a zone were read as UTC."""

    day_first: bool = False
    time_zone: str = DEFAULT_ZONE
    southern: bool = False

    def reading(self) -> dict[str, Any]:
        """The keyword arguments of ``FuzzyDate.parse`` for this case."""
        return {"day_first": self.day_first, "zone": self.time_zone, "southern": self.southern}

    @property
    def hemisphere(self) -> str:
        return "southern" if self.southern else "northern"


def checked_zone(name: str) -> str:
    """``name`` as a case time zone (canonical), or ValueError saying why not."""
    try:
        return canonical_zone(name)
    except ZoneError as exc:
        raise ValueError(f"{name!r} cannot be the case's time zone: {exc}") from None
