"""Presentation mode: the events of a saved view (or the whole case) shown one step at a
time, full screen, in large type and high contrast, with the cited page beside each step.

``deck`` reads what is shown (the steps, and each step's cited file) and never writes;
``window`` is the full-screen :class:`PresentWindow` and its keys; ``launch`` opens it from
the main window (View > Present, F5) or from ``casetrail --present CASE``.
"""
