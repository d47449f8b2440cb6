"""``casetrail push CASE URL --list-conflicts``: the rows a push of a pulled case would find
changed on both sides, each field with the shared case's value, the file's and the value at
the pull; nothing is sent."""

from __future__ import annotations

from app.cli.errors import EXIT_OK, CommandError


def list_conflicts(case_file: str, url: str) -> int:
    from app.store.case import Case
    from app.store.check_in import conflicts
    from app.store.engine import Mode
    from app.store.merge import show
    from app.store.postgresql.connect import Location
    from app.store.shared_copy import origin

    with Case.open(case_file, Mode.REVIEW) as source:
        pulled = origin(source)
        if pulled is None:
            raise CommandError(f"{case_file}: was not pulled from a shared case; no conflicts")
        found = conflicts(source, pulled, Location(url))
    if not found:
        print("no conflicts: a push sends every change")
        return EXIT_OK
    print(f"{len(found)} conflict(s); settle each with --take-mine KEY or --take-theirs KEY")
    for conflict in found:
        print(conflict.name)
        for f in conflict.fields:
            print(
                f"  {f.field}: theirs {show(f.theirs)!r}  mine {show(f.ours)!r}  "
                f"at the pull {show(f.base)!r}"
            )
    return EXIT_OK
