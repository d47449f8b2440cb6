"""An event's standing, derived from its citations' stances, and the warnings it raises.

The status a person sets ("established", "undisputed", ...) is a claim; the citations are
the evidence. The standing says what the evidence gives:

=============  ==========================================
supported      at least one *supports*, no *contradicts*
contested      *supports* and *contradicts* both present
contradicted   *contradicts*, no *supports*
unsupported    no *supports* and no *contradicts* (only *context*, or no citation)
=============  ==========================================

An event is *unsourced* when no citation supports it (standing contradicted or
unsupported). Where the status claims more than the standing gives, the event carries a
warning (:data:`WARNING_RULES`):

=============  ==============================================
established    warns unless supported
undisputed     warns when contested or contradicted
disputed       never warns (the status itself says it is disputed)
alleged        never warns (an allegation claims nothing proven)
=============  ==============================================

Pure values: no Qt, no SQL. The store and the timeline columns use the same rules through
:func:`standing_of` and :data:`WARNING_RULES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STANDINGS = ("supported", "contested", "contradicted", "unsupported")

STANDING_DESCRIPTIONS = {
    "supported": "supported by the citations",
    "contested": "contested: citations both support and contradict it",
    "contradicted": "contradicted: citations contradict it and none supports it",
    "unsupported": "unsupported: no citation supports or contradicts it",
}

# status -> the standings under which that status is not borne out by the citations
WARNING_RULES: dict[str, frozenset[str]] = {
    "established": frozenset({"contested", "contradicted", "unsupported"}),
    "undisputed": frozenset({"contested", "contradicted"}),
    "disputed": frozenset(),
    "alleged": frozenset(),
}


def standing_of(supports: bool, contradicts: bool) -> str:
    """The standing of an event whose citations include a *supports* (``supports``) and a
    *contradicts* (``contradicts``)."""
    if supports:
        return "contested" if contradicts else "supported"
    return "contradicted" if contradicts else "unsupported"


def warns(status: str, standing: str) -> bool:
    """Whether ``status`` claims more than ``standing`` gives (see :data:`WARNING_RULES`)."""
    return standing in WARNING_RULES.get(status, frozenset())


@dataclass(frozen=True)
class StanceCounts:
    """How many of an event's citations take each stance."""

    supports: int = 0
    contradicts: int = 0
    context: int = 0

    @classmethod
    def of(cls, stances: Iterable[str]) -> StanceCounts:
        counts = {"supports": 0, "contradicts": 0, "context": 0}
        for stance in stances:
            if stance in counts:
                counts[stance] += 1
        return cls(**counts)

    @property
    def standing(self) -> str:
        return standing_of(self.supports > 0, self.contradicts > 0)

    @property
    def unsourced(self) -> bool:
        """No citation supports the event."""
        return self.supports == 0

    def summary(self) -> str:
        """ "1 contradicts, 0 supports" (and the context citations, when there are any)."""
        text = f"{self.contradicts} contradicts, {self.supports} supports"
        if self.context:
            text += f", {self.context} context only"
        return text


def status_warnings(status: str, counts: StanceCounts) -> tuple[str, ...]:
    """The warnings of an event with ``status`` whose citations are ``counts``, in plain
    words; empty when the citations bear the status out."""
    standing = counts.standing
    if not warns(status, standing):
        return ()
    return (f"Status '{status}' is not supported by the citations: {counts.summary()}",)


def warning_line(status: str, standing: str) -> str:
    """A short warning for where only the standing is known (the timeline's tooltip)."""
    return f"Status '{status}' is not supported by the citations ({standing})"
