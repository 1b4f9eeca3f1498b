"""Tags as data: ``content/tags.yaml`` names every tag in each language, like the eras and kinds.

The file is read and checked by :func:`imgsynth.content.vocabulary.load_terms` (the hardened
reader; unique lower-case ids, a name in every language, ``FILE:LINE`` for each problem). Every
tag an entry uses must be listed there: an unknown one is reported at its line in the entry, with
the closest known tag as a suggestion. Without a ``tags.yaml`` (a tiny test tree) tags are not
checked and show their ids.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from imgsynth.content.entries import Entry
from imgsynth.content.vocabulary import Term, load_terms
from imgsynth.errors import EntryError, display_path

TAGS_FILE = "tags.yaml"


def load_tags(content_dir: Path, root: Path | None = None) -> tuple[list[Term] | None, list[EntryError]]:
    """The tags of ``content_dir/tags.yaml`` and its problems; ``None`` when there is no such file."""
    path = content_dir / TAGS_FILE
    if not path.exists() and not path.is_symlink():
        return None, []
    return load_terms(path, root)


def tag_names(tags: Iterable[Term] | None, lang: str) -> dict[str, str]:
    """``{id: name in lang}``."""
    return {tag.id: tag.name[lang] for tag in tags or []}


def tag_problems(entries: Iterable[Entry], tags: list[Term], tags_shown: str) -> list[EntryError]:
    """One problem per unknown tag of an entry, at its line, with a suggestion."""
    known = [tag.id for tag in tags]
    problems = []
    for entry in entries:
        for tag in entry.tags:
            if tag in known:
                continue
            close = difflib.get_close_matches(tag, known, n=1, cutoff=0.6)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            problems.append(
                EntryError(
                    entry.source_path,
                    tag_line(entry.path, tag),
                    f"unknown tag '{tag}'. {hint}Use a tag listed in {tags_shown}, or add '{tag}' there "
                    "with its name in Chinese and English (zh, en).",
                )
            )
    return problems


def tag_line(path: Path, tag: str) -> int:
    """The line of ``tag`` in the front matter's ``tags:`` list (flow or block style), else of ``tags:``."""
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1
    word = re.compile(r"(?<![\w-])['\"]?" + re.escape(tag) + r"['\"]?(?![\w-])")
    start = next((i for i, line in enumerate(lines) if line.startswith("tags:")), None)
    if start is None:
        return 1
    if word.search(lines[start][5:]):
        return start + 1
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line and not line[0].isspace() and not line.startswith("-"):
            break  # the next top-level key
        if word.search(line):
            return index + 1
    return start + 1


def shown_path(content_dir: Path, root: Path | None) -> str:
    return display_path(content_dir / TAGS_FILE, root)
