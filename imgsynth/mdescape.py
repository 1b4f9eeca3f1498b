"""Text from outside (a pull request, a web page, a server's answer) made inert in Markdown.

GitHub renders job summaries as Markdown with HTML, links, images and autolinks; anything a
pull request or a remote server controls must come out as the characters it is, nothing more.

* :func:`text` — for running text and table cells: ``& < > " '`` become HTML entities, every
  other ASCII punctuation character is backslash-escaped (so no emphasis, link, image, heading,
  table cell, autolink or emoji code can start), line breaks and tabs become spaces, and
  control or direction characters are shown as ``U+XXXX``.
* :func:`code` — a code span that cannot be closed early (the fence is longer than any run of
  backticks inside), with ``|`` escaped when it sits in a table.
* :func:`link` — a link only to http(s) addresses, the address percent-encoded where Markdown
  or HTML could read it otherwise; anything else is shown as text.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_PUNCTUATION = frozenset("!#$%()*+,-./:;=?@[\\]^_`{|}~")
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _visible(char: str) -> str | None:
    """How to show an invisible or line-breaking character, or None for an ordinary one."""
    if char in "\n\r\t\v\f\u2028\u2029\x85":
        return " "
    if char in _BIDI or unicodedata.category(char) == "Cc":
        return f"U+{ord(char):04X}"
    return None


def text(value: object) -> str:
    """``value`` as inert Markdown text (see the module)."""
    out = []
    for char in str(value):
        shown = _visible(char)
        if shown is not None:
            out.append(shown)
        elif char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def code(value: object, *, in_table: bool = False) -> str:
    """``value`` as a code span on one line; ``in_table``: ``|`` escaped for a table cell."""
    body = "".join(_visible(char) or char for char in str(value))
    if in_table:
        body = body.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    if body.startswith(("`", " ")) or body.endswith(("`", " ")) or not body:
        body = f" {body} "
    return f"{fence}{body}{fence}"


def link(label: object, url: str) -> str:
    """A Markdown link to an http(s) ``url`` with an inert label; other URLs are shown as text."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return text(label) if str(label) == url else f"{text(label)} ({text(url)})"
    target = quote(url, safe="/:?#[]@!$&'*+,;=%-._~")
    target = target.replace("'", "%27").replace("(", "%28").replace(")", "%29")
    return f"[{text(label)}](<{target}>)"
