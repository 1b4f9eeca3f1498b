"""Record a translation: write the ``translation:`` line of an entry file (``make translated``).

The hash each language records is :func:`imgsynth.content.translation.expected_hash`; only that
one line of the file is rewritten, every other byte stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from imgsynth.content.entries import Entry
from imgsynth.content.translation import expected_hash
from imgsynth.languages import LANGUAGES

_TRANSLATION_LINE = re.compile(r"^translation\s*:")


def translation_line(hashes: Mapping[str, str]) -> str:
    """The one front-matter line the tooling writes (values quoted: '12345678' is not a number)."""
    items = ", ".join(f'{lang}: "{hashes[lang]}"' for lang in LANGUAGES if hashes.get(lang))
    return f"translation: {{{items}}}"


def with_translation(text: str, hashes: Mapping[str, str]) -> str:
    """``text`` of an entry file with its ``translation:`` record replaced (or added at the end of
    the front matter). Every other line stays byte for byte as it was."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ValueError("the file does not start with '---' front matter")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if closing is None:
        raise ValueError("the front matter is never closed with '---'")
    start = next((i for i in range(1, closing) if _TRANSLATION_LINE.match(lines[i])), None)
    new_line = translation_line(hashes)
    if start is None:
        return "\n".join(lines[:closing] + [new_line] + lines[closing:])
    end = start + 1
    while end < closing and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    return "\n".join(lines[:start] + [new_line] + lines[end:])


def record(entry: Entry, langs: Iterable[str]) -> dict[str, str]:
    """Record ``langs`` of ``entry`` as up to date; rewrites its file. Returns the new record."""
    hashes = dict(entry.translation)
    for lang in langs:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language '{lang}'; use one of: {', '.join(LANGUAGES)}")
        hashes[lang] = expected_hash(entry.facts, entry.prose, lang)
    path: Path = entry.path
    text = path.read_text(encoding="utf-8")
    updated = with_translation(text, hashes)
    if updated != text:
        path.write_text(updated, encoding="utf-8", newline="")
    return hashes
