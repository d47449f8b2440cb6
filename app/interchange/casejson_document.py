"""The envelope of a Casetrail JSON document, shared by its import and its export: the format
name and version, reading the text into a checked top-level object, and the error that lists
every problem found in a document."""

from __future__ import annotations

import json
import mimetypes
from functools import cache
from importlib import resources
from typing import Any

FORMAT = "casetrail"
VERSION = 1


class DocumentError(ValueError):
    """The document cannot be imported; ``problems`` lists each one with its location."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DocumentError([f"the key {key!r} appears twice in one object"])
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise DocumentError([f"{name} is not a JSON number"])


def read_document(text: str | bytes) -> dict[str, Any]:
    """Parse a Casetrail JSON document (its format name and version are checked; the rest
    by :func:`validate_document` when it is imported)."""
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DocumentError([f"not valid JSON ({error})"]) from None
    except RecursionError:
        raise DocumentError(["nested too deeply to be read (lists within lists)"]) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DocumentError(['not a Casetrail JSON document (no "format": "casetrail")'])
    if doc.get("version") != VERSION:
        raise DocumentError([f"unsupported Casetrail JSON version {doc.get('version')!r}"])
    validate_document(doc)
    return doc


@cache
def schema() -> dict[str, Any]:
    """The declared JSON Schema of a Casetrail JSON document (shipped beside this module)."""
    text = resources.files(__package__).joinpath("casetrail.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema())
    # The same schema with its local references written out: half the time per event,
    # which counts when a document holds a hundred thousand of them.
    return Draft202012Validator(_inline_refs(schema(), schema().get("$defs", {})))


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _inline_refs(v, defs) for k, v in node.items() if k not in ("$ref", "$defs")}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return {**_inline_refs(defs[ref.removeprefix("#/$defs/")], defs), **out}
    if ref is not None:
        out["$ref"] = ref
    return out


MAX_PROBLEMS = 200


def validate_document(doc: Any) -> None:
    """Check ``doc`` against the declared schema: :class:`DocumentError` lists each
    problem with its JSON path (``events[3].key_fact: must be true or false, not "no"``)."""
    try:
        errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.path)))
        problems = [_problem(e) for e in errors[:MAX_PROBLEMS]]
    except RecursionError:
        raise DocumentError(["nested too deeply to be checked"]) from None
    if problems:
        raise DocumentError(problems)


_KINDS = {
    "string": "text",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return json.dumps(shown)
    if isinstance(value, int | float):
        shown = str(value)
        return shown if len(shown) <= 30 else f"a number of {len(shown)} digits"
    return "a list" if isinstance(value, list) else "an object"


def _where(error: Any) -> str:
    where = ""
    for part in error.absolute_path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where or "document"


def _problem(error: Any) -> str:
    """One line for one schema error: the JSON path, then what is wrong in plain words."""
    where, value, kind = _where(error), error.instance, error.validator
    if kind == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else [w for w in wanted if w != "null"]
        return f"{where}: must be {' or '.join(_KINDS[w] for w in wanted)}, not {_found(value)}"
    if kind in ("maximum", "minimum"):
        return f"{where}: {_found(value)} is out of range ({kind} {error.validator_value})"
    if kind == "pattern":
        if isinstance(value, str) and "\x00" in value:
            return f"{where}: contains a NUL character"
        if isinstance(value, str) and any("\ud800" <= c <= "\udfff" for c in value):
            return f"{where}: contains an invalid character (a lone surrogate)"
        return f"{where}: {_found(value)} is not in the expected form"
    if kind == "maxLength":
        return f"{where}: longer than {error.validator_value} characters"
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return f"{where}: {_found(value)} is not one of {', '.join(map(str, allowed))}"
    if kind == "additionalProperties":
        unknown = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"{where}: unknown field(s) {', '.join(map(repr, unknown))}"
    if kind == "required":
        return f"{where}: {error.message.replace(chr(39), chr(34))}"
    return f"{where}: {error.message}"


def guess_media_type(source: dict[str, Any]) -> str:
    """The media type of a source's file, guessed from its path (octet-stream if unknown)."""
    guessed, _ = mimetypes.guess_type(str(source.get("file_path") or ""))
    return guessed or "application/octet-stream"
