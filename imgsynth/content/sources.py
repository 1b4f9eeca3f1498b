"""Sources of an entry, cited in the prose as numbered notes.

An entry lists its published sources once, in the front matter (``sources: [{id, url, title,
publisher?, date?}]``); the prose of each language cites one with a Markdown footnote marker
``[^id]`` after the sentence it supports. The page shows the notes (the render stage writes
the footnote definitions from the data, in the page's language and citation order).

Checked here, each problem at its line (``FILE:LINE``):

* a marker that names no source (with the closest id as a hint);
* a source that one language never cites (an error: both languages state the same facts, so
  both cite the same sources);
* two sources with the same id;
* a footnote definition written into the prose (the notes are generated from ``sources:``);
* a marker in an annotation (a correction lists its own ``sources:`` URLs);
* an entry without an arXiv id and without sources: every entry that is not an arXiv paper
  (event, artwork, post, dataset, model release, software) needs at least one published source.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from imgsynth.content.entries import LANGUAGE_MARKER, Source
from imgsynth.languages import LANGUAGES
from imgsynth.languages import label as language_label

MARKER = re.compile(r"\[\^(?P<id>[^\]\s]*)\]")
"""A footnote marker in the prose: ``[^openai-dalle]``."""

DEFINITION = re.compile(r"^\s{0,3}\[\^[^\]\s]*\]:")
"""A footnote definition at the start of a line: ``[^id]: ...``."""

_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True)
class Citation:
    """A footnote marker in the prose: its language, file line and the id it names."""

    lang: str
    line: int
    id: str


def citations(body: str, first_line: int) -> Iterator[Citation]:
    """Every footnote marker of an entry's body, with its language and file line, in order.

    Markers in code spans and fenced code are text, not citations. Lines before the first
    language marker belong to no language and are skipped (the loader reports them).
    """
    lang: str | None = None
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        match = LANGUAGE_MARKER.match(line.strip())
        if match:
            lang = match.group("lang") if match.group("lang") in LANGUAGES else None
            continue
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if lang is None or fenced:
            continue
        for marker in MARKER.finditer(_CODE_SPAN.sub(lambda m: " " * len(m.group()), line)):
            yield Citation(lang, first_line + offset, marker.group("id"))


def cited_ids(prose: str) -> list[str]:
    """The source ids a language's prose cites, in order of first citation."""
    return list(dict.fromkeys(c.id for c in citations(f"<!-- lang: {LANGUAGES[0]} -->\n{prose}", 0)))


def strip_markers(text: str) -> str:
    """``text`` without its footnote markers, for summaries shown away from the notes."""
    return MARKER.sub("", text)


def sources_of(data: dict[str, Any]) -> list[Source]:
    """The ``sources:`` of valid front matter as :class:`Source` objects."""
    return [
        Source(
            id=item["id"],
            url=item["url"],
            title=item["title"],
            publisher=item.get("publisher", ""),
            date=str(item.get("date", "")),
        )
        for item in data.get("sources") or []
    ]


def source_problems(data: dict[str, Any], body: str, first_line: int, line_of: Any) -> list[tuple[int, str]]:
    """(line, message) for every problem with the entry's sources and its citations.

    ``line_of`` maps a front-matter path (``("sources", 0, "id")``) to its file line.
    """
    problems: list[tuple[int, str]] = []
    items = data.get("sources")
    items = [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        source_id = item.get("id")
        if not isinstance(source_id, str):
            continue  # the schema reports it
        line = line_of(("sources", index, "id"))
        if source_id in first:
            problems.append(
                (
                    line,
                    f"duplicate source id '{source_id}' (the first is at line {first[source_id]}); "
                    "give each source its own id.",
                )
            )
        else:
            first[source_id] = line
    known = sorted(first)
    cited: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for citation in citations(body, first_line):
        cited[citation.lang].add(citation.id)
        if citation.id not in first:
            close = difflib.get_close_matches(citation.id, known, n=1, cutoff=0.6)
            if close:
                hint = f" Did you mean '[^{close[0]}]'?"
            elif known:
                hint = f" The sources are: {', '.join(known)}."
            else:
                hint = ""
            problems.append(
                (
                    citation.line,
                    f"the footnote [^{citation.id}] names no source; add a source with 'id: {citation.id}' "
                    f"under 'sources:' (with its url and title), or cite an id listed there.{hint}",
                )
            )
    for offset, line in enumerate(body.split("\n")):
        if DEFINITION.match(line):
            problems.append(
                (
                    first_line + offset,
                    "a footnote definition in the prose; list the source under 'sources:' in the front matter "
                    "(id, url, title) and keep only the marker [^id] in the text: the notes are generated.",
                )
            )
    for source_id, line in first.items():
        for lang in LANGUAGES:
            if source_id not in cited[lang]:
                problems.append(
                    (
                        line,
                        f"the source '{source_id}' is never cited in the {language_label(lang)} prose; put "
                        f"[^{source_id}] after the sentence it supports (both languages cite the same sources), "
                        "or remove the source.",
                    )
                )
    annotations = data.get("annotations")
    for index, item in enumerate(annotations if isinstance(annotations, list) else []):
        for lang in LANGUAGES:
            text = item.get(lang) if isinstance(item, dict) else None
            if isinstance(text, str) and MARKER.search(text):
                problems.append(
                    (
                        line_of(("annotations", index, lang)),
                        "a footnote marker in an annotation; a correction lists the URLs that support it "
                        "under its own 'sources:', so remove the marker.",
                    )
                )
    if not data.get("arxiv") and not items and isinstance(data.get("kind"), str):
        problems.append(
            (
                line_of(("kind",)),
                f"this {data['kind']} has no arXiv id, so it needs at least one published source (the company's "
                "announcement, the auction house, the proceedings page...): add 'sources:' with its id, url "
                "and title, and cite it in both languages with [^id] after the sentence it supports.",
            )
        )
    return problems
