"""MkDocs adapter for the reader features: downloads, the annotations page, edit links of
generated pages, absolute hreflang alternates and the per-language 404 page.

Thin on purpose: the work happens in ``imgsynth`` (``downloads/``, ``site.py``, ``urls.py``).
Every event runs once per language (mkdocs-static-i18n); per-build state is reset in
``on_config``. Registered after ``hooks/timeline.py`` in ``mkdocs.yml``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from imgsynth import LANGUAGES
from imgsynth.build import BuildInputs, load_site
from imgsynth.downloads import FEED
from imgsynth.downloads.files import downloads
from imgsynth.errors import ContentErrors
from imgsynth.site import ANNOTATIONS_MARKER, build_language, language_prefix
from imgsynth.sitemaps import language_sitemap
from imgsynth.urls import OG_LOCALES, absolute_alternates

log = get_plugin_logger("reader")

_build: dict[str, Any] = {}
"""Per-build state; reset in on_config (hook modules live across `mkdocs serve` rebuilds)."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _build.clear()
    return config


def _language(config: MkDocsConfig) -> str:
    return build_language(config.theme.get("language"))


def _inputs(config: MkDocsConfig) -> BuildInputs:
    root = Path(config.config_file_path).parent
    try:
        return load_site(root / config.extra.get("content_dir", "content"), project_root=root)
    except ContentErrors as errors:  # hooks/timeline.py reports these first; same message
        raise PluginError(errors.report()) from None


@event_priority(-200)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang = _language(config)
    site = _inputs(config).site
    prefix = language_prefix(lang)
    for item in downloads(site.content, site.papers, lang, config.site_url or ""):
        file = File.generated(config, item.path, content=item.content)
        file.dest_uri = prefix + item.path
        files.append(file)
    log.debug("added the downloads of '%s'", lang)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # generated entry pages carry their source file's edit link in the front matter
    if page.file.generated_by and page.meta.get("edit_url"):
        page.edit_url = page.meta["edit_url"]
    if ANNOTATIONS_MARKER in markdown:
        markdown = markdown.replace(ANNOTATIONS_MARKER, _inputs(config).site.annotations(_language(config)))
    return markdown


def _switcher(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The language switcher's links. mkdocs-static-i18n sets them per page as an *attribute*
    of ``config.extra`` (which the theme reads first), not as a key."""
    return list(vars(config.extra).get("alternate") or config.extra.get("alternate") or [])


def _language_homes(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The switcher's entries pointing at each language's home page (an absolute path)."""
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    homes = [dict(alt) for alt in _switcher(config)]
    for alt in homes:
        if alt.get("lang") in LANGUAGES:
            alt["link"] = base + language_prefix(alt["lang"])
    return homes


def _head(config: MkDocsConfig) -> dict[str, Any]:
    lang = _language(config)
    site_url = config.site_url or ""
    return {
        # The <head> alternates name the language homes: Material looks for sitemap.xml beside
        # each of them (mkdocs-material#6582) to keep the reader on the same page when they
        # switch; each page's own alternates are in the sitemaps (and the switcher's links).
        "alternates": absolute_alternates(_language_homes(config), site_url, LANGUAGES[0]),
        "feed": f"{site_url}{language_prefix(lang)}{FEED}" if site_url else "",
        "home": urlsplit(site_url or "/").path.rstrip("/") + "/" + language_prefix(lang),
        "locale": OG_LOCALES.get(lang, lang),
        "lang": lang,
    }


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    # runs after mkdocs-static-i18n (priority 50) has set this page's alternates
    context["ty_head"] = _head(config)
    return context


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == "404.html":
        alternates = _language_homes(config)  # not the alternates of the last page built
        config.extra["alternate"] = alternates
        config.extra.alternate = alternates  # what the theme reads (see _switcher)
        context["ty_head"] = _head(config)
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Each language gets its own 404 page (mkdocs-static-i18n would write them all to the root)."""
    lang = _language(config)
    if template_name != "404.html" or lang == LANGUAGES[0]:
        return output
    path = os.path.join(config.site_dir, language_prefix(lang), "404.html")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(output)
    return ""  # nothing written at the root: the default language's 404 page stays


@event_priority(-150)
def on_post_build(config: MkDocsConfig) -> None:
    """Once every language is built (after mkdocs-static-i18n's on_post_build, -100, which runs
    the other languages' builds): give each other language its own sitemap.xml."""
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False) or not config.site_url:
        return
    root = Path(config.site_dir)
    sitemap = root / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    for lang in LANGUAGES[1:]:
        prefix = language_prefix(lang)
        target = root / prefix / "sitemap.xml"
        target.write_text(language_sitemap(text, config.site_url.rstrip("/") + "/" + prefix), encoding="utf-8")
