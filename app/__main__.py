"""``python -m app``: the same as the ``casetrail`` command."""

import sys

from app.cli import main

sys.exit(main())
