"""The quick schema check (imgsynth/content/schema.py) never lets through what jsonschema refuses.

An entry is checked first by a fast reading of the same ``entry.schema.json``; jsonschema (slow to
import and to run) is asked only when that says no, and it names the problems. The quick check
must therefore never say yes to front matter jsonschema finds a problem in. Checked here on the
real entries, the bad-entry corpus, the hostile corpus and systematic mutations of every value
of a real entry (wrong types, empty values, unknown keys, missing keys, duplicates, bad forms).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
from hostile_corpus import CASES, make_entry

from imgsynth.content.datafile import content_files
from imgsynth.content.frontmatter import FrontMatterError, read_entry
from imgsynth.content.load import _NUMBER_AS_TEXT, _number_to_text
from imgsynth.content.schema import _quick_check, _validator, entry_schema, schema_problems

ROOT = Path(__file__).resolve().parents[2]
MILESTONES = ROOT / "content" / "milestones"
BAD = ROOT / "tests" / "bad_entries"


def _front_matter(path: Path) -> dict[str, Any] | None:
    try:
        data = read_entry(path, ROOT if path.is_relative_to(ROOT) else None).data
    except FrontMatterError:
        return None
    for key_path in _NUMBER_AS_TEXT:
        _number_to_text(data, key_path)
    return data


def _errors(data: Any) -> list[str]:
    return [error.message for error in _validator().iter_errors(data)]


_WRONG_VALUES: tuple[Any, ...] = (
    None,
    "",
    "x",
    "not a url or id",
    "gan\n",
    "https://example.org/a b",
    "1406.2661v2",
    "2014-13",
    0,
    1,
    True,
    1.5,
    [],
    ["a", "a"],
    [1, True],
    [{}],
    {},
    {"zh": "文字"},
    {"zh": "文字", "en": ""},
    {"zh": "文字", "en": "text", "fr": "texte"},
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    result = copy.deepcopy(data)
    node: Any = result
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return result


def _mutations(data: dict[str, Any], seen: set[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    """Mutations at each place of the schema not in ``seen`` (the first item of a list stands for all)."""
    for path in _paths(data):
        if not path or any(isinstance(part, int) and part > 0 for part in path) or path in seen:
            continue
        seen.add(path)
        for value in _WRONG_VALUES:
            yield _set(data, path, value)
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):  # without the key, and with an unknown key beside it
            without = copy.deepcopy(data)
            node: Any = without
            for part in path[:-1]:
                node = node[part]
            del node[path[-1]]
            yield without
            yield _set(data, (*path[:-1], "unknown_key"), "x")
        if isinstance(parent, list):  # the item twice
            yield _set(data, path[:-1], [*parent, copy.deepcopy(parent[path[-1]])])


def _real_entries() -> list[dict[str, Any]]:
    entries = [_front_matter(path) for path in content_files(MILESTONES, ".md")]
    return [data for data in entries if data is not None]


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(entry_schema())


def test_the_quick_check_reads_every_keyword_of_the_schema():
    assert _quick_check() is not None, "entry.schema.json uses a keyword the quick check does not know"


def test_every_real_entry_passes_the_quick_check_and_jsonschema():
    quick = _quick_check()
    entries = _real_entries()
    assert len(entries) > 20
    for data in entries:
        assert quick(data), data.get("id")
        assert _errors(data) == [], data.get("id")


def test_quick_check_agrees_with_jsonschema_on_the_bad_entries():
    quick = _quick_check()
    checked = 0
    for path in sorted(BAD.glob("*.md")):
        data = _front_matter(path)
        if data is None:
            continue
        checked += 1
        assert quick(data) == (_errors(data) == []), path.name
    assert checked > 10


def test_quick_check_never_passes_what_jsonschema_refuses_in_the_hostile_corpus():
    quick = _quick_check()
    for case in CASES:
        data = make_entry(case).data
        for key_path in _NUMBER_AS_TEXT:
            _number_to_text(data, key_path)
        if quick(data):
            assert _errors(data) == [], case.name


def test_quick_check_never_passes_a_mutation_jsonschema_refuses():
    quick = _quick_check()
    seen: set[tuple[Any, ...]] = set()
    refused = passed = 0
    for data in _real_entries():  # every place of the schema the real entries use, mutated once
        for mutated in _mutations(data, seen):
            errors = _errors(mutated)
            if quick(mutated):
                assert errors == [], (mutated, errors)
                passed += 1
            else:
                refused += 1
                # a no only costs time; it is exact here except for lists holding other values than
                # text (uniqueItems is sure only of text)
                assert errors or any(
                    isinstance(v, list) and v and not all(type(i) is str for i in v) for v in _values(mutated)
                )
    assert refused > 500 and passed > 50
    assert {path[0] for path in seen} >= {"work", "links", "annotations", "sources", "figures", "tags", "builds_on"}


def _values(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)


def test_schema_problems_of_a_valid_entry_is_empty_and_of_a_wrong_one_names_it():
    data = _real_entries()[0]
    assert list(schema_problems(data)) == []
    wrong = _set(data, ("date",), "2014-13-99-1")
    assert [where for where, _message in schema_problems(wrong)] == [("date",)]
