"""Read an entry file: safe, bounded YAML front matter with line numbers, then the body.

A site generator silently drops front matter it cannot parse; we parse it ourselves so every
mistake is reported with its line. The file is read and parsed by the one hardened reader of
data files (:mod:`imgsynth.content.datafile`): size limited before reading, regular files
only, UTF-8 without control or direction characters, no anchors, aliases, merge keys or tags
(the way to a "billion laughs" file), keys that are text, bounded depth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imgsynth.content import datafile
from imgsynth.content.datafile import DataError

MAX_FILE_BYTES = 256 * 1024
MAX_YAML_EVENTS = datafile.MAX_YAML_EVENTS
MAX_YAML_DEPTH = datafile.MAX_DEPTH

FrontMatterError = DataError
"""A problem at a line of the file (1-based): ``.line`` and ``.message``."""


@dataclass
class Document:
    """An entry file split into its parts, with line numbers for the front matter."""

    data: dict[str, Any]
    body: str
    body_start_line: int
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    end_line: int = 1
    text_lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    """Where the text of a block scalar (``zh: |``) begins."""

    def text_line(self, path: tuple[Any, ...]) -> int:
        """The line where the text of the string at ``path`` begins."""
        return self.text_lines.get(tuple(path)) or self.line_of(path)

    def line_of(self, path: tuple[Any, ...]) -> int:
        """The line of the value at ``path`` (keys and list indexes), or of its nearest parent."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 2)


def read_entry(path: Path, root: Path | None = None) -> Document:
    """Read and parse an entry file safely (see :func:`datafile.read_bytes`); FrontMatterError or OSError."""
    return parse(
        datafile.read_bytes(
            path,
            limit=MAX_FILE_BYTES,
            root=root,
            noun="an entry",
            shorten="Shorten the prose or split it into several entries.",
        )
    )


def decode(raw: bytes) -> str:
    """UTF-8 text of ``raw``, or a FrontMatterError naming the line of the first bad byte or character."""
    if len(raw) > MAX_FILE_BYTES:
        raise FrontMatterError(
            1,
            f"the file is {len(raw):,} bytes; an entry may be at most {MAX_FILE_BYTES:,} bytes. "
            "Shorten the prose or split it into several entries.",
        )
    return datafile.decode(raw)


def parse(raw: bytes) -> Document:
    """Split and parse an entry file. Raises FrontMatterError with a 1-based line."""
    text = decode(raw)
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise FrontMatterError(1, "the file must start with a line '---' that opens the YAML front matter.")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            closing = index
            break
    else:
        raise FrontMatterError(
            1,
            "the front matter opened by '---' on this line is never closed; add a line '---' after the last key.",
        )
    yaml_text = "\n".join(lines[1:closing])
    document = datafile.parse_yaml(
        yaml_text,
        first_line=2,
        what="entries",
        document="the front matter",
        max_events=MAX_YAML_EVENTS,
        max_depth=MAX_YAML_DEPTH,
    )
    if document.data is None:
        raise FrontMatterError(2, "the front matter is empty; see CONTRIBUTING for the keys.")
    if not isinstance(document.data, dict):
        raise FrontMatterError(document.line_of(()), "the front matter must be a mapping of 'key: value' lines.")
    return Document(
        data=document.data,
        body="\n".join(lines[closing + 1 :]),
        body_start_line=closing + 2,
        lines=document.lines,
        text_lines=document.text_lines,
        end_line=max(1, len(lines) - 1 if text.endswith("\n") else len(lines)),
    )
