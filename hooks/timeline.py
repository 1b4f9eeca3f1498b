"""MkDocs hook: the entry pages and the generated parts of hand-written pages.

Thin on purpose: the plan comes from the core (:mod:`imgsynth.plan`), MkDocs specifics from
``imgsynth_mkdocs``. With mkdocs-static-i18n every event runs once per language; the generated
files are added after the plugin's ``on_files`` (priority -100) with the language's path
prefix, carrying their own alternates for the language switch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from imgsynth.content.datafile import link_problems
from imgsynth.errors import ContentErrors
from imgsynth.languages import LANGUAGES, prefix
from imgsynth_mkdocs import begin, content_dir, i18n, incremental, plan, project_root, repo, state
from imgsynth_mkdocs.incremental import PlannedFile
from imgsynth_mkdocs.templates import use_bytecode_cache

log = get_plugin_logger("timeline")
logging.getLogger("jieba").setLevel(logging.WARNING)  # Material's search segments Chinese with jieba


def on_startup(command: str, dirty: bool) -> None:
    incremental.start(command, dirty)  # `mkdocs serve --dirty` (make serve): rebuild what an edit touches


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
    incremental.watch_often(server)
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    begin(config)
    if not i18n.inner_build(config):
        i18n.keep_search_index_whole(config)  # the adapter keeps the index of pages not rebuilt itself
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    use_bytecode_cache(env, project_root(config))  # the theme's templates compiled once, not per build
    incremental.static_templates(_rebuild(config), config, i18n.build_language(config))
    return env


def _generated(config: MkDocsConfig, src_uri: str, lang: str, content: str, kind: type[File] = File) -> File:
    file = kind.generated(config, src_uri, content=content)
    file.dest_uri = prefix(lang) + file.dest_uri
    return file


def _rebuild(config: MkDocsConfig) -> incremental.Rebuild:
    """This build's decisions (:mod:`imgsynth_mkdocs.incremental`), made once, in the first language."""
    current = state()
    if current.rebuild is None:
        current.rebuild = incremental.begin(config, plan(config), content_dir(config), project_root(config))
    return current.rebuild


@event_priority(-200)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _refuse_links_out_of_the_repository(files, config)
    lang = i18n.build_language(config)
    rebuild = _rebuild(config)
    loaded = plan(config)
    markers = [*loaded.markers(lang), *loaded.publication.markers(lang, "", "")]
    incremental.outdate_docs_pages(rebuild, files, config, markers, lambda text: _fill(text, lang, config))
    meta = state().page_meta
    # mkdocs-static-i18n writes sitemap.xml (with hreflang alternates) from its per-language list,
    # made in its own on_files, before these pages existed: list them there too
    sitemap_pages = i18n.sitemap_pages(config, lang)
    pages = incremental.entry_pages(rebuild, lang, repo(config))
    for page, changed in pages:
        file = _generated(config, page.src_uri, lang, page.markdown, PlannedFile)
        file.changed = changed  # a dirty build writes only the pages that differ from the last build's
        alternates = {other: _generated(config, page.src_uri, other, "") for other in LANGUAGES if other != lang}
        alternates[lang] = file
        i18n.set_alternates(file, lang, alternates)
        files.append(file)
        meta[(lang, page.src_uri)] = page.meta
        if sitemap_pages is not None:
            sitemap_pages.append(file)
    incremental.note_pages(rebuild, files, lang)
    log.debug("added %d entry pages for '%s'", len(pages), lang)
    return files


def _refuse_links_out_of_the_repository(files: Files, config: MkDocsConfig) -> None:
    """A symbolic link in docs/ may only lead inside the repository (MkDocs would publish its target).

    Excluded files (editor locks such as Emacs's dangling ``.#x.md``, exclude_docs) are never read.
    """
    docs = Path(config.docs_dir)
    paths = [
        Path(f.abs_src_path)
        for f in files
        if f.abs_src_path and not f.inclusion.is_excluded() and Path(f.abs_src_path).is_relative_to(docs)
    ]
    problems = link_problems(paths, project_root(config))
    if problems:
        raise PluginError(ContentErrors(problems).report())


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = i18n.build_language(config)
    if page.file.generated_by:
        meta = state().page_meta.get((lang, page.file.src_uri))
        if meta is not None:  # the page's metadata as data: no front matter to dump and parse again
            page.meta = dict(meta)
            if meta.get("edit_url"):
                page.edit_url = meta["edit_url"]
        return markdown
    return _fill(markdown, lang, config)


def _fill(markdown: str, lang: str, config: MkDocsConfig) -> str:
    """A hand-written page with its generated parts (``<!-- timeline -->``...) filled in."""
    return plan(config).fill(markdown, lang, site_url=config.site_url or "", project=config.repo_name or "")
