"""What a contributor's text may contain: nothing that becomes active in a reader's browser.

Every string of the content goes through here during validation (``make check`` and every
build): the prose, annotation texts, titles, link labels and URLs, figure captions, source
titles, era and kind names and summaries. A problem is returned with its line, and the
loader reports it as ``FILE:LINE: message``. Refusing is the policy: nothing is silently
cleaned, so what a reviewer reads in the pull request is what readers get.

The rules (README "Security" lists the attacks they stop):

* **Invisible characters.** Control characters and the bidirectional controls (which make
  text display differently from what it is) are refused in every value, also when written as
  YAML escapes.
* **Raw HTML.** ``<`` directly followed by a letter, ``/``, ``!`` or ``?`` starts HTML for
  Markdown and for browsers. In Markdown text (prose, annotations) only these harmless inline
  tags are allowed, without attributes except ``title`` on ``abbr``: ``<sup>``, ``<sub>``,
  ``<kbd>``, ``<br>``, ``<abbr title="…">``; and autolinks ``<https://…>``. Everywhere else
  (titles, names, labels, captions) text is plain: no tag at all. HTML comments are refused
  too (the ``<!-- lang: xx -->`` markers are lines of their own that the loader consumes).
  The rule applies inside code as well: it is checked on the text as written, so no
  difference between our reading of Markdown and Markdown's own can let a tag through.
  Write ``&lt;`` or put a space after ``<``.
* **Attribute lists.** The site's Markdown reads ``{: …}``, ``{#id}``, ``{.class}``,
  ``{ onclick=… }`` as HTML attributes (attr_list, which the site's own templates use for
  heading ids). Markdown text (prose, annotations) may not contain ``{`` at all; write ( ) or
  the full-width ｛ ｝. Plain-text values may: the templates escape them (``|md`` in
  Markdown, autoescaping in HTML), which the hostile-content tests prove.
* **URLs.** Every link and image Markdown would make from the text, and every reference
  definition (``[x]: url``, which may be used from another text on the same page), must be
  ``http(s)://host/…`` without a user name or password, or site-relative (``../gan/``,
  ``#anchor``); images only site-relative. Browsers ignore tabs and line breaks inside a URL
  and decode entities in attributes, so ``jav&#x61;script:``, ``java\\nscript:`` and
  ``JaVaScRiPt:`` are all ``javascript:`` here too. ``//host`` and backslashes are refused
  (browsers read ``/\\host`` as another host).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown

from imgsynth.content.datafile import DataError, refuse_invisible

ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "sup": frozenset(),
    "sub": frozenset(),
    "kbd": frozenset(),
    "br": frozenset(),
    "abbr": frozenset({"title"}),
}
"""Inline tags allowed in Markdown text, with the attributes each may carry."""

ALLOWED_LIST = ", ".join('<abbr title="…">' if tag == "abbr" else f"<{tag}>" for tag in ALLOWED_TAGS)

URL_SCHEMES = ("http", "https")

_MARKUP_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<([Hh][Tt][Tt][Pp][Ss]?://[^<>\s]*)>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_LINK_HINTS = ("](", "]:")
_URL_INVISIBLE = re.compile(r"[\t\n\r]")
_URL_EDGE = "".join(chr(c) for c in range(0x21)) + "\x7f"
_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://([^/?#]*)")


@dataclass(frozen=True)
class TextProblem:
    """A problem at ``line`` of the file."""

    line: int
    message: str


def markdown_problems(text: str, first_line: int, where: str) -> list[TextProblem]:
    """Problems of a Markdown text (prose, annotation) whose first line is ``first_line``."""
    problems = _invisible_problems(text, first_line, where)
    problems += _markup_problems(text, first_line, where, allowed=ALLOWED_TAGS)
    problems += _brace_problems(text, first_line, where)
    problems += _url_problems(text, first_line, where)
    return problems


def plain_text_problems(text: str, line: int, where: str) -> list[TextProblem]:
    """Problems of a plain-text value (title, name, label, caption) written at ``line``."""
    problems = _invisible_problems(text, line, where)
    problems += _markup_problems(text, line, where, allowed={})
    problems += _url_problems(text, line, where)
    return problems


def _invisible_problems(text: str, first_line: int, where: str) -> list[TextProblem]:
    """Control and direction characters written as YAML escapes (``"\\u202e"``) reach the value
    without being in the file's bytes, which the reader checks; check the value too."""
    try:
        refuse_invisible(text, first_line=first_line)
    except DataError as error:
        return [TextProblem(error.line, f"{where}: {error.message}")]
    return []


