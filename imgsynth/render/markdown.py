"""Small helpers for the contributor's Markdown prose."""

from __future__ import annotations

import markdown as _markdown
from markupsafe import Markup


def first_paragraph(prose: str) -> str:
    """The first paragraph of the prose, as written."""
    return prose.strip().split("\n\n", 1)[0].strip()


_renderer = _markdown.Markdown(output_format="html")


def inline_html(text: str) -> Markup:
    """Render one paragraph of the contributor's Markdown to HTML without the ``<p>``."""
    html = _renderer.reset().convert(text)
    if html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return Markup(html)
