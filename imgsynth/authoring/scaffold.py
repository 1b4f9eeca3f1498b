"""Scaffold a new milestone entry: check the facts a contributor gave, write a correctly named file.

The written file has placeholder prose (a ``TODO(zh)`` and a ``TODO(en)`` paragraph). The core
validation refuses those (:func:`imgsynth.content.entries.placeholder_problems`), so ``make check`` passes only once the
contributor has replaced both with their own text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from imgsynth.content.dates import PartialDate
from imgsynth.content.frontmatter import FrontMatterError, parse
from imgsynth.languages import LANGUAGES
from imgsynth.languages import label as language_label

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ORIGINS = ("article", "reader", "site")
PLACEHOLDER_TEXT = {
    "zh": "TODO(zh): 用你自己的话写两三段：它是什么、为什么重要、与之前的工作有何关系。",
    "en": "TODO(en): In your own words, two or three paragraphs: what it is, why it matters, "
    "and how it relates to earlier work.",
}


@dataclass
class Draft:
    """The facts a new entry starts from."""

    id: str = ""
    date: str = ""
    era: str = ""
    kind: str = ""
    title: dict[str, str] = field(default_factory=dict)
    arxiv: str = ""
    origin: str = "site"


@dataclass
class ExistingEntries:
    """What is already under ``content/milestones``: ids (from the file or its ``id:``) and arXiv ids."""

    ids: dict[str, Path] = field(default_factory=dict)
    arxiv: dict[str, str] = field(default_factory=dict)


def existing_entries(milestones: Path) -> ExistingEntries:
    found = ExistingEntries()
    for path in sorted(milestones.glob("*.md")):
        found.ids.setdefault(path.stem, path)
        try:
            data = parse(path.read_bytes()).data
        except (FrontMatterError, OSError):
            continue
        if isinstance(data.get("id"), str):
            found.ids.setdefault(data["id"], path)
        if isinstance(data.get("arxiv"), str):
            found.arxiv.setdefault(data["arxiv"], path.stem)
    return found


def suggest_id(title: str) -> str:
    """A lowercase-hyphenated id from an English title: 'StyleGAN 2 (A)' -> 'stylegan-2-a'."""
    head = re.split(r"[:(]", title, maxsplit=1)[0]
    short = head if head.strip() else title
    return "-".join(re.findall(r"[a-z0-9]+", short.lower()))[:40].strip("-")


def prefill(draft: Draft, record: Mapping[str, Any]) -> list[str]:
    """Fill the English title and the date from an arXiv record where the draft has none.

    Returns what was filled, for the contributor to see.
    """
    filled = []
    title = " ".join(str(record.get("title") or "").split())
    if title and not draft.title.get("en"):
        draft.title["en"] = title
        filled.append(f"title.en = {title!r}")
    published = str(record.get("published") or "")[:10]
    if published and not draft.date:
        draft.date = published
        filled.append(f"date = {published} (first arXiv version)")
    return filled


def draft_problems(
    draft: Draft, eras: list[str], kinds: list[str], existing: ExistingEntries, milestones: Path
) -> list[str]:
    """Everything that stops the draft from becoming an entry, each with what to do."""
    problems = []
    if not ID_PATTERN.match(draft.id):
        problems.append(
            f"id '{draft.id}' is not valid: use lowercase letters, digits and single hyphens, e.g. 'stylegan2'."
        )
    elif draft.id in existing.ids:
        problems.append(
            f"id '{draft.id}' is already used by {existing.ids[draft.id].as_posix()}; "
            "choose another id, or edit that entry instead."
        )
    elif (milestones / f"{draft.id}.md").exists():
        problems.append(f"{(milestones / f'{draft.id}.md').as_posix()} already exists; choose another id.")
    try:
        PartialDate.parse(draft.date)
    except ValueError as error:
        problems.append(str(error))
    if draft.era not in eras:
        problems.append(f"era '{draft.era}' is unknown; use one of: {', '.join(eras)}.")
    if draft.kind not in kinds:
        problems.append(f"kind '{draft.kind}' is unknown; use one of: {', '.join(kinds)}.")
    if draft.origin not in ORIGINS:
        problems.append(f"origin '{draft.origin}' is unknown; use one of: {', '.join(ORIGINS)}.")
    for lang in LANGUAGES:
        if not draft.title.get(lang, "").strip():
            problems.append(f"the {language_label(lang)} title is missing; pass --title-{lang}.")
    if draft.arxiv and draft.arxiv in existing.arxiv:
        owner = existing.arxiv[draft.arxiv]
        problems.append(
            f"arXiv {draft.arxiv} is already the entry '{owner}'; correct that entry instead of adding one."
        )
    return problems


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``: bare when YAML reads it back unchanged, else double-quoted."""
    try:
        plain = yaml.safe_load(value) == value and "#" not in value and ": " not in value
    except yaml.YAMLError:
        plain = False
    return value if plain and value.strip() == value else json.dumps(value, ensure_ascii=False)


def render_entry(draft: Draft) -> str:
    """The text of the new entry file."""
    lines = [
        "---",
        f"id: {draft.id}",
        f'date: "{draft.date}"',
        f"era: {draft.era}",
        f"kind: {draft.kind}",
        "title:",
        *(f"  {lang}: {_scalar(draft.title[lang])}" for lang in LANGUAGES),
    ]
    if draft.arxiv:
        lines.append(f'arxiv: "{draft.arxiv}"')
    lines += [
        f"origin: {draft.origin}",
        "tags: []        # lowercase-with-hyphens, e.g. [diffusion, text-to-image]",
        "builds_on: []   # ids of earlier milestones, e.g. [ddpm]",
        "---",
    ]
    for lang in LANGUAGES:
        lines += [f"<!-- lang: {lang} -->", PLACEHOLDER_TEXT[lang], ""]
    return "\n".join(lines)


def create_entry(milestones: Path, draft: Draft) -> Path:
    """Write ``<id>.md``; never overwrites (FileExistsError)."""
    path = milestones / f"{draft.id}.md"
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(render_entry(draft))
    return path
