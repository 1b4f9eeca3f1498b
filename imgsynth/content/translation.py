"""Translation status: which version of the shared facts each language's prose was written against.

Each entry may record, per language, an 8-hex-digit hash in its front matter::

    translation: {zh: "1a2b3c4d", en: "5e6f7a8b"}

The hash recorded for language L is :func:`expected_hash` at the moment an author confirmed
that L is up to date. It covers

- the **facts**: the whole front matter except ``translation`` itself, as parsed (so key order,
  quoting and comments do not matter, any changed value does), serialised as canonical JSON;
- the **other language's prose** (the text below its ``<!-- lang: xx -->`` marker, with trailing
  spaces removed).

So L becomes *stale* when a fact changes or when the other language's prose is edited; editing
L's own prose never makes L stale. A language with no recorded hash is *missing*. Recording is
done by :mod:`imgsynth.authoring.record` (``make translated ID=<id> [LANG=<lang>]``), which
rewrites only the ``translation:`` line of the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from imgsynth.content.entries import Entry
from imgsynth.languages import LANGUAGES
from imgsynth.languages import label as language_label
from imgsynth.languages import other as other_language

TRANSLATION_KEY = "translation"
CURRENT, STALE, MISSING = "current", "stale", "missing"


def facts_of(front_matter: Mapping[str, Any]) -> dict[str, Any]:
    """The shared facts: the front matter minus the tooling's ``translation`` record."""
    return {key: value for key, value in front_matter.items() if key != TRANSLATION_KEY}


def normalise_prose(text: str) -> str:
    """Prose as hashed: trailing spaces and surrounding blank lines do not count."""
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _as_text(value: Any) -> Any:
    """Numbers as the text the validation reads them as (``date: 2006`` is the date "2006")."""
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def expected_hash(front_matter: Mapping[str, Any], prose: Mapping[str, str], lang: str) -> str:
    """The hash language ``lang`` records: facts plus the other language's prose."""
    other = other_language(lang)
    facts = json.dumps(_as_text(facts_of(front_matter)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    payload = f"{facts}\n{other}\n{normalise_prose(prose.get(other, ''))}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class LanguageStatus:
    """Where one language of one entry stands."""

    entry_id: str
    lang: str
    state: str
    recorded: str
    expected: str


def entry_status(entry: Entry) -> dict[str, LanguageStatus]:
    """Per language: current, stale or missing."""
    result = {}
    for lang in LANGUAGES:
        recorded = entry.translation.get(lang, "")
        expected = expected_hash(entry.facts, entry.prose, lang)
        state = MISSING if not recorded else CURRENT if recorded == expected else STALE
        result[lang] = LanguageStatus(entry.id, lang, state, recorded, expected)
    return result


def problems(entries: Iterable[Entry]) -> list[tuple[Entry, LanguageStatus]]:
    """Every (entry, language) that is stale or missing, in the order of ``entries``."""
    found = []
    for entry in entries:
        for status in entry_status(entry).values():
            if status.state != CURRENT:
                found.append((entry, status))
    return found


def warning_text(entry: Entry, status: LanguageStatus) -> str:
    """What ``make check`` prints for a stale language."""
    label = language_label(status.lang)
    other = language_label(other_language(status.lang))
    return (
        f"{entry.source_path}: the {label} translation may be out of date (the facts or the {other} prose "
        f"changed since it was recorded); update the {label} prose, then run: "
        f"make translated ID={entry.id} LANG={status.lang}"
    )


def missing_text(entry: Entry, langs: list[str]) -> str:
    """What ``make check`` prints for languages without a record."""
    names = " and ".join(language_label(lang) for lang in langs)
    command = f"make translated ID={entry.id}" + (f" LANG={langs[0]}" if len(langs) == 1 else "")
    return f"{entry.source_path}: no translation record for the {names} prose; once it is up to date, run: {command}"


def warnings(entries: Iterable[Entry]) -> list[str]:
    """One line per stale language, one per entry for the languages without a record."""
    lines = []
    for entry in entries:
        statuses = entry_status(entry).values()
        missing = [status.lang for status in statuses if status.state == MISSING]
        if missing:
            lines.append(missing_text(entry, missing))
        lines += [warning_text(entry, status) for status in statuses if status.state == STALE]
    return lines
