"""The checks every YAML list of records shares (eras, kinds, glossary terms): the file is read with
the hardened reader and holds a list; each item is a mapping with a unique lower-case ``id`` and no
keys but the allowed ones. :class:`RecordFile` reads such a file and collects its problems with
their lines; :func:`record_id` checks one item."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imgsynth.content import datafile
from imgsynth.content.datafile import DataError, YamlDocument
from imgsynth.content.html_policy import plain_text_problems
from imgsynth.errors import EntryError, display_path

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

Problem = Callable[[tuple[Any, ...], str], None]


@dataclass
class RecordFile:
    """A YAML list of records being checked: the file as shown in messages, its parsed document
    (None when it could not be read or is not a list) and every problem found, with its line."""

    shown: str
    document: YamlDocument | None
    errors: list[EntryError] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    """The ids met so far, with their lines."""

    @classmethod
    def read(cls, path: Path, root: Path | None, *, limit: int, expected: str, missing: str = "") -> RecordFile:
        """Read ``path``; ``expected`` is the message when it holds no list, ``missing`` the one when
        it does not exist (empty: an absent file is no problem and holds no records)."""
        shown = display_path(path, root)
        try:
            document = datafile.load_yaml_file(path, root=root, limit=limit, what="this file")
        except FileNotFoundError:
            return cls(shown, None, [EntryError(shown, 1, missing)] if missing else [])
        except DataError as error:
            return cls(shown, None, [error.at(shown)])
        if not isinstance(document.data, list):
            return cls(shown, None, [EntryError(shown, document.line_of(()), expected)])
        return cls(shown, document)

    def line_of(self, where: tuple[Any, ...]) -> int:
        return self.document.line_of(where) if self.document else 1

    def problem(self, where: tuple[Any, ...], message: str) -> None:
        self.errors.append(EntryError(self.shown, self.line_of(where), message))

    def check_plain_text(self, where: tuple[Any, ...], text: str, label: str) -> None:
        """Report markup in ``text`` (a value that is shown as plain text), at its line."""
        for found in plain_text_problems(text, self.line_of(where), label):
            self.errors.append(EntryError(self.shown, found.line, found.message))

    def records(self, *, keys: tuple[str, ...], noun: str, example: str) -> Iterator[tuple[int, dict[str, Any], str]]:
        """Each item with a valid, unique id, as ``(index, item, id)``; the others are reported."""
        for index, item in enumerate(self.document.data if self.document else []):
            record = record_id(
                item,
                index,
                seen=self.seen,
                line_of=self.line_of,
                keys=keys,
                problem=self.problem,
                noun=noun,
                example=example,
            )
            if record is not None:
                yield index, item, record


def record_id(
    item: Any,
    index: int,
    *,
    seen: dict[str, int],
    line_of: Callable[[tuple[Any, ...]], int],
    keys: tuple[str, ...],
    problem: Problem,
    noun: str,
    example: str,
) -> str | None:
    """The id of record ``index``, or None when it has no valid, unique id (reported to ``problem``).

    ``seen`` maps the ids met so far to their lines and gains this one; an unknown key is reported
    (with the closest allowed key) but keeps the id. ``noun`` names an item in the messages
    (``term 3 needs an 'id'``) and ``example`` is a valid id for this file.
    """
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        problem((index,), f"{noun} {index + 1} needs an 'id'.")
        return None
    record = item["id"]
    if not ID.fullmatch(record):
        problem((index, "id"), f"id '{record}' must be lower-case words joined by hyphens, e.g. '{example}'.")
        return None
    if record in seen:
        problem((index, "id"), f"the id '{record}' is already used on line {seen[record]}; ids must be unique.")
        return None
    seen[record] = line_of((index, "id"))
    for key in item:
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else f" Allowed keys: {', '.join(keys)}."
            problem((index, key), f"unknown key '{key}' in '{record}'.{hint}")
    return record
