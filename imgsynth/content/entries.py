"""Milestone entries: one Markdown file each, with shared facts and prose in both languages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imgsynth.content.dates import PartialDate, display_range
from imgsynth.content.figures import Figure
from imgsynth.languages import LANGUAGES
from imgsynth.languages import label as language_label

FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
"""A line that opens or closes a fenced code block (``` or ~~~, as pymdownx.superfences reads them)."""

LANGUAGE_MARKER = re.compile(r"^<!--\s*lang:\s*(?P<lang>[A-Za-z-]+)\s*-->\s*$")
"""A body line that opens one language's prose: ``<!-- lang: zh -->``."""

PLACEHOLDER = re.compile(r"\bTODO\((?P<lang>[a-z]{2})\)")
"""A line of placeholder prose: ``TODO(zh)`` or ``TODO(en)``."""


@dataclass
class Link:
    url: str
    label: dict[str, str]


@dataclass(frozen=True)
class Source:
    """A published source of an entry's facts, cited in the prose as ``[^id]`` (:mod:`.sources`)."""

    id: str
    url: str
    title: str
    publisher: str = ""
    date: str = ""
    """YYYY, YYYY-MM or YYYY-MM-DD, when the source gives it."""


@dataclass
class Annotation:
    """A correction to the article or its translation."""

    text: dict[str, str]
    sources: list[str] = field(default_factory=list)
    """URLs where the correction can be checked."""
    date: str = ""
    """When the correction was added to the site (YYYY-MM-DD)."""


@dataclass
class Entry:
    """One validated milestone."""

    id: str
    date: PartialDate
    era: str
    kind: str
    title: dict[str, str]
    origin: str
    prose: dict[str, str]
    path: Path
    source_path: str
    arxiv: str = ""
    raised_by: str = ""
    work: dict[str, Any] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    builds_on: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    translation: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    """The front matter as written, for tools that hash or diff the shared facts."""
    sources: list[Source] = field(default_factory=list)
    """Published sources, cited in the prose of both languages with ``[^id]``."""
    until: PartialDate | None = None
    """End of a span (a movement, a period), when the entry is one."""
    figures: list[Figure] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[PartialDate, str]:
        return (self.date, self.id)

    def when(self, lang: str) -> str:
        """The entry's date as shown: ``2014年6月10日`` / ``10 June 2014``, or a span ``2015–2020``."""
        if self.until is None:
            return self.date.display(lang)
        return display_range(self.date, self.until, lang)


def split_prose(body: str, first_line: int) -> tuple[dict[str, str], dict[str, int], list[tuple[int, str]]]:
    """Split the body at language markers.

    Returns the prose per language, the line of each marker, and problems as (line, message).
    """
    prose: dict[str, list[str]] = {}
    marker_lines: dict[str, int] = {}
    problems: list[tuple[int, str]] = []
    current: str | None = None
    skipping = False  # after a bad marker: its text is not 'text before the first marker'
    fence: tuple[str, int] | None = None  # the open code fence (``` or ~~~, with its length) and its line
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        fenced = FENCE.match(line)
        if fenced and current is not None:
            mark = fenced.group("fence")
            if fence is None:
                fence = (mark, number)
            elif mark[0] == fence[0][0] and len(mark) >= len(fence[0]) and not fenced.group("info").strip():
                fence = None
        match = LANGUAGE_MARKER.match(line.strip())
        if match and fence is not None:
            problems.append(
                (
                    number,
                    f"a language marker inside the code block opened on line {fence[1]}; "
                    f"close the block with a line '{fence[0]}' before the marker.",
                )
            )
            match = None  # inside code the line is code: it does not split the prose
        if match:
            lang = match.group("lang")
            if lang not in LANGUAGES:
                problems.append(
                    (
                        number,
                        f"unknown language '{lang}' in the marker; use one of: "
                        + ", ".join(f"<!-- lang: {code} -->" for code in LANGUAGES)
                        + ".",
                    )
                )
                current, skipping = None, True
                continue
            if lang in prose:
                problems.append(
                    (
                        number,
                        f"a second '<!-- lang: {lang} -->' section; "
                        f"the first is at line {marker_lines[lang]}. Merge them.",
                    )
                )
                current, skipping = None, True
                continue
            current = lang
            prose[lang] = []
            marker_lines[lang] = number
        elif current is not None:
            prose[current].append(line)
        elif line.strip() and not skipping:
            problems.append(
                (
                    number,
                    "text before the first language marker; start the body with "
                    "'<!-- lang: zh -->' and put the English after '<!-- lang: en -->'.",
                )
            )
            break
    if fence is not None:
        problems.append(
            (fence[1], f"the code block opened on this line is never closed; add a line '{fence[0]}' after it.")
        )
    return {lang: "\n".join(lines).strip() for lang, lines in prose.items()}, marker_lines, problems


def prose_first_lines(body: str, first_line: int, marker_lines: dict[str, int]) -> dict[str, int]:
    """The file line where each language's prose (as :func:`split_prose` returns it, stripped) begins."""
    lines = body.split("\n")
    result = {}
    for lang, marker in marker_lines.items():
        number = marker + 1
        while number - first_line < len(lines) and not lines[number - first_line].strip():
            number += 1
        result[lang] = number
    return result


def placeholder_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for each language whose prose still contains its placeholder."""
    problems: list[tuple[int, str]] = []
    seen: set[str] = set()
    for offset, line in enumerate(body.split("\n")):
        for match in PLACEHOLDER.finditer(line):
            lang = match.group("lang")
            if lang in LANGUAGES and lang not in seen:
                seen.add(lang)
                problems.append(
                    (
                        first_line + offset,
                        (
                            f"the {language_label(lang)} prose is still the placeholder; replace the 'TODO({lang})' "
                            f"text below '<!-- lang: {lang} -->' with your own words."
                        ),
                    )
                )
    return problems
