"""Small helpers for the contributor's Markdown prose."""

from __future__ import annotations

import markdown as _markdown
from markupsafe import Markup

from imgsynth.content.sources import strip_markers


def first_paragraph(prose: str) -> str:
    """The first paragraph of the prose, as written but without its footnote markers ``[^id]``.

    It is the summary shown away from the entry page's notes (timeline, description, feeds,
    ``timeline.json``), where a marker would be a dangling ``[^id]``.
    """
    return strip_markers(prose.strip().split("\n\n", 1)[0]).strip()


_renderer = _markdown.Markdown(output_format="html")


def inline_html(text: str) -> Markup:
    """Render one paragraph of the contributor's Markdown to HTML without the ``<p>``."""
    html = _renderer.reset().convert(text)
    if html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return Markup(html)
