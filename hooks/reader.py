"""MkDocs hook for the reader features: downloads, absolute hreflang alternates, the feed link,
and the per-language 404 page.

Thin on purpose: the work happens in ``imgsynth`` (``downloads/``) and ``imgsynth_mkdocs``.
Every event runs once per language (mkdocs-static-i18n). Registered after ``hooks/timeline.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from imgsynth.downloads import FEED
from imgsynth.languages import DEFAULT, LANGUAGES, locale, prefix
from imgsynth.render import strings
from imgsynth.render.nowrap import nowrap_headings
from imgsynth_mkdocs import begin, i18n, incremental, plan, project_root, state
from imgsynth_mkdocs.alternates import absolute_alternates
from imgsynth_mkdocs.head import page_head
from imgsynth_mkdocs.localize import localize
from imgsynth_mkdocs.search import language_base, mark_excluded, split_index
from imgsynth_mkdocs.sections import fill_sections
from imgsynth_mkdocs.sitemaps import TEMPLATE, language_sitemap

log = get_plugin_logger("reader")

FIGURE_CACHE = ".cache/figures"
"""Where the encoded copies of the figures are kept between builds (relative to mkdocs.yml)."""


@event_priority(-110)  # after mkdocs-static-i18n's (-100), which sets the language being built
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    begin(config)
    localize(config)
    return config


@event_priority(-200)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang = i18n.build_language(config)
    for item in plan(config).files(lang, config.site_url or ""):
        file = File.generated(config, item.path, content=item.content)
        file.dest_uri = prefix(lang) + item.path
        files.append(file)
    log.debug("added the downloads of '%s'", lang)
    if lang == DEFAULT:  # the figures' copies: once, at the site root, shared by every language
        loaded = plan(config)
        for path, cached in loaded.figure_files(project_root(config) / FIGURE_CACHE):
            files.append(File.generated(config, path, abs_src_path=str(cached)))
        encoded, reused = loaded.figure_counts
        log.info("figures: %d copies encoded, %d reused from %s/", encoded, reused, FIGURE_CACHE)
    return files


@event_priority(-100)  # after mkdocs-static-i18n's, which adds the loop controls its sitemap template uses
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Each other language's own sitemap.xml, a generated file (imgsynth_mkdocs.sitemaps)."""
    lang = i18n.build_language(config)
    pages = i18n.sitemap_pages(config, lang)
    if lang != DEFAULT and config.site_url and pages is not None:
        file = File.generated(config, TEMPLATE, content=language_sitemap(env, config, lang, pages))
        file.dest_uri = prefix(lang) + TEMPLATE
        files.append(file)
    return env


def _language_homes(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The switcher's entries pointing at each language's home page (an absolute path)."""
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    homes = [dict(alt) for alt in i18n.switcher(config)]
    for alt in homes:
        if alt.get("lang") in LANGUAGES:
            alt["link"] = base + prefix(alt["lang"])
    return homes


def _head(config: MkDocsConfig) -> dict[str, Any]:
    """What ``overrides/main.html`` puts in the <head>: the same for every page of a language."""
    lang = i18n.build_language(config)
    heads = state().head
    if lang not in heads:
        site_url = config.site_url or ""
        heads[lang] = {
            # the language homes; each page replaces them with its own counterparts (imgsynth_mkdocs.head)
            "alternates": absolute_alternates(_language_homes(config), site_url, DEFAULT),
            "root": urlsplit(site_url or "/").path.rstrip("/") + "/",
            "feed": f"{site_url}{prefix(lang)}{FEED}" if site_url else "",
            "home": urlsplit(site_url or "/").path.rstrip("/") + "/" + prefix(lang),
            "locale": locale(lang),
            "lang": lang,
        }
    return heads[lang]


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    # runs after mkdocs-static-i18n (priority 50) has set this page's alternates
    fill_sections(page, nav, strings()[i18n.build_language(config)]["site_sections"])
    context["ty_head"] = page_head(
        _head(config),
        lang=i18n.build_language(config),
        url=page.url,
        site_url=config.site_url or "",
        switcher=i18n.switcher(config),
        jsonld=_jsonld(page, config),
    )
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """No heading breaks inside a date or a date range (imgsynth.render.nowrap); what no reader
    searches for is marked for Material's search to leave out (imgsynth_mkdocs.search)."""
    return nowrap_headings(mark_excluded(html))


def _jsonld(page: Page, config: MkDocsConfig) -> dict[str, Any] | None:
    """The page's schema.org data: an entry's work (its metadata), the data page's dataset
    (``jsonld: dataset`` in its front matter)."""
    value = (page.meta or {}).get("jsonld")
    if value == "dataset":
        lang = i18n.build_language(config)
        return plan(config).publication.dataset(lang, config.site_url or "", config.repo_name or "")
    return value if isinstance(value, dict) else None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Material finds the search index of the page's own language (imgsynth_mkdocs.search)."""
    rebuild = state().rebuild
    if rebuild is not None:  # which pages this build writes: the search index and the link check
        incremental.note_built(rebuild, page.url, page.file.abs_dest_path, config.site_dir)
    return language_base(output, i18n.build_language(config))


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == "404.html":
        i18n.set_switcher(config, _language_homes(config))  # not the alternates of the last page built
        context["ty_head"] = {**_head(config), "alternates": []}  # a missing page has no counterpart
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Each language gets its own 404 page (mkdocs-static-i18n would write them all to the root).

    Written here: MkDocs renders a theme's static templates after it has copied the static
    files, always into the site's root, so neither a generated file (its content is needed
    before the copy) nor the template can put it under the language's prefix."""
    lang = i18n.build_language(config)
    if template_name != "404.html" or lang == DEFAULT:
        return output
    output = language_base(output, lang)
    path = os.path.join(config.site_dir, prefix(lang), "404.html")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(output)
    return ""  # nothing written at the root: the default language's 404 page stays


@event_priority(-150)
def on_post_build(config: MkDocsConfig) -> None:
    """Once every language is built (after mkdocs-static-i18n's on_post_build, -100, which runs
    the other languages' builds): one search index per language (made from every page's
    rendered HTML, after MkDocs has copied the static files: no generated file can carry it)."""
    if i18n.inner_build(config):
        return
    rebuild = state().rebuild
    merge = (lambda docs: incremental.merge_index(rebuild, docs)) if rebuild is not None else None
    counts = split_index(Path(config.site_dir), merge)
    if counts:
        log.debug("search index entries per language: %s", counts)
    if rebuild is not None:
        incremental.finish(rebuild)
        if rebuild.partial:
            log.info(incremental.summary(rebuild))
