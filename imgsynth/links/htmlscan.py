"""Read the links and the element ids of one HTML page (no theme knowledge)."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree

_LINK_ATTRIBUTES: dict[str, str] = {
    "a": "href",
    "link": "href",
    "area": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
}
_SKIPPED_LINK_RELS = {"preconnect", "dns-prefetch"}


@dataclass(frozen=True)
class HtmlLink:
    tag: str
    target: str
    line: int
    item: str | None
    """The id of the innermost enclosing ``<li id=...>`` (timeline items on the home page), if any."""
    hreflang: str | None = None
    in_article: bool = True
    """Inside an ``<article>`` (the page's own content) rather than the theme's header, navigation or footer."""


@dataclass
class ScannedPage:
    links: list[HtmlLink] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    has_article: bool = False

    def is_chrome(self, link: HtmlLink) -> bool:
        """True for the theme's links around the content (pages with an ``<article>``), language switch aside."""
        return self.has_article and not link.in_article and link.hreflang is None


_PARSER = lxml.etree.HTMLParser(remove_comments=True)
"""libxml2's forgiving HTML parser, with plain elements (lxml.html's element classes cost a lookup each)."""


_ARTICLES = lxml.etree.XPath("//article")
_IDS = lxml.etree.XPath("//@id", smart_strings=False)
"""Compiled once and evaluated in libxml2: Python only walks the elements that can link."""


def scan_html(text: str) -> ScannedPage:
    """The links and ids of a page, parsed with lxml (libxml2's HTML parser: fast, forgiving)."""
    page = ScannedPage()
    try:
        root = lxml.etree.fromstring(text, _PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):  # empty document
        return page
    if root is None:
        return page
    page.has_article = bool(_ARTICLES(root))
    page.ids.update(_IDS(root))
    for element in root.iter(*_LINK_ATTRIBUTES):
        tag = element.tag
        values = element.attrib
        if tag == "a" and "name" in values:
            page.ids.add(values["name"])
        target = values.get(_LINK_ATTRIBUTES[tag])
        if target is None:
            continue
        if tag == "link" and _SKIPPED_LINK_RELS & set(values.get("rel", "").split()):
            continue
        item, in_article = None, False
        for ancestor in element.iterancestors():
            if item is None and ancestor.tag == "li" and ancestor.get("id"):
                item = ancestor.get("id")
            if ancestor.tag == "article":
                in_article = True
        page.links.append(
            HtmlLink(tag, target.strip(), element.sourceline or 0, item, values.get("hreflang"), in_article)
        )
    return page
