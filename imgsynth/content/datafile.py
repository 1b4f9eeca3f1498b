"""One hardened reader for every YAML and JSON file the tools read.

Entries' front matter, eras, kinds, link exclusions, ``arxiv.json``, the link cache: every
file goes through :func:`read_bytes` (bounded, regular files only, symlinks only inside the
repository) and then :func:`parse_yaml` or :func:`parse_json`. Problems are raised as
:class:`DataError` with a 1-based line and a message that says how to fix it; the callers
add the file name (``FILE:LINE: message``).

What is refused, and why:

* a file larger than its limit (checked with ``fstat`` on the open file, and at most
  ``limit + 1`` bytes are ever read: a link to ``/dev/zero`` is not a regular file, and a
  file that grows while being read is caught);
* anything that is not a regular file (devices, FIFOs, folders), a dangling symbolic link,
  a symbolic link that leaves the repository;
* bytes that are not UTF-8, NUL and other control characters (tab and line breaks are fine),
  and in hand-written files the invisible bidirectional controls (U+202A–U+202E,
  U+2066–U+2069, U+200E, U+200F) that make text display differently from what it is;
* YAML anchors, aliases and merge keys (``&a``, ``*a``, ``<<:``: the road to a "billion
  laughs" file and never needed here), explicit tags (``!!python/...``), nesting deeper than
  a limit, too many nodes, keys that are not text (``1:``, ``yes:``, ``~:``) and repeated keys;
* JSON nested deeper than a limit, repeated keys, and numbers that are not finite.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from imgsynth.errors import EntryError, ImgsynthError, display_path

DEFAULT_LIMIT = 256 * 1024
"""Bytes: the limit for a hand-written file (an entry, ``eras.yaml``)."""

MAX_YAML_EVENTS = 20_000
MAX_DEPTH = 20

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
"""Characters that reorder the text around them: the displayed text is not what is stored."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")

_NAMES = {
    "\x00": "NUL",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
}


def character_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``, for messages about invisible characters."""
    name = _NAMES.get(char)
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


class DataError(ImgsynthError):
    """A problem at a line (1-based) of a data file; the caller knows which file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message

    def at(self, shown: str) -> EntryError:
        """This problem as ``FILE:LINE: message``."""
        return EntryError(shown, self.line, self.message)


# --- reading the bytes --------------------------------------------------------------------------


def read_bytes(
    path: Path,
    *,
    limit: int = DEFAULT_LIMIT,
    root: Path | None = None,
    noun: str = "it",
    shorten: str = "Shorten it or split it.",
) -> bytes:
    """The bytes of ``path``, read safely; raises DataError (line 1) or FileNotFoundError.

    ``root`` is the repository: a symbolic link is followed only when it stays inside it.
    An absent file (not a dangling link) raises FileNotFoundError so callers can decide.
    ``noun`` and ``shorten`` word the size message ("an entry may be at most…", the fix).
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise DataError(1, f"cannot read the file: {error.strerror}.") from None
    if stat.S_ISLNK(info.st_mode) or root is not None:
        check_symlink(path, root)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError(1, "the file disappeared while it was being read; run the command again.") from None
    except OSError as error:
        raise DataError(1, f"cannot read the file: {error.strerror}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError(1, "this is not a regular file (a device, a pipe or a folder); replace it with a file.")
        if info.st_size > limit:
            raise DataError(1, _too_large(info.st_size, limit, noun, shorten))
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        raw = b"".join(chunks)
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise DataError(1, _too_large(len(raw), limit, noun, shorten, growing=True))
    return raw


def _too_large(size: int, limit: int, noun: str, shorten: str, growing: bool = False) -> str:
    grew = " (it grew while being read)" if growing else ""
    more = "more than " if growing else ""
    return f"the file is {more}{size:,} bytes{grew}; {noun} may be at most {limit:,} bytes. {shorten}"


def check_symlink(path: Path, root: Path | None) -> None:
    """Refuse a dangling symbolic link, or a path that leads out of ``root`` (when given).

    With ``root``, links anywhere on the path count (a linked folder too).
    """
    resolved = Path(os.path.realpath(path))
    if resolved == Path(os.path.abspath(path)):
        return  # no link on the way
    target = os.readlink(path) if os.path.islink(path) else str(resolved)
    if not resolved.exists():
        raise DataError(
            1,
            f"this is a symbolic link to '{target}', which does not exist; remove the link or restore its target.",
        )
    if root is not None and not resolved.is_relative_to(Path(os.path.realpath(root))):
        raise DataError(
            1,
            f"this is a symbolic link to '{target}', outside the repository; "
            "put the file itself here (links may only point inside the repository).",
        )


# --- text ---------------------------------------------------------------------------------------


def decode(raw: bytes, *, bidi: bool = True) -> str:
    """UTF-8 text of ``raw`` without a BOM; refuses bad bytes and control characters with their line.

    ``bidi``: also refuse the bidirectional controls (hand-written files; machine-written
    JSON such as arXiv metadata keeps them, it is shown as text).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(line, f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8.") from None
    text = text.removeprefix("\ufeff")
    refuse_invisible(text, bidi=bidi)
    return text


def refuse_invisible(text: str, *, first_line: int = 1, bidi: bool = True) -> None:
    """Raise DataError for the first control (or, with ``bidi``, direction) character in ``text``."""
    match = _CONTROL.search(text)
    bidi_match = _BIDI.search(text) if bidi else None
    if bidi_match and (match is None or bidi_match.start() < match.start()):
        match = bidi_match
    if match is None:
        return
    line = first_line + text.count("\n", 0, match.start())
    char = match.group()
    if char in BIDI_CONTROLS:
        raise DataError(
            line,
            f"the invisible direction control {character_name(char)} changes how the text around it is "
            "displayed; delete it (retype the line if you cannot see it).",
        )
    raise DataError(
        line,
        f"the control character {character_name(char)} is not allowed; delete it "
        "(retype the line if you cannot see it).",
    )


# --- YAML ---------------------------------------------------------------------------------------


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that keeps dates as the strings the author wrote (precision matters)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_STR = "tag:yaml.org,2002:str"
_KEY_KINDS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "empty (null)",
}


