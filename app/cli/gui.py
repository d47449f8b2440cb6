"""Opening the window from the command line (the demo case when no case is named)."""

from __future__ import annotations

from pathlib import Path


def demo_case_path() -> Path:
    """Where the demo case is kept when the window is opened without a case."""
    from app.paths import user_data_dir

    return user_data_dir() / "demo.case"


def open_gui(case_path: str | None, *, review: bool) -> int:
    """Open the window on ``case_path`` (the demo case, built if missing, when None)."""
    from app.cli.errors import CommandError
    from app.cli.qt_libraries import problem

    cannot = problem()
    if cannot is not None:
        raise CommandError(cannot)
    if case_path is None:
        path = demo_case_path()
        if not path.exists():
            from app.interchange.demo import build_demo

            path.parent.mkdir(parents=True, exist_ok=True)
            build_demo(path).close()
    local = path if case_path is None else Path(case_path)
    if local.is_file():  # a case file: its first frame before anything else
        from app.ui.first_frame import run_first_frame

        code = run_first_frame(local, review=review)
        if code is not None:
            return code
    if case_path is not None:
        from app.store.postgresql.connect import is_location

        path = case_path if is_location(case_path) else Path(case_path)  # type: ignore[assignment]
    # Import the store (SQLAlchemy, numpy) before Qt: once PySide6 is loaded, its import hook
    # reads the source of every module imported after it, which costs a tenth of a second.
    import app.domain.columns  # noqa: F401
    import app.store.case  # noqa: F401
    from app.ui.app import run_gui

    return run_gui(path, review=review)


def open_presentation(
    case_path: str | None,
    view: str | None,
    story: str | None = None,
    *,
    include_privileged: bool = False,
    pseudonyms: bool = False,
) -> int:
    """``casetrail --present CASE [--view NAME | --story NAME]``: the presentation,
    read-only."""
    from app.cli.errors import CommandError
    from app.cli.qt_libraries import problem

    if case_path is None:
        raise CommandError("--present: name the case to present")
    if view is not None and not view.strip():
        raise CommandError("--view: give the name of a saved view")
    path = Path(case_path)
    if not path.is_file():
        raise CommandError(f"{path}: no such case file")
    cannot = problem()
    if cannot is not None:
        raise CommandError(cannot)
    import app.store.case  # noqa: F401 - the store before Qt (see open_gui)
    from app.ui.present.launch import run_present

    return run_present(
        path, view, story, include_privileged=include_privileged, pseudonyms=pseudonyms
    )
