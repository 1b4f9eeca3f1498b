"""Eras and kinds: data under ``content/``, loaded and checked like entries.

An era is a date range: ``start`` and ``end`` are partial dates (``2012``, ``2020-01``); the
first era may have no start and the last no end. :func:`era_problems` checks that the eras
are in order and contiguous (each starts the day after the previous one ends).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from imgsynth.content.dates import PartialDate, display_range
from imgsynth.content.records import RecordFile
from imgsynth.errors import EntryError
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


_KEYS = ("id", "name", "summary", "start", "end")
_SIZE_LIMIT = 256 * 1024


def load_terms(path: Path, root: Path | None = None) -> tuple[list[Term], list[EntryError]]:
    """Load a list of terms from a YAML file (the hardened reader); problems are returned, not raised.

    Each item is checked with its line: a mapping with a unique lower-case ``id``, a ``name``
    and optional ``summary`` giving text in every language (plain text: no HTML, see
    :mod:`imgsynth.content.html_policy`), optional ``start``/``end`` dates, no other keys.
    """
    file = RecordFile.read(
        path,
        root,
        limit=_SIZE_LIMIT,
        expected="expected a list of items with 'id' and 'name'.",
        missing="this file is missing; it lists the allowed ids.",
    )
    problem = file.problem
    terms: list[Term] = []
    for index, item, term_id in file.records(keys=_KEYS, noun="item", example="gan-years"):
        line = file.line_of((index,))
        item_problems = len(file.errors)
        names = item.get("name")
        missing = [lang for lang in LANGUAGES if not (isinstance(names, dict) and names.get(lang))]
        if missing:
            problem((index, "name"), f"'{term_id}' needs a name in: {', '.join(missing)}.")
        for key in ("name", "summary"):
            value = item.get(key)
            if value is None or (key == "name" and missing):
                continue
            if not isinstance(value, dict) or set(value) - set(LANGUAGES):
                problem(
                    (index, key),
                    f"'{term_id}' {key} must give the text in each language: 'zh: ...' and 'en: ...' on indented lines.",
                )
                continue
            for lang in LANGUAGES:
                text = value.get(lang)
                where = (index, key, lang)
                if not isinstance(text, str) or not text.strip():
                    problem(where, f"'{term_id}' {key}.{lang} must be text.")
                    continue
                file.check_plain_text(where, text, f"'{term_id}' {key}.{lang}")
        bounds: dict[str, PartialDate | None] = {"start": None, "end": None}
        for key in bounds:
            value = item.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                problem((index, key), f"'{term_id}' {key} must be a date, YYYY or YYYY-MM.")
                continue
            try:
                bounds[key] = PartialDate.parse(str(value))
            except ValueError as error:
                problem((index, key), f"'{term_id}' {key}: {error}")
        if len(file.errors) > item_problems:
            continue
        terms.append(
            Term(
                id=term_id,
                name={lang: names[lang] for lang in LANGUAGES},
                span=display_range(bounds["start"], bounds["end"], "en") if any(bounds.values()) else "",
                summary=item.get("summary"),
                start=bounds["start"],
                end=bounds["end"],
                line=line,
            )
        )
    return terms, file.errors


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
