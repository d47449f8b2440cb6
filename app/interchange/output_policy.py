"""What an output (export, report, publication, presentation, exhibit pack) may show.

By default no output carries a privileged work-product note; ``include_privileged`` (the
person's explicit ``--include-privileged`` or a dialog's checkbox) lets the writers add them,
and then every page and file they write says :data:`PRIVILEGED`. With ``pseudonyms`` every
entity that has a pseudonym is shown under it: :func:`output_case` wraps the case so that
everything an output reads from it (titles, descriptions, quotes, commentary, notes, names)
has the real names replaced (:mod:`app.domain.pseudonyms`), and :func:`check_output` then
searches the written bytes (or, for a PDF, its extracted text) and refuses the output when a
real name is still there (a stored source file that names the person, say).

The writers need not know about pseudonyms at all; they ask :func:`policy_of` only whether
to add the notes.
"""

from __future__ import annotations

import dataclasses
import html
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import GeneratorType
from typing import Any

from app.domain.pseudonyms import Pseudonyms

PRIVILEGED = "PRIVILEGED \u2014 ATTORNEY WORK PRODUCT"
NOTE_LABEL = "Privileged work-product note"
# records whose text fields an output reads (filters and change sets are left as they are)
_RECORD_MODULES = frozenset({"app.domain.records", "app.domain.stories"})
_KEEP = frozenset({"EventFilter", "ChangeSet", "Change", "AuditRecord"})


@dataclass(frozen=True)
class OutputPolicy:
    include_privileged: bool = False
    pseudonyms: Pseudonyms = field(default_factory=lambda: Pseudonyms(()))
    use_pseudonyms: bool = False  # asked for (even when no entity has one)

    @property
    def plain(self) -> bool:
        return not self.include_privileged and not self.pseudonyms


PLAIN = OutputPolicy()


def make_policy(
    case: Any, *, include_privileged: bool = False, pseudonyms: bool = False
) -> OutputPolicy:
    """The policy for one output of ``case`` (its entities' pseudonyms read now)."""
    names = Pseudonyms.of_entities(case.entities()) if pseudonyms else Pseudonyms(())
    return OutputPolicy(bool(include_privileged), names, bool(pseudonyms))


class RealNameLeft(Exception):
    """A pseudonymised output still names a real person; it was not kept."""


# ---- the case as an output reads it


class _Transform:
    def __init__(self, policy: OutputPolicy) -> None:
        self.policy = policy
        self.text: Callable[[str], str] = policy.pseudonyms.apply

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if value is None or isinstance(value, bytes | bytearray | memoryview | int | float):
            return value
        kind = type(value)
        if kind is tuple:
            return tuple(self(v) for v in value)
        if kind is list:
            return [self(v) for v in value]
        if kind is dict:
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, GeneratorType | map | filter) or kind.__name__.endswith("iterator"):
            return (self(v) for v in value)
        if (
            dataclasses.is_dataclass(value)
            and kind.__module__ in _RECORD_MODULES
            and kind.__name__ not in _KEEP
        ):
            return self._record(value)
        if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
            return kind(*(self(v) for v in value))
        return value

    def _record(self, value: Any) -> Any:
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            if f.name == "privileged_note" and not self.policy.include_privileged:
                new: Any = ""
            elif f.name == "pseudonym" and self.policy.pseudonyms:
                new = ""  # the output shows it as the name; the pairing stays in the firm
            else:
                new = self(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value


class OutputCase:
    """A read-only view of a case for one output: every value read through it is passed
    through the policy (pseudonyms applied, privileged notes emptied unless included)."""

    def __init__(self, case: Any, policy: OutputPolicy) -> None:
        self._case = case
        self.output_policy = policy
        self._transform = _Transform(policy)

    @property
    def _units(self) -> Any:
        return self._case._units  # noqa: SLF001 - for stories_of, which wraps its result

    def wrap_output(self, obj: Any) -> Any:
        """``obj`` (a registry over this case, such as its stories) read through the policy."""
        return _Wrapped(obj, self._transform)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return _wrap_value(getattr(self._case, name), self._transform)


class _Wrapped:
    def __init__(self, obj: Any, transform: _Transform) -> None:
        self._obj = obj
        self._transform = transform

    def __getattr__(self, name: str) -> Any:
        return _wrap_value(getattr(self._obj, name), self._transform)


def _wrap_value(value: Any, transform: _Transform) -> Any:
    if callable(value) and not isinstance(value, type):

        def call(*args: Any, **kwargs: Any) -> Any:
            return transform(value(*args, **kwargs))

        return call
    return transform(value)


def output_case(case: Any, policy: OutputPolicy) -> Any:
    """``case`` itself for a plain output, else the case as the policy lets the output see it."""
    return case if policy.plain else OutputCase(case, policy)


def policy_of(case: Any) -> OutputPolicy:
    """The policy an output's case was wrapped with (:data:`PLAIN` for a bare case)."""
    found = getattr(case, "output_policy", None) if isinstance(case, OutputCase) else None
    return found or PLAIN


# ---- checking what was written


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def readable_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """The texts a person could read in written bytes: as written, with HTML character
    references decoded, and (JSON) its decoded strings; each with how it was read."""
    text = data.decode("utf-8", errors="replace")
    yield text, ""
    unescaped = html.unescape(text)
    if unescaped != text:
        yield unescaped, " (with HTML character references decoded)"
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith(("{", "[")):
        try:
            doc = json.loads(stripped)
        except ValueError:
            return
        yield "\n".join(_strings(doc)), " (in a decoded JSON string)"


def _refuse(where: str, name: str, written: str, at: str) -> RealNameLeft:
    return RealNameLeft(
        f"{where}: the real name {name!r} of a pseudonymised entity remains "
        f"({at}: {written!r}); the output was not kept"
    )


def check_pages(policy: OutputPolicy, where: str, pages: Iterable[str]) -> None:
    """Raise :class:`RealNameLeft` naming the first real name of a pseudonymised entity
    found in the pages' text (a PDF read back), with its page and line."""
    if not policy.pseudonyms:
        return
    for number, text in enumerate(pages, 1):
        found = policy.pseudonyms.find(text)
        if found is not None:
            raise _refuse(where, found.name, found.written, f"page {number}, line {found.line}")


def check_bytes(policy: OutputPolicy, where: str, data: bytes) -> None:
    """The same over written bytes (text, HTML, CSV or JSON), also read as a person or a
    program would read them (HTML character references and JSON strings decoded)."""
    if not policy.pseudonyms:
        return
    for text, how in readable_texts(data):
        found = policy.pseudonyms.find(text)
        if found is not None:
            raise _refuse(where, found.name, found.written, f"line {found.line}{how}")
