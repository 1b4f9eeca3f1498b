"""The plan of a build: loaded content turned into pages and files, engine-neutral.

This is the only thing a site generator's adapter needs from the core (``hooks/``):

* :meth:`Plan.pages` — the generated pages of a language: a language-neutral ``src_uri``,
  the Markdown body and the page's metadata as data (description, edit link, citation facts);
* :meth:`Plan.files` — the downloads a language publishes (feed, ``timeline.json``, ...);
* :meth:`Plan.fill` — hand-written pages with their markers (``<!-- timeline -->``...) filled in;
* :attr:`Plan.warnings` and :attr:`Plan.notes` — what an author should see, once per build.

:func:`load_plan` loads (or reuses) the plan of a content folder: the content is read again only
when a file under it changed (fingerprint of paths, sizes and modification times), so a server
that rebuilds on every edit and a build per language stay cheap. The arXiv metadata
(``content/arxiv.json``) is part of the content; with ``fetch_papers`` the missing records are
first fetched from arXiv (opt-in: a build is offline by default).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imgsynth.arxiv.enrich import PAPERS_FILE, enrich
from imgsynth.arxiv.store import StoreError
from imgsynth.content.datafile import is_editor_file
from imgsynth.content.load import Content, load_content
from imgsynth.content.translation import problems as translation_problems
from imgsynth.downloads import Download
from imgsynth.errors import ContentErrors, EntryError, display_path
from imgsynth.publication import Publication
from imgsynth.render.figures import FigureEncoder
from imgsynth.render.pages import SiteGenerator
from imgsynth.render.repo import RepoLinks

TIMELINE_MARKER = "<!-- timeline -->"
"""Where the timeline goes in the hand-written home page (``docs/index.md`` and ``index.en.md``)."""

ANNOTATIONS_MARKER = "<!-- annotations -->"
"""Where the list of corrections goes in ``docs/annotations.md`` and ``annotations.en.md``."""

TRANSLATION_STATUS_MARKER = "<!-- translation-status -->"
"""Where the table of stale and unrecorded translations goes in ``docs/translation-status.md`` (and ``.en.md``)."""

GLOSSARY_MARKER = "<!-- glossary -->"
"""Where the terms of ``content/glossary.yaml`` go in ``docs/glossary.md`` (and ``.en.md``)."""

PAPERS_STATUS_MARKER = "<!-- papers-status -->"
"""Where the list of papers with incomplete arXiv metadata goes (a maintainer page: translation status)."""

CREDITS_MARKER = "<!-- credits -->"
"""Where the list of every image with its credit and licence goes in ``docs/credits.md`` (and ``.en.md``)."""


@dataclass(frozen=True)
class PlannedPage:
    """A page to add to a language's site: language-neutral ``src_uri``, Markdown body and metadata."""

    src_uri: str
    markdown: str
    meta: dict[str, Any]


