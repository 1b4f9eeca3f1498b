"""Read an entry file: safe, bounded YAML front matter with line numbers, then the body.

A site generator silently drops front matter it cannot parse; we parse it ourselves so every
mistake is reported with its line. Anchors and aliases are refused outright (they are
never needed in an entry and are the way to a "billion laughs" file), files are size
limited, and bytes that are not UTF-8 are reported with their line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from imgsynth.errors import ImgsynthError

MAX_FILE_BYTES = 256 * 1024
MAX_YAML_EVENTS = 20_000
MAX_YAML_DEPTH = 20


class FrontMatterError(ImgsynthError):
    """A problem at a line of the file (1-based)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _StringDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that keeps dates as the strings the author wrote (precision matters)."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """An entry file split into its parts, with line numbers for the front matter."""

    data: dict[str, Any]
    body: str
    body_start_line: int
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    end_line: int = 1

    def line_of(self, path: tuple[Any, ...]) -> int:
        """The line of the value at ``path`` (keys and list indexes), or of its nearest parent."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 2)


def decode(raw: bytes) -> str:
    """UTF-8 text of ``raw``, or a FrontMatterError naming the line of the first bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        raise FrontMatterError(
            1,
            f"the file is {len(raw):,} bytes; an entry may be at most {MAX_FILE_BYTES:,} bytes. "
            "Shorten the prose or split it into several entries.",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FrontMatterError(
            line,
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8.",
        ) from None
    return text.removeprefix("\ufeff")


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
    offset = 1  # YAML line 0 is file line 2 (1-based)
    _refuse_hostile_yaml(yaml_text, offset)
    try:
        node = yaml.compose(yaml_text, Loader=_StringDatesLoader)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, offset, yaml_text) from None
    if node is None:
        raise FrontMatterError(2, "the front matter is empty; see CONTRIBUTING for the keys.")
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            node.start_mark.line + offset + 1,
            "the front matter must be a mapping of 'key: value' lines.",
        )
    loader = _StringDatesLoader("")
    try:
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, offset) from None
    positions: dict[tuple[Any, ...], int] = {}
    _record_lines(node, (), positions, offset)
    body_lines = lines[closing + 1 :]
    return Document(
        data=data,
        body="\n".join(body_lines),
        body_start_line=closing + 2,
        lines=positions,
        end_line=max(1, len(lines) - 1 if text.endswith("\n") else len(lines)),
    )


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s'"#][^:#]*:\s+)?(?P<quote>["'])(?P<rest>.*)$""")


def _unclosed_quote(yaml_text: str, last_line: int) -> tuple[int, str] | None:
    """The first line (0-based, up to ``last_line``) whose quoted value is not closed on it."""
    for index, line in enumerate(yaml_text.split("\n")[: last_line + 1]):
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote, rest = match.group("quote"), match.group("rest")
        closed = re.search(r'(?<!\\)"', rest) if quote == '"' else "'" in rest.replace("''", "")
        if not closed:
            return index, quote
    return None


def _yaml_error(error: yaml.MarkedYAMLError, offset: int, yaml_text: str = "") -> FrontMatterError:
    mark = error.problem_mark or error.context_mark
    line = (mark.line + offset + 1) if mark else offset + 1
    unclosed = _unclosed_quote(yaml_text, mark.line if mark else 0)
    if unclosed:
        quote_line, quote = unclosed
        return FrontMatterError(
            quote_line + offset + 1,
            f"invalid YAML: the quote {quote} opened on this line is never closed; "
            f"add the closing {quote} at the end of the value.",
        )
    problem = error.problem or "invalid YAML"
    context = f" {error.context}" if error.context else ""
    return FrontMatterError(
        line,
        f"invalid YAML:{context} {problem}. Check indentation, colons and quotes "
        "(quote values that contain ': ' or start with a special character).",
    )


def _refuse_hostile_yaml(yaml_text: str, offset: int) -> None:
    """Reject anchors, aliases, tags, deep nesting and oversized documents before building."""
    depth = 0
    try:
        for count, event in enumerate(yaml.parse(yaml_text, Loader=_StringDatesLoader)):
            line = event.start_mark.line + offset + 1
            if count > MAX_YAML_EVENTS:
                raise FrontMatterError(line, "the front matter is too large; keep it to the documented keys.")
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise FrontMatterError(
                    line,
                    "YAML anchors and aliases ('&name', '*name') are not allowed in entries; "
                    "write the value out in full.",
                )
            tag = getattr(event, "tag", None)
            if tag and getattr(event, "implicit", (True,)) in (False, (False, False)):
                written = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
                raise FrontMatterError(line, f"YAML tags such as '{written}' are not allowed in entries; remove it.")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise FrontMatterError(line, "the front matter is nested too deeply; keep to the documented keys.")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, offset, yaml_text) from None


def _record_lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int], offset: int) -> None:
    out[path] = node.start_mark.line + offset + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + offset + 1
            if key_node.value in seen:
                raise FrontMatterError(
                    line,
                    f"the key '{key_node.value}' appears twice (first on line {seen[key_node.value]}); keep only one.",
                )
            seen[key_node.value] = line
            child = path + (key_node.value,)
            _record_lines(value_node, child, out, offset)
            out[child] = key_node.start_mark.line + offset + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), out, offset)