@dataclass
class YamlDocument:
    """Parsed YAML plus the line of every value, keyed by its path (keys and list indexes)."""

    data: Any
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    text_lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    """Where the text of a block scalar (``key: |`` or ``key: >``) begins: the line after the key."""

    def text_line(self, path: tuple[Any, ...]) -> int:
        """The line where the text of the string at ``path`` begins."""
        return self.text_lines.get(tuple(path)) or self.line_of(path)

    def line_of(self, path: tuple[Any, ...], default: int = 1) -> int:
        """The line of the value at ``path``, or of its nearest parent."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, default)


def parse_yaml(
    text: str,
    *,
    first_line: int = 1,
    what: str = "this file",
    document: str = "this file",
    max_events: int = MAX_YAML_EVENTS,
    max_depth: int = MAX_DEPTH,
) -> YamlDocument:
    """Parse one YAML document safely; ``first_line`` is the file line of the text's first line.

    Messages say "… are not allowed in {what}" ("entries", "this file") and "{document} is
    nested too deeply" ("the front matter", "this file").
    """
    offset = first_line - 1
    _refuse_hostile_events(text, offset, what, document, max_events, max_depth)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise yaml_error(error, offset, text) from None
    except yaml.YAMLError as error:  # ReaderError and friends have no mark
        raise DataError(first_line, f"invalid YAML: {error}") from None
    if node is None:
        return YamlDocument(None, {})
    lines: dict[tuple[Any, ...], int] = {}
    text_lines: dict[tuple[Any, ...], int] = {}
    _check_nodes(node, (), lines, offset, what, text_lines)
    try:
        data = _Loader("").construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise yaml_error(error, offset) from None
    return YamlDocument(data, lines, text_lines)


def _refuse_hostile_events(text: str, offset: int, what: str, document: str, max_events: int, max_depth: int) -> None:
    depth = 0
    try:
        for count, event in enumerate(yaml.parse(text, Loader=_Loader)):
            line = event.start_mark.line + offset + 1
            if count > max_events:
                raise DataError(line, f"{document} is too large; keep it to the documented keys.")
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise DataError(
                    line,
                    f"YAML anchors and aliases ('&name', '*name') are not allowed in {what}; write the value out in full.",
                )
            tag = getattr(event, "tag", None)
            if tag and getattr(event, "implicit", (True,)) in (False, (False, False)):
                written = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
                raise DataError(line, f"YAML tags such as '{written}' are not allowed in {what}; remove it.")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise DataError(line, f"{document} is nested too deeply; keep to the documented keys.")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        raise yaml_error(error, offset, text) from None
    except yaml.YAMLError as error:
        raise DataError(offset + 1, f"invalid YAML: {error}") from None


def _check_nodes(
    node: yaml.Node,
    path: tuple[Any, ...],
    out: dict[tuple[Any, ...], int],
    offset: int,
    what: str,
    text_lines: dict[tuple[Any, ...], int],
) -> None:
    out[path] = node.start_mark.line + offset + 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        text_lines[path] = node.start_mark.line + offset + 2
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + offset + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DataError(line, f"YAML merge keys ('<<:') are not allowed in {what}; write the keys out in full.")
            if not isinstance(key_node, yaml.ScalarNode):
                raise DataError(line, "a key must be a single word, not a list or a mapping; write 'key: value'.")
            if key_node.tag != _STR:
                kind = _KEY_KINDS.get(key_node.tag, "not text")
                raise DataError(
                    line,
                    f"the key '{key_node.value}' is read as {kind}, not as text; keys must be words: "
                    f"rename it, or quote it ('\"{key_node.value}\":') if it is meant.",
                )
            if key_node.value in seen:
                raise DataError(
                    line,
                    f"the key '{key_node.value}' appears twice (first on line {seen[key_node.value]}); keep only one.",
                )
            seen[key_node.value] = line
            child = path + (key_node.value,)
            _check_nodes(value_node, child, out, offset, what, text_lines)
            out[child] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_nodes(item, path + (index,), out, offset, what, text_lines)


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


def yaml_error(error: yaml.MarkedYAMLError, offset: int, yaml_text: str = "") -> DataError:
    """A libyaml error as a DataError with the file line and a hint."""
    mark = error.problem_mark or error.context_mark
    line = (mark.line + offset + 1) if mark else offset + 1
    unclosed = _unclosed_quote(yaml_text, mark.line if mark else 0)
    if unclosed:
        quote_line, quote = unclosed
        return DataError(
            quote_line + offset + 1,
            f"invalid YAML: the quote {quote} opened on this line is never closed; "
            f"add the closing {quote} at the end of the value.",
        )
    problem = error.problem or "invalid YAML"
    context = f" {error.context}" if error.context else ""
    return DataError(
        line,
        f"invalid YAML:{context} {problem}. Check indentation, colons and quotes "
        "(quote values that contain ': ' or start with a special character).",
    )


# --- JSON ---------------------------------------------------------------------------------------


@dataclass
class JsonDocument:
    """Parsed JSON plus its text, to find the line of a key for messages."""

    data: Any
    text: str

    def line_of_key(self, *keys: str) -> int:
        """The line where the keys appear in this order (``"papers"``, then ``"1406.2661"``), else 1."""
        position = 0
        for key in keys:
            found = self.text.find(json.dumps(key, ensure_ascii=False) + ":", position)
            if found < 0:
                found = self.text.find(json.dumps(key) + ":", position)
            if found < 0:
                break
            position = found
        return self.text.count("\n", 0, position) + 1


def parse_json(text: str, *, max_depth: int = MAX_DEPTH) -> JsonDocument:
    """Parse JSON, refusing deep nesting, repeated keys and NaN/Infinity, with the line."""
    depth_line = _too_deep(text, max_depth)
    if depth_line:
        raise DataError(depth_line, f"the JSON is nested more than {max_depth} levels deep; this file never is.")

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise _BadConstant(name)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise DataError(error.lineno, f"not valid JSON: {error.msg} (column {error.colno}).") from None
    except _DuplicateKey as error:
        line = JsonDocument(None, text).line_of_key(error.key)
        raise DataError(line, f"the key '{error.key}' appears twice in one object; keep only one.") from None
    except _BadConstant as error:
        where = text.find(error.name)
        raise DataError(
            text.count("\n", 0, max(where, 0)) + 1, f"'{error.name}' is not a JSON number; write a number or null."
        ) from None
    return JsonDocument(data, text)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _BadConstant(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _too_deep(text: str, max_depth: int) -> int:
    """The line where nesting first exceeds ``max_depth`` (brackets outside strings), or 0."""
    depth = 0
    in_string = escaped = False
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return line
        elif char in "]}":
            depth -= 1
    return 0


# --- whole files --------------------------------------------------------------------------------


def load_yaml_file(
    path: Path, *, root: Path | None = None, limit: int = DEFAULT_LIMIT, what: str = "this file"
) -> YamlDocument:
    """Read and parse a hand-written YAML file; DataError (line) or FileNotFoundError."""
    return parse_yaml(decode(read_bytes(path, limit=limit, root=root)), what=what)


def load_json_file(
    path: Path, *, root: Path | None = None, limit: int = DEFAULT_LIMIT, bidi: bool = False, max_depth: int = MAX_DEPTH
) -> JsonDocument:
    """Read and parse a JSON file; DataError (line) or FileNotFoundError."""
    return parse_json(decode(read_bytes(path, limit=limit, root=root), bidi=bidi), max_depth=max_depth)


# --- folders ------------------------------------------------------------------------------------

EDITOR_FILES = re.compile(r"^(?:\.#.*|#.*#|.*~|\..*\.sw[a-p]|\.~lock\..*#|.*\.(?:orig|rej|bak|tmp))$")
"""Editor lock and backup files: Emacs ``.#x.md`` and ``#x.md#``, ``x.md~``, Vim ``.x.md.swp``,
LibreOffice ``.~lock.x#``, patch leftovers. Never content."""


def is_editor_file(name: str) -> bool:
    """True for a lock or backup file an editor leaves next to the file being edited."""
    return bool(EDITOR_FILES.match(name))


def content_files(folder: Path, suffix: str) -> Iterator[Path]:
    """The files of ``folder`` ending in ``suffix``, sorted; hidden and editor files are skipped.

    Symbolic links are listed (the reader refuses dangling ones or those leaving the repository).
    """
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        if name.endswith(suffix) and not name.startswith(".") and not is_editor_file(name):
            yield folder / name


def display(path: Path, root: Path | None) -> str:
    """The path as a contributor would type it (re-exported for the callers' messages)."""
    return display_path(path, root)


def link_problems(paths: Iterable[Path], root: Path) -> list[EntryError]:
    """``FILE:1`` problems for the paths that are dangling links or lead out of ``root``.

    For folders the site generator reads on its own (``docs/``): a link to ``/proc/self/environ``
    there would publish the build's environment.
    """
    problems = []
    for path in paths:
        try:
            check_symlink(path, root)
        except DataError as error:
            problems.append(error.at(display_path(path, root)))
    return problems
