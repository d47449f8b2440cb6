"""The ``casetrail`` command: verbs for working with case files, and the GUI when no verb is
given.

Exit status: 0 success; 1 ``check`` found problems (``verify``: the case changed since its
seal); 2 the command could not be carried out (a bad case file, a bad input, a full disk, a
bad argument), with a one-line message on standard error and never a traceback; 141 (128 +
SIGPIPE, as for any Unix tool) when the reader of standard output went away
(``casetrail events x.case | head -1``), silently.

The argument parser is in ``app.cli.arguments``; each verb runs in one of the ``*_verb(s)``
modules beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app.cli.arguments import VERBS, build_gui_parser, build_parser
from app.cli.errors import EXIT_ERROR, EXIT_PIPE_CLOSED, CommandError
from app.cli.gui import open_gui, open_presentation

# Casetrail does no linear algebra, so numpy's BLAS needs no thread pool: made at numpy's
# import, it costs a tenth of a second of every start on two busy cores (and its buffers).
# Set before numpy is imported; a value the person set stays.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "1")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``casetrail`` with ``argv`` (default: this process's arguments); the exit status."""
    os.environ.setdefault(*BLAS_THREADS)
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
        if gui.present or gui.view is not None or gui.story is not None:
            return open_presentation(
                gui.case,
                gui.view,
                gui.story,
                include_privileged=gui.include_privileged,
                pseudonyms=gui.pseudonyms,
            )
        if gui.include_privileged or gui.pseudonyms:
            raise CommandError("--include-privileged and --pseudonyms apply to --present")
        return open_gui(gui.case, review=gui.review)
    except BrokenPipeError:
        return _reader_gone()
    except CommandError as error:
        print(f"casetrail: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except RecursionError:
        print("casetrail: the input is nested too deeply to be read", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # the last line of defence: one line, never a traceback
        print(f"casetrail: {_one_line(error)}", file=sys.stderr)
        return EXIT_ERROR


def _one_line(error: BaseException) -> str:
    from app.store.errors import CaseError, CaseFileError
    from app.store.sqlite.connect import describe_failure

    if isinstance(error, CaseError | CaseFileError):
        text = str(error)
    elif isinstance(error, OSError) and error.filename is not None:
        text = f"{error.filename}: {describe_failure(error)}"
    else:
        text = f"{describe_failure(error)} ({type(error).__name__}); nothing was changed"
    return " ".join(text.split())


def _reader_gone() -> int:
    """Standard output's reader closed the pipe: stop quietly. Point standard output at
    the null device so that the interpreter's final flush does not complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # standard output is not a real file (a test's capture)
    return EXIT_PIPE_CLOSED


def _run(args: argparse.Namespace) -> int:
    # the verbs are imported here, not at the top: opening the window needs none of them
    from app.cli.case_verbs import run_check, run_demo, run_history, run_info, run_new
    from app.cli.citations_verb import run_citations
    from app.cli.events_verb import run_events
    from app.cli.exhibits_verb import run_exhibits
    from app.cli.publish_verb import run_publish
    from app.cli.render_verbs import run_image, run_screenshot
    from app.cli.salvage_verb import run_salvage
    from app.cli.seal_verbs import run_key, run_seal, run_verify
    from app.cli.shared_verbs import run_pull, run_push, run_share
    from app.cli.transfer_verbs import run_export, run_import
    from app.store.errors import CaseError, CaseFileError

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
            "publish": run_publish,
            "exhibits": run_exhibits,
            "push": run_push,
            "pull": run_pull,
            "share": run_share,
        }
        handler = handlers[args.verb]
        status = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, inside main, not at exit
        return status
    except (CaseFileError, CaseError) as error:
        raise CommandError(str(error)) from None
