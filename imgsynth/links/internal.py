"""Offline check of a built site: every link and anchor resolves to a page and an id that exist.

The ids come from the rendered HTML (never from a guessed slug), so links into generated
pages, across entries and between languages are all judged on what a reader gets.
"""

from __future__ import annotations

import os
import posixpath
import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from imgsynth.links.htmlscan import HtmlLink, ScannedPage, scan_html, without_chrome
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
        quick = _up_and_down(here, path)
        if quick is not None:
            return quick, fragment
        path = here[: here.rfind("/") + 1] + path
    keeps_slash = path.endswith("/") or path.endswith("/.") or path.endswith("/..")
    resolved = posixpath.normpath(path)
    if resolved.startswith("//"):
        resolved = "/" + resolved.lstrip("/")
    if keeps_slash and not resolved.endswith("/"):
        resolved += "/"
    return resolved, fragment


def _up_and_down(here: str, path: str) -> str | None:
    """The common relative link, ``../../about/`` (some ``../``, then plain segments), resolved by
    slicing; None for anything else (``./``, ``..`` later on, ``//``), which ``_resolve`` normalises."""
    ups = 0
    while path.startswith("../", ups * 3):
        ups += 1
    rest = path[ups * 3 :]
    if rest == ".." or "//" in rest or "/." in "/" + rest:
        return None
    folder = here[: here.rfind("/")]  # without the page's own name and the trailing slash
    for _ in range(ups):
        cut = folder.rfind("/")
        if cut < 0:
            return None
        folder = folder[:cut]
    return folder + "/" + rest


PARALLEL_SCAN_FROM = 1000
"""Below this many pages, starting worker processes costs more than it saves."""
MAX_SCAN_WORKERS = 4


def _read(site_dir: Path, page: str) -> str:
    return (site_dir / page).read_text(encoding="utf-8", errors="replace")


def _scan_file(site_dir: Path, page: str, chrome: bool = True) -> ScannedPage:
    """A page's links and ids; without the theme's header and footer unless ``chrome``."""
    text = _read(site_dir, page)
    return scan_html(text if chrome else without_chrome(text) or text)


def _scan_files(site_dir: Path, pages: list[str], chrome: bool = True) -> list[ScannedPage]:
    """Worker-process entry point: scan a chunk of pages."""
    return [_scan_file(site_dir, page, chrome) for page in pages]


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
            self._scanned[page] = _scan_file(self.site_dir, page)
        return self._scanned[page]

    def scan_all(self, pages: list[str], language: Callable[[str], str] | None = None) -> None:
        """Scan many pages up front, in worker processes when there are enough of them: parsing
        is the check's main cost, and the build leaves the other cores idle by then.

        With ``language`` (page -> its language), the theme's header, navigation and footer,
        the same on every page of a language, are read on one page per language: the first with
        an ``<article>`` is scanned whole; on the others only the head, the article and the
        language-switch links (each page's own) are, and the theme's ids come from that page."""
        todo = [page for page in pages if page not in self._scanned]
        chrome_ids: dict[str, set[str]] = {}
        if language is not None:
            for page in todo:
                lang = language(page)
                if lang in chrome_ids:
                    continue
                lean = without_chrome(_read(self.site_dir, page))
                if lean is not None:  # the language's first page with an article: all of it
                    whole = self.scan(page)
                    chrome_ids[lang] = whole.ids - scan_html(lean).ids
            todo = [page for page in todo if page not in self._scanned]
        lean_pages = [page for page in todo if language is not None and language(page) in chrome_ids]
        whole_pages = [page for page in todo if language is None or language(page) not in chrome_ids]
        self._scan_many(lean_pages, chrome=False)
        self._scan_many(whole_pages, chrome=True)
        if language is not None:
            for page in todo:
                if language(page) in chrome_ids:
                    self._scanned[page].ids |= chrome_ids[language(page)]

    def _scan_many(self, todo: list[str], chrome: bool) -> None:
        workers = min(os.cpu_count() or 1, MAX_SCAN_WORKERS)
        if workers >= 2 and len(todo) >= PARALLEL_SCAN_FROM:
            import multiprocessing  # only for large sites: a small build never pays its import

            # fork is the cheap way to start workers, and safe only in a single-threaded process
            # (a plain build; a live-reload server runs a server thread, so it scans in this process)
            if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
                self._scan_in_workers(todo, workers, multiprocessing.get_context("fork"), chrome)
                return
        for page in todo:
            self._scanned[page] = _scan_file(self.site_dir, page, chrome)

    def _scan_in_workers(self, todo: list[str], workers: int, context: Any, chrome: bool) -> None:
        from concurrent.futures import ProcessPoolExecutor

        chunks = [todo[start :: workers * 4] for start in range(workers * 4)]
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for chunk, scanned in zip(
                chunks,
                pool.map(_scan_files, [self.site_dir] * len(chunks), chunks, [chrome] * len(chunks)),
                strict=True,
            ):
                self._scanned.update(zip(chunk, scanned, strict=True))

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

    def check(self, only: Collection[str] | None = None) -> list[BrokenLink]:
        broken: dict[tuple[str, str, str], BrokenLink] = {}
        self._verdicts: dict[tuple[str, str, str | None], str | None] = {}
        pages = self.index.pages()
        if only is not None:  # the links of these pages, still against the whole site
            pages = [page for page in pages if page in only]
        self.index.scan_all(pages, lambda page: self.sources.split_language(page)[0])
        for page in pages:
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
        depth = page.count("/")  # folders between the site's root and the page
        if depth and target.startswith("../" * depth):
            # the theme's links climb exactly to the root ('../../assets/...' from milestones/gan/):
            # what follows is the site path, whatever the page, when it climbs no further
            path, _, fragment = target[3 * depth :].partition("#")
            path = path.partition("?")[0]
            if "//" not in path and "/." not in "/" + path:
                return path, fragment, None
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
        key = (path, fragment, link.hreflang)
        if key not in self._verdicts:  # each distinct target once: the theme's links repeat on every page
            self._verdicts[key] = self._verdict(path, fragment, link.hreflang)
        return self._verdicts[key]

    def _verdict(self, path: str, fragment: str, hreflang: str | None) -> str | None:
        shown = "/" + path + (f"#{fragment}" if fragment else "")
        served = self.index.resolve(path)
        if served is None:
            return f"points to {shown}, which is not a page of the site"
        if fragment and served.endswith(".html"):
            anchor = unquote(fragment)
            if anchor not in self.index.scan(served).ids:
                return f"points to {shown}, but {page_url(served)} has no element with id '{anchor}'"
        if hreflang in self.sources.languages:
            lang, _ = self.sources.split_language(served)
            if lang != hreflang:
                return f"switches to language '{hreflang}' but leads to a '{lang}' page ({shown})"
        return None


def check_site(
    site_dir: Path, sources: SourceMap, site_url: str | None = None, only: Collection[str] | None = None
) -> list[BrokenLink]:
    """Every broken internal link and anchor of the built site in ``site_dir``, sorted by source file.

    ``only``: check the links of these pages alone (paths in the site, ``en/about/index.html``;
    a server's partial rebuild), each still judged against the whole site."""
    return InternalChecker(site_dir, sources, site_url).check(only)
