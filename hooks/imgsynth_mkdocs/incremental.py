"""Rebuild only what an edit touches: ``mkdocs serve --dirty`` (``make serve``).

With ``--dirty`` MkDocs reads, renders and writes only the pages whose ``File.is_modified()``
is true: a page of ``docs/`` when its source is newer than its HTML in the site, a generated
page always. This module decides, once per rebuild and from what the last build of the same
process left (:class:`Memory`), which of the site's pages an edit touches:

* an entry's page is rendered again (as Markdown, by the core) only when its inputs changed:
  the entry, what it shows of its neighbours (prev/next) and its lineage (:func:`face`), the
  content outside ``content/milestones/`` (eras, kinds, tags, glossary, arXiv metadata,
  figures) and the repository links; it is rebuilt by MkDocs only when that Markdown or its
  metadata differ from the last build's (:class:`PlannedFile`);
* a page of ``docs/`` with a generated part (a marker of the plan: the timeline on the home
  pages, annotations, credits, data, glossary, citation, translation status) is rebuilt when
  its text with those parts filled in differs from the last build's: its HTML is marked out
  of date (:func:`outdate`), so MkDocs' own rule rebuilds it;
* the 404 pages and sitemaps are rendered again only when the list of pages changed
  (:func:`static_templates`);
* everything is rebuilt on the first build, after a build that failed, and when
  ``mkdocs.yml``, the theme's overrides, the hooks or the core's templates changed, or a page
  of ``docs/`` was added or removed (every page's navigation);
* the search index keeps the items of the pages not rebuilt (:func:`merge_index`), and the
  link check looks at the links of the rebuilt pages (their targets against the whole site);
* the theme's files are listed once (:func:`list_theme_files_once`) and the server looks for
  changes five times as often as MkDocs does (:func:`watch_often`).

A build without ``--dirty`` (``mkdocs build``, the CI) builds everything, as before.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from watchdog.observers.polling import PollingObserver

import imgsynth
from imgsynth.content import MILESTONES_DIR, entry_src_uri
from imgsynth.content.datafile import is_editor_file
from imgsynth.content.entries import Entry
from imgsynth.plan import Plan, PlannedPage, fingerprint
from imgsynth.render.repo import RepoLinks

DIRTY_WARNING = "A 'dirty' build is being performed"
"""MkDocs' warning on every dirty build; ``mkdocs.yml``'s ``strict`` would fail the build on it."""


class PlannedFile(File):
    """A generated page whose Markdown is known: modified when it changed or was never written."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


Shape = tuple[Any, ...]


@dataclass
class Memory:
    """What the last complete build of this process left for the next dirty rebuild."""

    finished: bool = False
    shape: Shape | None = None
    pages: dict[tuple[str, str], tuple[Any, PlannedPage]] = field(default_factory=dict)
    """(language, entry id) -> (the inputs the page was rendered from, the page)."""
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """A page's URL (``en/milestones/gan/``) -> its items of the merged search index."""
    languages: dict[str, frozenset[str]] = field(default_factory=dict)
    """A language -> the URLs of its pages."""
    filled: dict[str, str] = field(default_factory=dict)
    """A page of ``docs/`` with generated parts (its ``src_uri``) -> its text with them filled in."""


@dataclass
class Rebuild:
    """One build's decisions, shared by its languages."""

    dirty: bool
    full: bool
    shape: Shape
    plan: Plan
    shared: Any
    pages: dict[tuple[str, str], tuple[Any, PlannedPage]] = field(default_factory=dict)
    current: set[str] = field(default_factory=set)
    """URLs of every page of every language in this build."""
    built: set[str] = field(default_factory=set)
    """URLs of the pages written in this build."""
    built_html: set[str] = field(default_factory=set)
    """Their files, relative to the site's folder (``en/milestones/gan/index.html``)."""
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    filled: dict[str, str] = field(default_factory=dict)
    languages: dict[str, frozenset[str]] = field(default_factory=dict)
    templates: frozenset[str] | None = None
    """The theme's static templates, as configured."""

    @property
    def partial(self) -> bool:
        """True when pages were left as the last build wrote them."""
        return self.dirty and not self.full


_memory = Memory()
_dirty = False


def start(command: str, dirty: bool) -> None:
    """``on_startup``: remember whether MkDocs builds dirty; its warning on each build is replaced
    by this module's log line (a strict build would otherwise fail on it)."""
    global _dirty
    _dirty = dirty
    if dirty:
        build_log = logging.getLogger("mkdocs.commands.build")
        if not any(isinstance(f, _DropDirtyWarning) for f in build_log.filters):
            build_log.addFilter(_DropDirtyWarning())
        list_theme_files_once()


