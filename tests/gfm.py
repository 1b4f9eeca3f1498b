"""Job summaries rendered the way GitHub renders them (cmark-gfm, raw HTML let through so that
anything the escaping missed would show), and what in the result could act or mislead."""

from __future__ import annotations

import cmarkgfm
from bs4 import BeautifulSoup
from cmarkgfm.cmark import Options

ACTIVE_TAGS = ("script", "iframe", "object", "embed", "base", "form", "meta", "style", "img", "svg", "math", "link")


def render(markdown: str) -> BeautifulSoup:
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return BeautifulSoup(html, "html.parser")


def active(soup: BeautifulSoup, allowed_links: tuple[str, ...] = ()) -> list[str]:
    """Elements and attributes that do something: tags that run or load, on* handlers, links
    other than those starting with one of ``allowed_links``."""
    found = [f"<{tag.name}>" for tag in soup.find_all(ACTIVE_TAGS)]
    found += [
        f"{tag.name}[{name}]" for tag in soup.find_all(True) for name in tag.attrs if name.lower().startswith("on")
    ]
    found += [
        f"link to {a.get('href')}"
        for a in soup.find_all("a")
        if not any(str(a.get("href", "")).startswith(prefix) for prefix in allowed_links)
    ]
    return found
