"""The presentation's timeline glide: a short eased animation of the timeline's viewport
from where it is to the next step's event, instead of a jump.

:class:`TimelineGlide` animates the canvas's time scale over ``DURATION_MS`` with an
in-out cubic curve: the middle of the viewport moves in a straight line and its span
changes geometrically (a zoom feels even however far it goes). A new glide started while one
runs begins where the timeline is and ends at the new target, so rapid steps never leave the
timeline between two events: it always comes to rest on the last step's event, and a glide
that is stopped is put at its end at once.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation

from app.timeline.scale import TimeScale
from app.ui.canvas import TimelineCanvas

DURATION_MS = 300


class TimelineGlide(QObject):
    """Glides ``canvas`` to a range of instants (see the module docstring)."""

    def __init__(self, canvas: TimelineCanvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.target: tuple[float, float] | None = None  # the (start, end) it comes to rest at
        self._from = (0.0, 1.0)
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setDuration(DURATION_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._step)
        self.animation.finished.connect(self._land)

    @property
    def running(self) -> bool:
        """A glide is under way (running, or paused half-way)."""
        return self.animation.state() != QVariantAnimation.State.Stopped

    def to(self, lo: float, hi: float, *, animate: bool = True) -> None:
        """Show ``lo``..``hi`` (as ``TimelineCanvas.show_range`` does), gliding there."""
        width = self.canvas.scale.width
        goal = TimeScale.fit(lo, hi, width)
        self.animation.stop()  # a glide under way: the next one starts where it is now
        self.target = (goal.start, goal.end)
        here = self.canvas.scale
        if not animate or (here.start, here.end) == self.target:
            self._land()
            return
        self._from = (here.start, here.end)
        self.animation.setCurrentTime(0)
        self.animation.start()

    def finish(self) -> None:
        """Stop a glide under way and put the timeline at its end."""
        if self.running:
            self.animation.stop()
            self._land()

    def _scale(self, fraction: float) -> TimeScale:
        assert self.target is not None
        (s0, e0), (s1, e1) = self._from, self.target
        middle = (s0 + e0) / 2 + ((s1 + e1) / 2 - (s0 + e0) / 2) * fraction
        span = math.exp(math.log(e0 - s0) + (math.log(e1 - s1) - math.log(e0 - s0)) * fraction)
        return TimeScale(middle - span / 2, middle + span / 2, self.canvas.scale.width)

    def _step(self, value: object) -> None:
        if self.target is not None and self.running:
            self.canvas.set_scale(self._scale(float(value)))  # type: ignore[arg-type]

    def _land(self) -> None:
        if self.target is not None:
            start, end = self.target
            self.canvas.set_scale(TimeScale(start, end, self.canvas.scale.width))
