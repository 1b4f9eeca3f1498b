"""The home page's list of the site's sections, from the navigation: one click to each.

Material shows the navigation tabs only on wide screens (a phone gets a drawer behind the menu
button), so each language's home page carries the reader's sections as plain links where
``<!-- sections -->`` stands in ``docs/index*.md``: every top-level page of the navigation
(Annotations, Data, Credits, About...) except the page itself. Sections with sub-pages (the
maintainers' "Contribute") stay in the navigation only.
"""

from __future__ import annotations

from html import escape

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

MARKER = "<!-- sections -->"


def sections_html(nav: Navigation, page: Page, label: str) -> str:
    """``<nav>`` with a link to each top-level page of ``nav`` but ``page``."""
    links = []
    for item in nav.items:
        if not isinstance(item, Page) or item.url == page.url:
            continue
        href = get_relative_url(item.url or ".", page.url or ".")
        links.append(f'<li><a href="{escape(href)}">{escape(str(item.title))}</a></li>')
    if not links:
        return ""
    return f'<nav class="ty-sections" aria-label="{escape(label)}"><ul>' + "".join(links) + "</ul></nav>"


def fill_sections(page: Page, nav: Navigation, label: str) -> None:
    """Replace the marker in the page's HTML, if it has one."""
    if page.content and MARKER in page.content:
        page.content = page.content.replace(MARKER, sections_html(nav, page, label))
