"""Instants as whole seconds since 1970-01-01 (negative before): the one conversion between
``datetime`` and the integers that the store keeps and the timeline columns hold."""

from __future__ import annotations

from datetime import datetime, timedelta

EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)


def to_seconds(instant: datetime) -> int:
    """Whole seconds from the epoch to ``instant`` (rounded down)."""
    return (instant - EPOCH) // _SECOND


def from_seconds(seconds: int) -> datetime:
    """The instant ``seconds`` after the epoch (before it when negative)."""
    return EPOCH + timedelta(seconds=seconds)
