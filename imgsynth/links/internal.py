"""Offline check of a built site: every link and anchor resolves to a page and an id that exist.

The ids come from the rendered HTML (never from a guessed slug), so links into generated
pages, across entries and between languages are all judged on what a reader gets.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from imgsynth.links.htmlscan import HtmlLink, ScannedPage, scan_html
from imgsynth.links.sources import SourceMap

SKIPPED_DIRS: tuple[str, ...] = ("assets", "search")
"""Theme assets and the search index are not pages: links *to* them are checked, not their content."""
_NOT_CHECKED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
_ORIGIN = "http://site.invalid"


@dataclass(frozen=True, order=True)
class BrokenLink:
    source: str
    """The file a contributor edits (``content/milestones/gan.md``, ``docs/about.en.md``...)."""
    page: str
    """The site path of the page holding the link (``/en/milestones/gan/``)."""
    target: str
    """The link as written in the HTML."""
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: link '{self.target}' on {self.page} {self.reason}"


def page_url(page: str) -> str:
    """``en/about/index.html`` -> ``/en/about/``; ``404.html`` -> ``/404.html``."""
    if page == "index.html":
        return "/"
    if page.endswith("/index.html"):
        return "/" + page.removesuffix("index.html")
    return "/" + page


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _resolve(here: str, target: str) -> tuple[str, str]:
    """(absolute path, fragment) of ``target`` on the page at path ``here``, as a browser resolves it
    (the same as ``urljoin`` for links without a scheme or host, without its cost on every link)."""
    rest, _, fragment = target.partition("#")
    path = rest.partition("?")[0]
    if not path:
        return here, fragment
    if not path.startswith("/"):
        path = here[: here.rfind("/") + 1] + path
    keeps_slash = path.endswith("/") or path.endswith("/.") or path.endswith("/..")
    resolved = posixpath.normpath(path)
    if resolved.startswith("//"):
        resolved = "/" + resolved.lstrip("/")
    if keeps_slash and not resolved.endswith("/"):
        resolved += "/"
    return resolved, fragment


class SiteIndex:
    """The files of a built site and, lazily, the ids of its HTML pages."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.files = {
            posixpath.join(os.path.relpath(folder, site_dir).replace(os.sep, "/"), name).removeprefix("./")
            for folder, _dirs, names in os.walk(site_dir)
            for name in names
        }
        self._scanned: dict[str, ScannedPage] = {}

    def pages(self) -> list[str]:
        return sorted(f for f in self.files if f.endswith(".html") and f.split("/", 1)[0] not in SKIPPED_DIRS)

    def scan(self, page: str) -> ScannedPage:
        if page not in self._scanned:
            text = (self.site_dir / page).read_text(encoding="utf-8", errors="replace")
            self._scanned[page] = scan_html(text)
        return self._scanned[page]

    def resolve(self, path: str) -> str | None:
        """A site-relative URL path (no leading slash) -> the file served for it, or None."""
        path = unquote(path)
        candidates = [path + "index.html"] if path.endswith("/") or not path else [path, path + "/index.html"]
        return next((c for c in candidates if c in self.files), None)


class InternalChecker:
    def __init__(self, site_dir: Path, sources: SourceMap, site_url: str | None = None) -> None:
        self.index = SiteIndex(site_dir)
        self.sources = sources
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.base_path = urlsplit(self.site_url).path if self.site_url else "/"

    def check(self) -> list[BrokenLink]:
        broken: dict[tuple[str, str, str], BrokenLink] = {}
        for page in self.index.pages():
            scanned = self.index.scan(page)
            for link in scanned.links:
                reason = self._problem(page, link)
                if reason:
                    found = BrokenLink(
                        self.sources.source_for(page, link.item, scanned.is_chrome(link)),
                        page_url(page),
                        link.target,
                        reason,
                    )
                    broken.setdefault((found.source, found.page, found.target), found)
        return sorted(broken.values())

    def _site_path(self, page: str, target: str) -> tuple[str | None, str, str | None]:
        """(site-relative path, fragment, problem) of an internal link; path None for external links."""
        if self.site_url and target.startswith(self.site_url):
            target = self.base_path + target[len(self.site_url) :]
        if target.startswith("//") or _SCHEME.match(target):
            return None, "", None
        resolved, fragment = _resolve(self.base_path + page_url(page).lstrip("/"), target)
        if not resolved.startswith(self.base_path):
            return (
                "",
                "",
                f"leaves the site: it resolves to {resolved}, outside the site's base path {self.base_path}",
            )
        return resolved[len(self.base_path) :], fragment, None

    def _problem(self, page: str, link: HtmlLink) -> str | None:
        target = link.target
        if not target or target.lower().startswith(_NOT_CHECKED_SCHEMES):
            return None
        path, fragment, problem = self._site_path(page, target)
        if problem or path is None:
            return problem
        shown = "/" + path + (f"#{fragment}" if fragment else "")
        served = self.index.resolve(path)
        if served is None:
            return f"points to {shown}, which is not a page of the site"
        if fragment and served.endswith(".html"):
            anchor = unquote(fragment)
            if anchor not in self.index.scan(served).ids:
                return f"points to {shown}, but {page_url(served)} has no element with id '{anchor}'"
        if link.hreflang in self.sources.languages:
            lang, _ = self.sources.split_language(served)
            if lang != link.hreflang:
                return f"switches to language '{link.hreflang}' but leads to a '{lang}' page ({shown})"
        return None


def check_site(site_dir: Path, sources: SourceMap, site_url: str | None = None) -> list[BrokenLink]:
    """Every broken internal link and anchor of the built site in ``site_dir``, sorted by source file."""
    return InternalChecker(site_dir, sources, site_url).check()
