"""PySide6's import hook without the source lines it would keep.

Once PySide6 is imported, every module imported after it is read whole by its "feature"
hook (``inspect.getsource``, to see whether the module names PySide6), and ``linecache``
keeps those lines for good: tens of megabytes when the store and the main window are
imported after the first frame. :func:`keep_no_source_lines` makes the hook let go of each
module's lines as soon as it has looked at them (the same answer; a traceback reads its few
files anew). A PySide6 without that hook is left as it is.
"""

from __future__ import annotations

import linecache
import sys
from typing import Any


def keep_no_source_lines() -> bool:
    """Wrap the hook's source check once; True when it is wrapped (now or before)."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None:
        return False
    if getattr(check, "keeps_no_lines", False):
        return True

    def uses_pyside(module: Any) -> Any:
        try:
            return check(module)
        finally:
            linecache.cache.pop(getattr(module, "__file__", None), None)  # type: ignore[arg-type]

    uses_pyside.keeps_no_lines = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True
