"""Checks of an entry beyond its schema (issue 13): what its text may contain, its years, its lineage.

* every string of the front matter follows :mod:`imgsynth.content.html_policy`: annotation
  texts are Markdown, everything else is plain text (addresses, ids and dates are the
  schema's business);
* the prose of each language is Markdown under the same policy, checked with its lines;
* years lie between 1940 and next year (an earlier or later one is a typo on this timeline);
* ``builds_on``: not the entry itself, no cycle; building on a later entry is a warning.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

from imgsynth.content.entries import Entry
from imgsynth.content.html_policy import markdown_problems, plain_text_problems
from imgsynth.content.schema import describe

YEAR_MIN = 1940

_MARKDOWN_FIELDS = re.compile(r"^annotations\[\d+\]\.(zh|en)$")
_NOT_TEXT = {"id", "date", "until", "era", "kind", "origin", "arxiv", "translation", "tags", "builds_on", "figures"}
"""Top-level keys whose values are ids, dates or codes, checked by the schema (figures: see below)."""
_NOT_TEXT_FIELDS = {"url", "pdf", "source", "doi", "year", "date", "file", "what", "licence", "id"}
_FIGURE_TEXT = {"alt", "caption", "changes", "credit"}

Problem = tuple[tuple[Any, ...], int, str]
"""(key path, line, message)."""


def year_max() -> int:
    return datetime.date.today().year + 1


def _strings(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def front_matter_problems(data: dict[str, Any], text_line: Callable[[tuple[Any, ...]], int]) -> list[Problem]:
    """Every string of the front matter under the text policy, and the years of its dates."""
    problems: list[Problem] = []
    for path, text in _strings(data, ()):
        top = path[0]
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        if top in _NOT_TEXT and not (top == "figures" and len(path) > 2 and path[2] in _FIGURE_TEXT):
            continue
        if field in _NOT_TEXT_FIELDS or (top == "annotations" and "sources" in path):
            continue
        where = describe(path)
        line = text_line(path)
        check = markdown_problems if _MARKDOWN_FIELDS.match(where) else plain_text_problems
        problems += [(path, found.line, found.message) for found in check(text, line, where)]
    problems += year_problems(data, text_line)
    return problems


_DATED = (("date",), ("until",), ("work", "year"))


def year_problems(data: dict[str, Any], line_of: Callable[[tuple[Any, ...]], int]) -> list[Problem]:
    """Years outside 1940..next year, in the entry's dates and those of its sources and corrections."""
    paths = list(_DATED)
    for key in ("sources", "annotations"):
        items = data.get(key)
        if isinstance(items, list):
            paths += [(key, index, "date") for index in range(len(items))]
    problems: list[Problem] = []
    latest = year_max()
    for path in paths:
        value: Any = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else value[part] if isinstance(value, list) else None
            if value is None:
                break
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not re.match(r"^[0-9]{4}(?:-|$)", value):
            continue  # the schema reports a malformed date
        year = int(value[:4])
        if not YEAR_MIN <= year <= latest:
            problems.append(
                (
                    path,
                    line_of(path),
                    f"{describe(path)} '{value}': the year {year} is outside {YEAR_MIN}–{latest}; correct the date "
                    "(this timeline has nothing earlier, and nothing later than next year).",
                )
            )
    return problems


def prose_problems(prose: dict[str, str], first_lines: dict[str, int], labels: dict[str, str]) -> list[tuple[int, str]]:
    """The prose of each language under the Markdown policy; ``first_lines``: where each text begins."""
    problems = []
    for lang, text in prose.items():
        problems += [(p.line, p.message) for p in markdown_problems(text, first_lines[lang], labels[lang])]
    return problems


def lineage_checks(
    entries: list[Entry], line_of_builds_on: Callable[[Entry], int]
) -> tuple[list[tuple[Entry, int, str]], list[str]]:
    """Errors (entry, line, message) for an entry building on itself or a cycle, and warnings
    (``FILE:LINE: message``) for an entry building on a later one."""
    by_id = {entry.id: entry for entry in entries}
    errors: list[tuple[Entry, int, str]] = []
    warnings: list[str] = []
    for entry in entries:
        if entry.id in entry.builds_on:
            errors.append(
                (
                    entry,
                    line_of_builds_on(entry),
                    f"builds_on names the entry itself ('{entry.id}'); remove it (an entry cannot build on itself).",
                )
            )
        for target in entry.builds_on:
            other = by_id.get(target)
            if other is not None and other is not entry and other.date.first_day() > entry.date.last_day():
                warnings.append(
                    f"{entry.source_path}:{line_of_builds_on(entry)}: builds_on names '{target}' "
                    f"({other.date.iso()}), which is later than this entry ({entry.date.iso()}); "
                    "check the dates or the lineage."
                )
    for cycle in _cycles(entries):
        first = by_id[cycle[0]]
        path = " → ".join(cycle + [cycle[0]])
        errors.append(
            (
                first,
                line_of_builds_on(first),
                f"builds_on makes a cycle: {path}; an entry cannot (even indirectly) build on itself. "
                "Remove one of these links.",
            )
        )
    return errors, warnings


def _cycles(entries: list[Entry]) -> list[list[str]]:
    """Each cycle of builds_on (length ≥ 2) once, starting at its smallest id (iterative depth-first search)."""
    graph = {entry.id: [t for t in dict.fromkeys(entry.builds_on) if t != entry.id] for entry in entries}
    found: dict[tuple[str, ...], list[str]] = {}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in sorted(graph):
        if root in state:
            continue
        path: list[str] = [root]
        todo: list[list[str]] = [[t for t in graph[root] if t in graph]]
        state[root] = 1
        while path:
            if not todo[-1]:
                state[path.pop()] = 2
                todo.pop()
                continue
            target = todo[-1].pop(0)
            if state.get(target) == 1:
                cycle = path[path.index(target) :]
                start = cycle.index(min(cycle))
                rotated = cycle[start:] + cycle[:start]
                found.setdefault(tuple(rotated), rotated)
            elif target not in state:
                state[target] = 1
                path.append(target)
                todo.append([t for t in graph[target] if t in graph])
    return [found[key] for key in sorted(found)]
