"""Eras and kinds: data under ``content/``, loaded and checked like entries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from imgsynth.errors import EntryError, display_path
from imgsynth.languages import LANGUAGES


@dataclass(frozen=True)
class Term:
    """One era or kind, with its names (and for eras, span and summary) in each language."""

    id: str
    name: dict[str, str]
    span: str = ""
    summary: dict[str, str] | None = None


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
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            errors.append(EntryError(shown, 1, f"item {index + 1} needs an 'id'."))
            continue
        names = item.get("name") or {}
        missing = [lang for lang in LANGUAGES if not (isinstance(names, dict) and names.get(lang))]
        if missing:
            errors.append(EntryError(shown, 1, f"'{item['id']}' needs a name in: {', '.join(missing)}."))
            continue
        terms.append(
            Term(
                id=item["id"],
                name={lang: str(names[lang]) for lang in LANGUAGES},
                span=str(item.get("span", "")),
                summary=item.get("summary"),
            )
        )
    return terms, errors
