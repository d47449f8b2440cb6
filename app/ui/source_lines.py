"""PySide6's import hook, quicker and without the source lines it would keep.

Once PySide6 is imported, every module imported after it is read whole by its "feature"
hook (``inspect.getsource``, to see whether the module names PySide6), and ``linecache``
keeps those lines for good: tens of megabytes when the store and the main window are
imported after the first frame. :func:`keep_no_source_lines` wraps the hook's check:

- a module whose source file (``.py``) does not hold the bytes ``PySide6`` gets the hook's
  answer (False) from one plain read of the file, without ``inspect``, decoding or line
  splitting: most modules imported after Qt (numpy's, the store's, SQLAlchemy's) are such,
  and the hook's own way costs a fifth of the imports' time on the way to the first frame;
- any other module is asked of the hook itself, which then lets go of the module's lines
  (the same answer; a traceback reads its few files anew).

Source files are ASCII-compatible (PEP 263), so bytes without ``PySide6`` decode to text
without it: the answer is always the hook's. A PySide6 without that hook is left as it is.
"""

from __future__ import annotations

import linecache
import sys
from typing import Any

NAME = b"PySide6"  # what the hook looks for in a module's source


def keep_no_source_lines() -> bool:
    """Wrap the hook's source check once; True when it is wrapped (now or before)."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None:
        return False
    if getattr(check, "keeps_no_lines", False):
        return True

    def uses_pyside(module: Any) -> Any:
        if not names_pyside(getattr(module, "__file__", None)):
            return False
        try:
            return check(module)
        finally:
            linecache.cache.pop(getattr(module, "__file__", None), None)  # type: ignore[arg-type]

    uses_pyside.keeps_no_lines = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True


def names_pyside(path: object) -> bool:
    """False only when ``path`` is a Python source file that surely does not name PySide6
    (True: the hook must look, as for a file that cannot be read or is no ``.py``)."""
    if not isinstance(path, str) or not path.endswith(".py"):
        return True
    try:
        with open(path, "rb") as fh:
            return NAME in fh.read()
    except OSError:
        return True