# --- raw HTML -----------------------------------------------------------------------------------


class _OneTag(HTMLParser):
    """Parses one ``<…>`` snippet; records what the standard library's HTML parser saw."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, []))

    def handle_comment(self, data):
        self.events.append(("comment", data, []))

    def handle_decl(self, decl):
        self.events.append(("other", decl, []))

    def handle_pi(self, data):
        self.events.append(("other", data, []))

    def unknown_decl(self, data):
        self.events.append(("other", data, []))

    def handle_data(self, data):
        if data:
            self.events.append(("data", data, []))


def _line_at(text: str, position: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, position)


def _markup_problems(text: str, first_line: int, where: str, allowed: dict[str, frozenset[str]]) -> list[TextProblem]:
    problems: list[TextProblem] = []
    reported: set[str] = set()
    position = 0
    while True:
        match = _MARKUP_START.search(text, position)
        if match is None:
            return problems
        start = match.start()
        line = _line_at(text, start, first_line)
        position = start + 1
        if text.startswith("<!--", start):
            end = text.find("-->", start)
            position = end + 3 if end >= 0 else len(text)
            problems.append(
                TextProblem(
                    line,
                    f"{where}: HTML comments are not allowed here; remove it "
                    "(notes for reviewers belong in the pull request; the only comments are "
                    "the '<!-- lang: xx -->' markers, each on a line of its own).",
                )
            )
            continue
        autolink = _AUTOLINK.match(text, start)
        if autolink and allowed:
            position = autolink.end()
            reason = url_problem(autolink.group(1))
            if reason:
                problems.append(TextProblem(line, f"{where}: the link <{autolink.group(1)}> {reason}"))
            continue
        end = text.find(">", start)
        if end < 0 or "<" in text[start + 1 : end]:
            snippet = text[start : start + 20].split("\n")[0]
            problems.append(
                TextProblem(
                    line,
                    f"{where}: '{snippet}' starts an HTML tag that is never closed; "
                    "write '&lt;' for a literal '<', or put a space after it.",
                )
            )
            continue
        position = end + 1
        parser = _OneTag()
        parser.feed(text[start : end + 1])
        parser.close()
        events = parser.events
        kind, name, attrs = events[0] if len(events) == 1 else ("other", text[start + 1 : end], [])
        if kind == "end" and name in reported:
            continue  # '</script>' after '<script>': one problem is enough
        problem = _tag_problem(kind, name, attrs, allowed, where, text[start : end + 1])
        if problem:
            reported.add(name)
            problems.append(TextProblem(line, problem))


def _tag_problem(
    kind: str, name: str, attrs: list[tuple[str, str | None]], allowed: dict[str, frozenset[str]], where: str, raw: str
) -> str | None:
    shown = raw if len(raw) <= 60 else raw[:57] + "…"
    if kind not in ("start", "end"):
        return f"{where}: '{shown}' is not allowed; remove it (write '&lt;' for a literal '<')."
    if name not in allowed:
        if not allowed:
            return (
                f"{where}: this is plain text; remove the HTML tag '{shown}' "
                "(write '&lt;' for a literal '<', or put a space after it)."
            )
        if name == "a":
            hint = "write a Markdown link instead: [text](https://…)."
        elif name == "img":
            hint = "add the image as a figure instead (figures: in the front matter, file in content/figures/)."
        else:
            hint = "write Markdown instead."
        return f"{where}: raw HTML '{shown}' is not allowed; {hint} Allowed tags: {ALLOWED_LIST}."
    extra = [key for key, _ in attrs if key not in allowed[name]]
    if extra:
        keep = ' title="…"' if allowed[name] else ""
        return f"{where}: '{shown}' may not have the attribute{'s' if len(extra) > 1 else ''} {', '.join(extra)}; write <{name}{keep}>."
    return None


# --- attribute lists ----------------------------------------------------------------------------


def _brace_problems(text: str, first_line: int, where: str) -> list[TextProblem]:
    position = text.find("{")
    if position < 0:
        return []
    return [
        TextProblem(
            _line_at(text, position, first_line),
            f"{where}: curly braces are not allowed: the site's Markdown reads '{{…}}' as HTML "
            "attributes. Use ( ) or the full-width ｛ ｝ instead.",
        )
    ]


# --- URLs ---------------------------------------------------------------------------------------


def normalise_url(url: str) -> str:
    """The URL as a browser reads an ``href``: entities decoded, tabs and line breaks removed,
    leading and trailing spaces and control characters stripped."""
    return _URL_INVISIBLE.sub("", html.unescape(url)).strip(_URL_EDGE)


def url_problem(url: str, *, image: bool = False) -> str | None:
    """Why ``url`` may not be a link (or with ``image``, an image) of the site, or None when it may.

    The reason continues a sentence: "… the link X {reason}".
    """
    clean = normalise_url(url)
    scheme = _SCHEME.match(clean)
    if scheme:
        name = scheme.group(1).lower()
        if name not in URL_SCHEMES:
            return f"uses '{name}:'; links may only be https://, http:// or relative to the site."
        if image:
            return "is an image from another site; add it as a figure instead (figures: in the front matter)."
        authority = _AUTHORITY.match(clean)
        if authority is None or not authority.group(1):
            return "has no host; write the full address, https://host/path."
        if "@" in authority.group(1):
            return "contains a user name or password ('user:password@'); remove it."
        if "\\" in clean:
            return "contains a backslash; write '/' or percent-encode it (%5C)."
        return None
    if clean.startswith(("//", "/\\", "\\")) or "\\" in clean:
        return "starts with '//' or contains a backslash, which browsers read as another host; write https://host/path."
    if ":" in clean.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return "looks like a scheme ('name:'); links may only be https://, http:// or relative to the site."
    return None


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """Markdown as the site reads content, minus the extensions content may not use."""
    return markdown.Markdown(
        extensions=[
            "abbr",
            "admonition",
            "def_list",
            "footnotes",
            "tables",
            "pymdownx.details",
            "pymdownx.superfences",
        ],
        output_format="html",
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (attribute, value)

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value is not None and key in ("href", "src", "srcset", "action", "formaction", "poster", "cite"):
                self.urls.append(("src" if tag == "img" and key == "src" else key, value))

    handle_startendtag = handle_starttag


def _url_problems(text: str, first_line: int, where: str) -> list[TextProblem]:
    """Every link, image and reference definition Markdown makes from ``text``."""
    if not any(hint in text for hint in _LINK_HINTS):
        return []  # no Markdown link, image or definition can come from this text
    md = _markdown()
    rendered = md.reset().convert(text)
    found: list[tuple[str, bool, str]] = []  # (url, is_image, where it is written)
    collector = _Links()
    collector.feed(rendered)
    collector.close()
    for attribute, value in collector.urls:
        if value.startswith("#fnref:") or value.startswith("#fn:"):
            continue  # footnotes
        found.append((value, attribute == "src", value))
    for name, (url, _title) in md.references.items():
        found.append((url, False, f"[{name}]:"))
    problems = []
    seen: set[tuple[str, bool]] = set()
    for url, image, needle in found:
        if (url, image) in seen:
            continue
        seen.add((url, image))
        reason = url_problem(url, image=image)
        if reason:
            kind = "image" if image else "link"
            shown = url if len(url) <= 60 else url[:57] + "…"
            shown = shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
            problems.append(
                TextProblem(_line_of(text, needle, url, first_line), f"{where}: the {kind} '{shown}' {reason}")
            )
    return problems


def _line_of(text: str, needle: str, url: str, first_line: int) -> int:
    """The line where ``needle`` (or the URL as written) appears; the first line when not found."""
    for candidate in (needle, url, url.split(":", 1)[0] + ":"):
        position = text.find(candidate)
        if position >= 0:
            return _line_at(text, position, first_line)
    lowered = text.lower()
    scheme = normalise_url(url).split(":", 1)[0].lower()
    for token in ("](", "]:"):
        position = lowered.find(token)
        if position >= 0 and scheme:
            return _line_at(text, position, first_line)
    return first_line
