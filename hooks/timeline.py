"""MkDocs adapter: load the milestones, add the entry pages, inject the timeline.

Thin on purpose: all the work happens in the ``imgsynth`` package. With mkdocs-static-i18n
every event runs once per language, so the current language is read from the theme, and the
generated files are added after the i18n plugin's ``on_files`` (priority -100) with the
language's path prefix, carrying their own alternates for the language switch.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from imgsynth import LANGUAGES
from imgsynth.build import BuildInputs, load_site
from imgsynth.errors import ContentErrors
from imgsynth.repo import RepoLinks
from imgsynth.site import TIMELINE_MARKER, TRANSLATION_STATUS_MARKER, build_language, language_prefix
from imgsynth.translation import problems as translation_problems

log = get_plugin_logger("timeline")
logging.getLogger("jieba").setLevel(logging.WARNING)  # Material's search segments Chinese with jieba

_build: dict[str, object] = {}
"""Per-build state; reset in on_config (hook modules live across `mkdocs serve` rebuilds)."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _build.clear()
    return config


def _inputs(config: MkDocsConfig) -> BuildInputs:
    if "inputs" not in _build:
        root = Path(config.config_file_path).parent
        content_dir = root / config.extra.get("content_dir", "content")
        import os  # opt-in arXiv fetch during the build: env ARXIV_FETCH=1 or `extra: arxiv_fetch: true`

        fetch = os.environ.get("ARXIV_FETCH", "") == "1" or config.extra.get("arxiv_fetch") is True
        try:
            inputs = load_site(content_dir, project_root=root, fetch_papers=fetch)
        except ContentErrors as errors:
            raise PluginError(errors.report()) from None
        for note in inputs.notes:
            log.info(note)
        for warning in inputs.warnings:
            log.warning(warning)
        stale = translation_problems(inputs.site.content.entries)
        if stale:  # info, not warning: a stale translation must not fail `mkdocs build --strict`
            log.info("%d entry languages to translate or re-check; see the translation status page", len(stale))
        _build["inputs"] = inputs
    return _build["inputs"]  # type: ignore[return-value]


def _language(config: MkDocsConfig) -> str:
    return build_language(config.theme.get("language"))


def _generated(config: MkDocsConfig, src_uri: str, lang: str, content: str) -> File:
    file = File.generated(config, src_uri, content=content)
    file.dest_uri = language_prefix(lang) + file.dest_uri
    return file


@event_priority(-200)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang = _language(config)
    site = _inputs(config).site
    repo = RepoLinks.from_config(config.repo_url, config.edit_uri)  # edit / suggest-a-correction links
    # mkdocs-static-i18n writes sitemap.xml (with hreflang alternates) from its per-language list,
    # made in its own on_files, before these pages existed: list them there too
    i18n = config.plugins.get("i18n")
    sitemap_pages = getattr(i18n, "i18n_files_per_language", {}).get(lang)
    for page in site.entry_pages(lang, repo=repo):
        file = _generated(config, page.src_uri, lang, page.markdown)
        alternates = {other: _generated(config, page.src_uri, other, "") for other in LANGUAGES if other != lang}
        alternates[lang] = file
        # read by mkdocs-static-i18n's language switcher (on_page_context)
        file.alternates = alternates
        file.locale = lang
        file.locale_alternate_of = lang
        file.localization = None
        files.append(file)
        if sitemap_pages is not None:
            sitemap_pages.append(file)
    log.debug("added %d entry pages for '%s'", len(site.content.entries), lang)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if TIMELINE_MARKER in markdown:
        markdown = markdown.replace(TIMELINE_MARKER, _inputs(config).site.timeline(_language(config)))
    if TRANSLATION_STATUS_MARKER in markdown:
        markdown = markdown.replace(
            TRANSLATION_STATUS_MARKER, _inputs(config).site.translation_status(_language(config))
        )
    return markdown
