"""The timeline canvas: the widget (``widget``), its mouse gestures (``gestures``) and the
painting (``paint``). ``TimelineCanvas`` and ``seconds`` are imported from here."""

from app.ui.canvas.widget import TimelineCanvas, seconds

__all__ = ["TimelineCanvas", "seconds"]
