"""An entry's sources as numbered notes: Markdown footnote definitions written from the data.

The prose cites a source with ``[^id]`` (:mod:`imgsynth.content.sources`); this writes one
definition per cited source, ``[^id]: [title](url), publisher, date``, in the order the page's
language first cites them (Python-Markdown numbers the notes in the order of their
definitions), with the date in the page's language. The notes are placed where the entry
template puts :data:`PLACE_MARKER` (Python-Markdown's footnotes extension, default marker).
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from imgsynth.content.dates import PartialDate
from imgsynth.content.entries import Annotation, Entry
from imgsynth.content.sources import cited_ids
from imgsynth.render import markdown_escape

PLACE_MARKER = "///Footnotes Go Here///"
"""Where the footnotes extension puts the notes (its ``PLACE_MARKER`` setting, left at its default)."""

_SEPARATOR = {"zh": "，"}


def note_definitions(entry: Entry, lang: str) -> str:
    """The footnote definitions of the sources ``entry``'s prose cites in ``lang``, in citation order."""
    by_id = {source.id: source for source in entry.sources}
    separator = _SEPARATOR.get(lang, ", ")
    lines = []
    for source_id in cited_ids(entry.prose[lang]):
        source = by_id.get(source_id)
        if source is None:  # the loader refuses this; never write a note without its source
            continue
        parts = [f"[{_text(source.title)}](<{source.url}>)"]
        if source.publisher:
            parts.append(_text(source.publisher))
        if source.date:
            parts.append(PartialDate.parse(source.date).display(lang))
        lines.append(f"[^{source_id}]: " + separator.join(parts))
    return "\n".join(lines)


def _text(value: str) -> str:
    """Contributor's text as inert Markdown: HTML-escaped, then Markdown punctuation escaped."""
    return markdown_escape(str(escape(value)))


LINK_LABEL_LIMIT = 60
"""Characters of a source link's text before it is cut with '…' (the link itself is whole)."""


def link_label(url: str, limit: int = LINK_LABEL_LIMIT) -> str:
    """The text shown for a bare source URL: without ``https://`` and ``www.``, cut at ``limit``."""
    text = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def annotation_view(annotation: Annotation, lang: str) -> dict[str, Any]:
    """A correction as the templates show it: text, (label, url) of its sources, date added."""
    date = PartialDate.parse(annotation.date) if annotation.date else None
    return {
        "text": annotation.text[lang],
        "sources": [(link_label(url), url) for url in annotation.sources],
        "date": date.display(lang) if date else "",
        "iso": date.iso() if date else "",
    }