def list_theme_files_once() -> None:
    """Every build (each language's) lists every file of the theme to find its static files:
    Material has 14,500, mostly icons, a quarter of a dirty rebuild's time. In a dirty server
    the list is made once per theme folders and contents of the project's own (overrides), and
    MkDocs' ``Files.add_files_from_theme`` adds the files from it (private API: README)."""
    original = Files.add_files_from_theme
    if getattr(original, "lists_once", False):
        return
    listed: dict[Any, list[tuple[str, str]]] = {}

    def add_files_from_theme(self: Files, env: Any, config: MkDocsConfig) -> None:
        dirs = tuple(config.theme.dirs)
        key = (dirs, tuple(config.theme.static_templates), _tree(config.theme.custom_dir))
        if key not in listed:
            probe = Files([])
            original(probe, env, config)
            listed[key] = [(file.src_uri, str(file.src_dir)) for file in probe]
        for path, folder in listed[key]:
            if self.get_file_from_path(path) is None:  # as MkDocs: theme files do not override docs_dir files
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    add_files_from_theme.lists_once = True  # type: ignore[attr-defined]
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]


WATCH_INTERVAL = 0.1
"""Seconds between two looks of the server at the watched files (MkDocs: 0.5, on average a
quarter of a second of every edit → reload). One look at the project's watched folders takes
about 2 ms."""


def watch_often(server: LiveReloadServer) -> None:
    """``on_serve``: the server looks for changes every :data:`WATCH_INTERVAL` seconds. MkDocs
    polls every 0.5 s with an observer made before the event (``server.observer``, private):
    the paths watched so far move to a new one (README: private APIs)."""
    if not _dirty:
        return
    watched = dict(server._watched_paths)  # path -> how many times it was asked for
    for path, times in watched.items():
        for _ in range(times):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=WATCH_INTERVAL)
    for path, times in watched.items():
        for _ in range(times):
            server.watch(path)


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def _tree(folder: Path | str | None, code: bool = True) -> tuple[tuple[str, int, int], ...]:
    """Paths, sizes and modification times under ``folder`` (no byte-code, no editor files;
    ``code=False``: no Python modules either)."""
    if not folder or not os.path.isdir(folder):
        return ()
    items = []
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        for name in names:
            if is_editor_file(name) or name.endswith(".pyc") or (not code and name.endswith(".py")):
                continue
            path = os.path.join(parent, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            items.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(items))


def _shape(config: MkDocsConfig, root: Path) -> Shape:
    """What, when it changes, may change every page: the configuration, the theme's overrides,
    the hooks, the core's templates and data files (its Python modules are not imported again
    by a running server), the set of pages in ``docs/`` (the navigation)."""
    config_file = Path(config.config_file_path)
    stat = config_file.stat()
    docs_pages = tuple(
        sorted(
            os.path.relpath(os.path.join(parent, name), config.docs_dir)
            for parent, _dirs, names in os.walk(config.docs_dir)
            for name in names
            if name.endswith(".md") and not is_editor_file(name)
        )
    )
    return (
        (stat.st_size, stat.st_mtime_ns),
        _tree(config.theme.custom_dir),
        _tree(root / "hooks"),
        _tree(Path(imgsynth.__file__).parent, code=False),
        docs_pages,
    )


def begin(config: MkDocsConfig, plan: Plan, content_dir: Path, root: Path) -> Rebuild:
    """The decisions of a new build (called in its first language's ``on_files``)."""
    shape = _shape(config, root)
    full = not (_dirty and _memory.finished and _memory.shape == shape)
    milestones = str(content_dir / MILESTONES_DIR) + os.sep
    shared = tuple(item for item in fingerprint(content_dir) if not item[0].startswith(milestones))
    _memory.finished = False  # until this build is complete, the next one rebuilds everything
    return Rebuild(
        dirty=_dirty,
        full=full,
        shape=shape,
        plan=plan,
        shared=shared,
    )


def face(entry: Entry | None) -> tuple[Any, ...] | None:
    """What an entry's page shows of another entry (its neighbours, its lineage): id, date, title
    (tests/adapter/test_adapter_incremental.py fails when a page shows more)."""
    return None if entry is None else (entry.id, entry.date, entry.until, entry.title)


def entry_pages(rebuild: Rebuild, lang: str, repo: RepoLinks | None) -> list[tuple[PlannedPage, bool]]:
    """Every entry's page of ``lang`` in time order (as :meth:`Plan.pages`), with whether it
    differs from the last build's. Only pages whose inputs changed are rendered again: the
    entry, what the page shows of its neighbours and lineage (:func:`face`), the content outside
    ``content/milestones/`` and the repository links."""
    plan = rebuild.plan
    entries = plan.content.entries
    result = []
    for index, entry in enumerate(entries):
        previous = entries[index - 1] if index > 0 else None
        following = entries[index + 1] if index + 1 < len(entries) else None
        lineage = plan.site.lineage.get(entry.id)
        related = (
            face(previous),
            face(following),
            tuple(face(item) for item in lineage.builds_on) if lineage else (),
            tuple(face(item) for item in lineage.led_to) if lineage else (),
        )
        inputs = (rebuild.shared, repo, entry, related)
        held = None if rebuild.full else _memory.pages.get((lang, entry.id))
        if held is not None and held[0] == inputs:
            page, changed = held[1], False
        else:
            markdown, meta = plan.site.entry_page(entry, lang, previous, following, repo)
            page = PlannedPage(entry_src_uri(entry.id), markdown, meta)
            changed = held is None or (held[1].markdown, held[1].meta) != (markdown, meta)
        rebuild.pages[(lang, entry.id)] = (inputs, page)
        result.append((page, changed))
    return result


