"""The ``casetrail`` command: verbs for working with case files, and the GUI when no verb is
given.

Exit status: 0 success; 1 ``check`` found problems (``verify``: the case changed since its
seal); 2 the command could not be carried out
(a bad case file, a bad argument), with a one-line message on standard error.

The argument parser is in ``app.cli.arguments``; each verb runs in one of the ``*_verb(s)``
modules beside it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli.arguments import VERBS, build_gui_parser, build_parser
from app.cli.case_verbs import run_check, run_demo, run_history, run_info, run_new
from app.cli.citations_verb import run_citations
from app.cli.errors import EXIT_ERROR, CommandError
from app.cli.events_verb import run_events
from app.cli.gui import open_gui
from app.cli.render_verbs import run_image, run_screenshot
from app.cli.salvage_verb import run_salvage
from app.cli.seal_verbs import run_key, run_seal, run_verify
from app.cli.transfer_verbs import run_export, run_import


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``casetrail`` with ``argv`` (default: this process's arguments); the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if (
            args_list
            and args_list[0] in VERBS
            or any(a in ("-h", "--help", "--version") for a in args_list[:1])
        ):
            args = build_parser().parse_args(args_list)
            return _run(args)
        gui = build_gui_parser().parse_args(args_list)
        return open_gui(gui.case, review=gui.review)
    except CommandError as error:
        print(f"casetrail: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    from app.store.engine import CaseFileError

    try:
        handlers = {
            "new": run_new,
            "demo": run_demo,
            "info": run_info,
            "events": run_events,
            "citations": run_citations,
            "check": run_check,
            "image": run_image,
            "screenshot": run_screenshot,
            "import": run_import,
            "export": run_export,
            "history": run_history,
            "seal": run_seal,
            "verify": run_verify,
            "key": run_key,
            "salvage": run_salvage,
        }
        handler = handlers[args.verb]
        return handler(args)
    except CaseFileError as error:
        raise CommandError(str(error)) from None
