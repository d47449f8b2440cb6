"""``python -m tests.bench``: every benchmark in one run (see tests/bench/run.py)."""

import sys

from tests.bench.run import main

sys.exit(main())