def outdate(path: str) -> None:
    """Mark a built page as older than any source, so a dirty build writes it again."""
    try:
        os.utime(path, ns=(0, 0))
    except OSError:  # not built yet: MkDocs builds it anyway
        pass


def outdate_docs_pages(
    rebuild: Rebuild, files: Files, config: MkDocsConfig, markers: list[str], fill: Callable[[str], str]
) -> int:
    """Mark the pages of ``docs/`` that a dirty build must write again though their source did not
    change: every one in a full rebuild; a page holding one of ``markers`` when ``fill`` (its
    generated parts filled in) gives another text than in the last build. Returns how many."""
    if not rebuild.dirty:
        return 0
    docs = os.path.abspath(config.docs_dir) + os.sep
    count = 0
    for file in files.documentation_pages():
        source = file.abs_src_path
        if file.generated_by or not source or not source.startswith(docs):
            continue
        stale = rebuild.full
        try:
            text = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # MkDocs reports it when it reads the page
            text = ""
        if any(marker in text for marker in markers):
            filled = rebuild.filled[file.src_uri] = fill(text)
            stale = stale or _memory.filled.get(file.src_uri) != filled
        if stale:
            outdate(file.abs_dest_path)
            count += 1
    return count


def note_pages(rebuild: Rebuild, files: Files, lang: str) -> None:
    """Every page of a language's build, for the search index (pages removed drop out of it)."""
    urls = frozenset(file.url for file in files.documentation_pages())
    rebuild.current.update(urls)
    rebuild.languages[lang] = urls


SAME_WITH_THE_SAME_PAGES = frozenset({"404.html", "sitemap.xml"})
"""The theme's static pages that depend only on the configuration, the navigation and the list
of pages (a sitemap's dates are the build's day)."""


def static_templates(rebuild: Rebuild, config: MkDocsConfig, lang: str) -> None:
    """``on_env``: a partial rebuild of a language whose pages are those of the last build leaves
    its 404 page and sitemap as they are (MkDocs renders ``theme.static_templates`` after on_env)."""
    if rebuild.templates is None:
        rebuild.templates = frozenset(config.theme.static_templates)
    same = rebuild.partial and rebuild.languages.get(lang) == _memory.languages.get(lang)
    config.theme.static_templates = set(rebuild.templates - SAME_WITH_THE_SAME_PAGES if same else rebuild.templates)


def note_built(rebuild: Rebuild, url: str, dest: str, site_dir: str) -> None:
    rebuild.built.add(url)
    rebuild.built_html.add(os.path.relpath(dest, site_dir).replace(os.sep, "/"))


def merge_index(rebuild: Rebuild, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The merged search index's items: this build's, and in a partial rebuild the last build's
    items of the pages it did not write (MkDocs' dirty build indexes only the pages it writes)."""
    fresh: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        fresh.setdefault(str(doc.get("location", "")).partition("#")[0], []).append(doc)
    if not rebuild.partial:
        rebuild.search = fresh
        return docs
    merged: dict[str, list[dict[str, Any]]] = {}
    for page, items in _memory.search.items():
        if page in rebuild.current:
            merged[page] = fresh.pop(page, []) if page in rebuild.built else items
    merged.update(fresh)  # pages new in this build
    rebuild.search = merged
    return [doc for items in merged.values() for doc in items]


def finish(rebuild: Rebuild) -> None:
    """The build is complete: the next dirty rebuild starts from it.

    After a dirty server's first build, what it holds for good (modules, the theme, jieba's
    dictionary of Material's search: a million objects) is moved out of the garbage collector's
    sight (``gc.freeze``): a full collection in a rebuild then looks at that rebuild's objects
    only, instead of taking a tenth of a second."""
    global _memory
    if rebuild.dirty and not _memory.finished and not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
    _memory = Memory(
        finished=True,
        shape=rebuild.shape,
        pages=rebuild.pages,
        search=rebuild.search,
        filled=rebuild.filled,
        languages=rebuild.languages,
    )


def summary(rebuild: Rebuild) -> str:
    return f"rebuilt {len(rebuild.built)} of {len(rebuild.current)} pages (only what the edit touched)"
