"""Read the links and the element ids of one HTML page (standard library parser, no theme knowledge)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

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


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ScannedPage()
        self._items: list[str | None] = []
        self._articles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "li":
            self._items.append(values.get("id"))
        if tag == "article":
            self._articles += 1
            self.page.has_article = True
        attribute = _LINK_ATTRIBUTES.get(tag)
        target = values.get(attribute) if attribute else None
        if target is None:
            return
        if tag == "link" and _SKIPPED_LINK_RELS & set(values.get("rel", "").split()):
            return
        item = next((i for i in reversed(self._items) if i), None)
        self.page.links.append(
            HtmlLink(tag, target.strip(), self.getpos()[0], item, values.get("hreflang"), self._articles > 0)
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "li":
            self._items.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._items:
            self._items.pop()
        if tag == "article" and self._articles:
            self._articles -= 1


def scan_html(text: str) -> ScannedPage:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.page
