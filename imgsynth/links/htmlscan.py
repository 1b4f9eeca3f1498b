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
_ITEMS = lxml.etree.XPath("//li[@id != '']")
"""Compiled once and evaluated in libxml2: Python only walks the elements that can link."""


def without_chrome(text: str) -> str | None:
    """The page with the theme's header, navigation and footer (what lies between ``</head>`` and
    its one ``<article>``, and after the article) blanked out, keeping their language-switch links
    (``<a ... hreflang=...>``: each page's own) and every line break, so that line numbers stay
    true. None when the page has no single ``<article>`` as the theme writes it (lower case);
    then all of it is the page's own.

    The theme writes the same header and footer on every page of a language: parsing them once
    per language is enough (:meth:`imgsynth.links.internal.SiteIndex.scan_all`), and they are
    most of a page's bytes."""
    start, end = text.find("<article"), text.find("</article>")
    if start < 0 or end < start or text.find("<article", start + 1) >= 0:
        return None
    head = text.find("</head>")
    head = head + len("</head>") if 0 <= head < start else 0
    end += len("</article>")
    return text[:head] + _blank(text[head:start]) + text[start:end] + _blank(text[end:])


def _blank(chrome: str) -> str:
    """Only the language-switch links (``<a`` tags with ``hreflang``) and the line breaks of ``chrome``."""
    kept, last, at = [], 0, chrome.find("hreflang")
    while at >= 0:
        opening, closing = chrome.rfind("<", last, at), chrome.find(">", at)
        if opening >= 0 and closing >= 0 and chrome.startswith(("<a ", "<a\n", "<a\t"), opening):
            kept.append("\n" * chrome.count("\n", last, opening))
            kept.append(chrome[opening : closing + 1])
            last = closing + 1
        at = chrome.find("hreflang", max(at + 1, last))
    kept.append("\n" * chrome.count("\n", last))
    return "".join(kept)


def scan_html(text: str) -> ScannedPage:
    """The links and ids of a page, parsed with lxml (libxml2's HTML parser: fast, forgiving)."""
    page = ScannedPage()
    try:
        root = lxml.etree.fromstring(text, _PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):  # empty document
        return page
    if root is None:
        return page
    articles = _ARTICLES(root)
    page.has_article = bool(articles)
    page.ids.update(_IDS(root))
    # which links sit in an <article> and in which <li id=...> (the innermost: a later item in
    # document order is nested in an earlier one), found from those elements down rather than
    # by walking up from every link (the same proxy object stands for an element while it is held)
    in_article = {element for article in articles for element in article.iter(*_LINK_ATTRIBUTES)}
    items = {element: item.get("id") for item in _ITEMS(root) for element in item.iter(*_LINK_ATTRIBUTES)}
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
        page.links.append(
            HtmlLink(
                tag,
                target.strip(),
                element.sourceline or 0,
                items.get(element),
                values.get("hreflang"),
                element in in_article,
            )
        )
    return page
