"""The entry format, defined once as a JSON Schema, and friendly messages for its errors."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from imgsynth.languages import LANGUAGES
from imgsynth.languages import label as language_label

if TYPE_CHECKING:  # imported when the first entry is validated
    import jsonschema


@lru_cache(maxsize=1)
def entry_schema() -> dict[str, Any]:
    """The JSON Schema of an entry's front matter (``entry.schema.json``)."""
    text = resources.files(__package__).joinpath("entry.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _whole_string(pattern: str) -> re.Pattern[str]:
    """``pattern`` with a final ``$`` meaning the end of the string, as in JSON Schema (ECMA-262).

    Python's ``$`` also matches before a final line break, so ``id: "gan\\n"`` would pass.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not _whole_string(pattern).search(instance):
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema.validators

    schema = entry_schema()
    base = jsonschema.validators.validator_for(schema)
    base.check_schema(schema)
    cls = jsonschema.validators.extend(base, {"pattern": _pattern})
    # 'format' is an annotation (JSON Schema 2020-12's default): a URL's form is its pattern
    return cls(schema)


Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "format"})
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}


@lru_cache(maxsize=1)
def _quick_check() -> Check | None:
    """A fast yes to "is this front matter valid?", read from the same schema, for the keywords it
    uses (None when the schema uses another one). True is always right; False only means "ask
    jsonschema", which then names the problems: jsonschema is imported only when an entry is wrong."""
    schema = entry_schema()
    try:
        return _compile(schema, schema)
    except (_Unsupported, RecursionError):
        return None


class _Unsupported(Exception):
    pass


def _compile(node: Any, schema: dict[str, Any]) -> Check:
    if not isinstance(node, dict):
        raise _Unsupported
    checks: list[Check] = []
    for key, value in node.items():
        if key in _ANNOTATIONS:
            continue
        if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
            checks.append(_compile(schema["$defs"][value.removeprefix("#/$defs/")], schema))
        elif key == "type" and isinstance(value, str) and value in _TYPES:
            checks.append(_TYPES[value])
        elif key == "enum" and isinstance(value, list) and all(isinstance(item, str) for item in value):
            options = frozenset(value)
            checks.append(lambda v, options=options: isinstance(v, str) and v in options)
        elif key == "pattern" and isinstance(value, str):
            search = _whole_string(value).search
            checks.append(lambda v, search=search: not isinstance(v, str) or search(v) is not None)
        elif key == "minLength" and isinstance(value, int):
            checks.append(lambda v, least=value: not isinstance(v, str) or len(v) >= least)
        elif key == "minItems" and isinstance(value, int):
            checks.append(lambda v, least=value: not isinstance(v, list) or len(v) >= least)
        elif key == "uniqueItems" and value is True:  # sure only of plain strings
            checks.append(
                lambda v: not isinstance(v, list) or (all(type(i) is str for i in v) and len(set(v)) == len(v))
            )
        elif key == "required" and isinstance(value, list):
            keys = tuple(value)
            checks.append(lambda v, keys=keys: not isinstance(v, dict) or all(k in v for k in keys))
        elif key == "properties" and isinstance(value, dict):
            properties = {name: _compile(sub, schema) for name, sub in value.items()}
            checks.append(
                lambda v, properties=properties: (
                    not isinstance(v, dict) or all(check(v[name]) for name, check in properties.items() if name in v)
                )
            )
        elif key == "additionalProperties" and value is False and "patternProperties" not in node:
            known = frozenset(node.get("properties", {}))
            checks.append(lambda v, known=known: not isinstance(v, dict) or known.issuperset(v))
        elif key == "items" and isinstance(value, dict):
            item = _compile(value, schema)
            checks.append(lambda v, item=item: not isinstance(v, list) or all(item(i) for i in v))
        else:
            raise _Unsupported(key)
    return lambda v: all(check(v) for check in checks)


def allowed_keys(path: tuple[Any, ...]) -> list[str]:
    """The keys the schema allows in the mapping at ``path`` (list indexes are skipped)."""
    schema = entry_schema()
    node: dict[str, Any] = schema
    for part in path:
        node = _resolve(schema, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    node = _resolve(schema, node)
    return sorted(node.get("properties", {}))


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return schema["$defs"][ref.removeprefix("#/$defs/")]
    return node


def describe(path: tuple[Any, ...]) -> str:
    """``links[1].url`` for ``("links", 1, "url")``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the front matter"


_ANNOTATION_KEYS = {
    "sources": "add 'sources:' with at least one URL that proves the correction "
    "(for a claim about the translation, the translation itself).",
    "date": "add 'date: \"YYYY-MM-DD\"', the day the correction was added to the site.",
}
"""What a correction must carry besides its text, and how to add it."""


def schema_problems(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yield (path, message) for every schema violation, in a stable order."""
    quick = _quick_check()
    if quick is not None and quick(data):
        return
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    messages = [item for error in errors for item in _messages(error, tuple(error.absolute_path))]
    # 'tittle: ...' is one mistake: report the misspelt key, not also the missing 'title'
    suggested = {
        (where[:-1], message.split("Did you mean '")[1][:-2])
        for where, message in messages
        if message.startswith("unknown key ") and "Did you mean '" in message
    }
    for where, message in messages:
        missing = message.split("'")[1] if message.startswith("missing required key ") else None
        if (where, missing) not in suggested:
            yield where, message


def _messages(error: jsonschema.ValidationError, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    where = describe(path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = allowed_keys(path)
        extras = sorted(set(error.instance) - set(allowed))
        for key in extras:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else f" Allowed keys here: {', '.join(allowed)}."
            yield path + (key,), f"unknown key '{key}' in {where}.{hint}"
    elif kind == "required":
        missing = error.message.split("'")[1]
        options = error.schema.get("properties", {}).get(missing, {}).get("enum")
        if missing in LANGUAGES:
            yield path, f"{where} is missing its {language_label(missing)} text; add '{missing}: ...'."
        elif options:
            yield (
                path,
                f"missing required key '{missing}' in {where}; add '{missing}: ...' with one of: {', '.join(options)}.",
            )
        elif path[:1] == ("annotations",) and missing in _ANNOTATION_KEYS:
            yield path, f"missing required key '{missing}' in {where}; {_ANNOTATION_KEYS[missing]}"
        else:
            yield path, f"missing required key '{missing}' in {where}; see CONTRIBUTING for the format."
    elif kind == "minLength" and path and path[-1] in LANGUAGES:
        yield path, f"{where} is empty; write the {language_label(path[-1])} text."
    elif kind == "type" and set(error.schema.get("properties", {})) == set(LANGUAGES):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        yield (
            path,
            (
                f"{where} must give the Chinese and the English text: write 'zh: ...' and 'en: ...' "
                f"on indented lines below '{key}:'."
            ),
        )
    elif kind == "type":
        yield (
            path,
            f"{where} must be {_type_name(error.validator_value)}, not {_type_name(type(error.instance).__name__)}.",
        )
    elif kind == "enum":
        options = ", ".join(map(str, error.validator_value))
        yield path, f"{where} is '{error.instance}'; use one of: {options}."
    elif kind in ("pattern", "format"):
        yield path, _pattern_message(path, error.instance)
    elif kind == "uniqueItems":
        yield path, f"{where} lists the same value twice; remove the duplicate."
    elif kind == "minItems":
        yield path, f"{where} is empty; list at least one value or remove the key."
    else:
        yield path, f"{where}: {error.message}"


def _type_name(name: Any) -> str:
    names = {
        "string": "text",
        "str": "text",
        "object": "a mapping of keys",
        "dict": "a mapping of keys",
        "array": "a list",
        "list": "a list",
        "int": "a number",
        "integer": "a number",
        "NoneType": "empty",
        "bool": "true/false",
        "boolean": "true/false",
        "float": "a number",
    }
    if isinstance(name, list):
        return " or ".join(names.get(n, n) for n in name)
    return names.get(name, str(name))


def _pattern_message(path: tuple[Any, ...], value: Any) -> str:
    where = describe(path)
    field = next((p for p in reversed(path) if isinstance(p, str)), "")
    if isinstance(value, str) and value.endswith("\n"):
        return f"{where} ends with a line break; remove it (write the value on one line, without '|' or '>')."
    if field == "date":
        return f"date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-06 or 2014-06-10)."
    if field == "arxiv":
        return (
            f"arxiv id '{value}' is malformed; write it like 1406.2661 (no 'arXiv:' prefix, "
            "no version suffix such as v2) or like hep-th/9901001."
        )
    if field in ("url", "pdf", "source") or (path and path[-2:-1] == ("sources",) and isinstance(path[-1], int)):
        return _url_message(where, str(value))
    if field in ("id", "tags", "builds_on") or path and path[0] in ("tags", "builds_on"):
        return f"{where} '{value}' must be lower-case words joined by hyphens, e.g. 'stable-diffusion'."
    if field == "doi":
        return f"{where} '{value}' is not a DOI; write it without the https://doi.org/ prefix, e.g. 10.1162/neco.2006.18.7.1527."
    if field == "year":
        return f"{where} '{value}' must be a four-digit year."
    if field in LANGUAGES and path and path[0] == "translation":
        return f"{where} '{value}' is not a translation hash; let 'make translated' maintain it."
    return f"{where} '{value}' has the wrong form."


_URL_BAD_CHARACTERS = re.compile(r"[\s\"'<>{}\[\]\\^`|]")


def _url_message(where: str, value: str) -> str:
    authority = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)", value)
    if authority and "@" in authority.group(1):
        return f"{where} contains a user name or password ('user:password@'); remove it."
    bad = _URL_BAD_CHARACTERS.search(value)
    if authority and value.lower().startswith(("http://", "https://")) and bad:
        char = bad.group()
        shown = {" ": "a space", "\t": "a tab", "\n": "a line break"}.get(char, f"'{char}'")
        return (
            f"{where} '{value}' contains {shown}, which a link may not contain; "
            f"percent-encode it (%{ord(char):02X}) or remove it."
        )
    return f"{where} '{value}' is not a valid http(s) link; write the full address starting with https://."
