"""The checks every YAML list of records shares (eras, kinds, glossary terms): each item is a
mapping with a unique lower-case ``id`` and no keys but the allowed ones."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

Problem = Callable[[tuple[Any, ...], str], None]


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
