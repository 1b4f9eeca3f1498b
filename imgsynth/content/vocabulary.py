"""Eras and kinds: data under ``content/``, loaded and checked like entries.

An era is a date range: ``start`` and ``end`` are partial dates (``2012``, ``2020-01``); the
first era may have no start and the last no end. :func:`era_problems` checks that the eras
are in order and contiguous (each starts the day after the previous one ends).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from imgsynth.content.dates import PartialDate, display_range
from imgsynth.errors import EntryError, display_path
from imgsynth.languages import LANGUAGES


@dataclass(frozen=True)
class Term:
    """One era or kind, with its names (and for eras, date range and summary) in each language."""

    id: str
    name: dict[str, str]
    span: str = ""
    """The era's range as text (``2012–2014``), derived from ``start`` and ``end``."""
    summary: dict[str, str] | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    line: int = 1
    """Line of the item in its file."""

    def span_in(self, lang: str) -> str:
        """The era's range in a language: ``2022年8月–`` / ``August 2022–``."""
        return display_range(self.start, self.end, lang)

    def contains(self, date: PartialDate) -> bool:
        """True when ``date`` (its first day) falls inside the era's range."""
        day = date.first_day()
        return (self.start is None or self.start.first_day() <= day) and (
            self.end is None or day <= self.end.last_day()
        )


def load_terms(path: Path, root: Path | None = None) -> tuple[list[Term], list[EntryError]]:
    """Load a list of terms from a YAML file; problems are returned, not raised."""
    shown = display_path(path, root)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], [EntryError(shown, 1, "this file is missing; it lists the allowed ids.")]
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 1
        return [], [EntryError(shown, line, f"invalid YAML: {error}")]
    if not isinstance(data, list):
        return [], [EntryError(shown, 1, "expected a list of items with 'id' and 'name'.")]
    terms: list[Term] = []
    errors: list[EntryError] = []
    lines = _item_lines(path)
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            errors.append(EntryError(shown, 1, f"item {index + 1} needs an 'id'."))
            continue
        names = item.get("name") or {}
        missing = [lang for lang in LANGUAGES if not (isinstance(names, dict) and names.get(lang))]
        if missing:
            errors.append(EntryError(shown, 1, f"'{item['id']}' needs a name in: {', '.join(missing)}."))
            continue
        line = lines.get(item["id"], 1)
        bounds: dict[str, PartialDate | None] = {"start": None, "end": None}
        for key in bounds:
            value = item.get(key)
            if value is None:
                continue
            try:
                bounds[key] = PartialDate.parse(str(value))
            except ValueError as error:
                errors.append(EntryError(shown, lines.get((item["id"], key), line), f"'{item['id']}' {key}: {error}"))
        terms.append(
            Term(
                id=item["id"],
                name={lang: str(names[lang]) for lang in LANGUAGES},
                span=display_range(bounds["start"], bounds["end"], "en") if any(bounds.values()) else "",
                summary=item.get("summary"),
                start=bounds["start"],
                end=bounds["end"],
                line=line,
            )
        )
    return terms, errors


_ITEM = re.compile(r"^-\s+id:\s*['\"]?(?P<id>[^'\"\s#]+)")
_KEY = re.compile(r"^\s+(?P<key>start|end):")


def _item_lines(path: Path) -> dict[Any, int]:
    """Line of each ``- id: x`` item, and of its ``start:``/``end:`` keys as ``(id, key)``."""
    lines: dict[Any, int] = {}
    current = None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    for number, line in enumerate(text.split("\n"), start=1):
        match = _ITEM.match(line)
        if match:
            current = match.group("id")
            lines[current] = number
            continue
        key = _KEY.match(line)
        if key and current is not None:
            lines[(current, key.group("key"))] = number
    return lines


def era_problems(eras: list[Term], shown: str) -> list[EntryError]:
    """The eras must be contiguous date ranges in order: only the first may lack a start, only
    the last an end, and each starts the day after the previous one ends."""
    problems: list[EntryError] = []
    for index, era in enumerate(eras):
        if era.start is None and index > 0:
            problems.append(
                EntryError(shown, era.line, f"era '{era.id}' needs a 'start' (only the first era may leave it open).")
            )
        if era.end is None and index < len(eras) - 1:
            problems.append(
                EntryError(shown, era.line, f"era '{era.id}' needs an 'end' (only the last era may leave it open).")
            )
        if era.start and era.end and era.end.last_day() < era.start.first_day():
            problems.append(
                EntryError(
                    shown, era.line, f"era '{era.id}' ends ({era.end.iso()}) before it starts ({era.start.iso()})."
                )
            )
    for previous, era in zip(eras, eras[1:], strict=False):
        if previous.end is None or era.start is None:
            continue
        expected = previous.end.last_day() + datetime.timedelta(days=1)
        begins = era.start.first_day()
        if begins < expected:
            problems.append(
                EntryError(
                    shown,
                    era.line,
                    f"era '{era.id}' starts {era.start.iso()}, before '{previous.id}' ends ({previous.end.iso()}): "
                    "eras must not overlap and must be listed in time order.",
                )
            )
        elif begins > expected:
            problems.append(
                EntryError(
                    shown,
                    era.line,
                    f"era '{era.id}' starts {era.start.iso()}, but '{previous.id}' ends {previous.end.iso()}: "
                    f"the eras leave a gap; start '{era.id}' on {expected.isoformat()} (or end '{previous.id}' later).",
                )
            )
    return problems