@dataclass
class Plan:
    """Everything a build generates from one content tree, rendered lazily and once per language."""

    site: SiteGenerator
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """One-line progress worth an ``info`` log (e.g. what an opt-in arXiv fetch did)."""
    _pages: dict[tuple[str, RepoLinks | None], list[PlannedPage]] = field(default_factory=dict, repr=False)
    _publication: Publication | None = field(default=None, repr=False)
    _figures: dict[Path, list[tuple[str, Path]]] = field(default_factory=dict, repr=False)
    figure_counts: tuple[int, int] = (0, 0)
    """(encoded, reused) copies of the figures, from the last :meth:`figure_files` that encoded."""

    @property
    def content(self) -> Content:
        return self.site.content

    @property
    def papers(self) -> dict[str, Any]:
        return dict(self.site.papers)

    def stale_translations(self) -> int:
        """How many entry languages are stale or have no translation record."""
        return len(translation_problems(self.content.entries))

    def pages(self, lang: str, repo: RepoLinks | None = None) -> list[PlannedPage]:
        """One page per entry, in time order; ``repo`` adds edit and suggest-a-correction links."""
        key = (lang, repo)
        if key not in self._pages:
            self._pages[key] = [
                PlannedPage(src_uri, markdown, meta) for src_uri, markdown, meta in self.site.entry_pages(lang, repo)
            ]
        return self._pages[key]

    def files(self, lang: str, site_url: str) -> list[Download]:
        """The downloads of ``lang``'s build, paths relative to that language's root."""
        return self.publication.files(lang, site_url)

    @property
    def publication(self) -> Publication:
        """Downloads with their dates, the data page, how to cite the site (:mod:`imgsynth.publication`)."""
        if self._publication is None:
            self._publication = Publication(self.content, self.site.papers)
        return self._publication

    def figure_files(self, cache_dir: Path) -> list[tuple[str, Path]]:
        """The resized copies of every figure: (path from the site root, file holding it).

        Language-neutral (published once, at the site root). Encodes what ``cache_dir`` lacks,
        once per plan: the other languages' builds and unchanged rebuilds reuse the list.
        """
        if cache_dir not in self._figures:
            encoder = FigureEncoder(cache_dir)
            jobs = encoder.encode(self.site.renditions.values())
            self.figure_counts = (encoder.encoded, encoder.reused)
            self._figures[cache_dir] = [(copy.path, path) for copy, path in jobs]
        return self._figures[cache_dir]

    def incomplete_papers(self) -> int:
        """How many papers have incomplete or missing arXiv metadata (listed on a maintainer page)."""
        return len(self.site.incomplete_papers())

    def markers(self, lang: str) -> dict[str, Callable[[], str]]:
        return {
            TIMELINE_MARKER: lambda: self.site.timeline(lang),
            ANNOTATIONS_MARKER: lambda: self.site.annotations(lang),
            TRANSLATION_STATUS_MARKER: lambda: self.site.translation_status(lang),
            GLOSSARY_MARKER: lambda: self.site.glossary(lang),
            PAPERS_STATUS_MARKER: lambda: self.site.papers_status(lang),
            CREDITS_MARKER: lambda: self.site.credits(lang),
        }

    def fill(self, markdown: str, lang: str, site_url: str = "", project: str = "") -> str:
        """A hand-written page with every generated part filled in (``site_url`` and ``project``,
        the repository's name: for the data page's file sizes and the About page's citation)."""
        if "<!-- " not in markdown:
            return markdown
        markers = {**self.markers(lang), **self.publication.markers(lang, site_url, project)}
        for marker, make in markers.items():
            if marker in markdown:
                markdown = markdown.replace(marker, make())
        return markdown


Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(content_dir: Path) -> Fingerprint:
    items = []
    for folder, _dirs, names in os.walk(content_dir):
        for name in names:
            if is_editor_file(name):
                continue  # an editor's lock or backup (Emacs's .#x.md is a dangling link): never content
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:  # a dangling link: the loader reports it with its name
                stat = os.lstat(path)
            items.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(items))


_cache: dict[tuple[Path, bool], tuple[Fingerprint, Plan]] = {}


def load_plan(content_dir: Path, project_root: Path, fetch_papers: bool = False) -> Plan:
    """Load (or reuse) the content and the plan made from it. Raises ContentErrors."""
    key = (content_dir.resolve(), fetch_papers)
    current = fingerprint(content_dir)
    cached = _cache.get(key)
    if cached and cached[0] == current:
        return cached[1]
    content = load_content(content_dir, project_root=project_root)
    papers_path = content_dir / PAPERS_FILE
    try:
        enrichment = enrich(content, papers_path, fetch=fetch_papers)
    except StoreError as error:
        path = display_path(papers_path, project_root)
        raise ContentErrors([EntryError(path, error.line, error.message)]) from None
    plan = Plan(
        site=SiteGenerator(content, papers=enrichment.papers), warnings=enrichment.warnings, notes=enrichment.notes
    )
    _cache[key] = (fingerprint(content_dir), plan)
    return plan
