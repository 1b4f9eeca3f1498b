"""Every private part of mkdocs-static-i18n (1.3.1) and Material (9.x) the adapter touches.

They are not public APIs, so they are all here, listed in the README ("The MkDocs adapter"),
and each has a test in ``tests/adapter/test_adapter_private_apis.py`` that fails when it changes. The
README's list also names the undocumented behaviour the other modules rely on (``search.py``,
``localize.py``, ``reader.py``'s 404 pages, ``site.js``), tested there too.

1. ``I18n.building`` — True while the plugin runs the other languages' builds inside the
   default language's ``on_post_build``: per-build work must not be redone then.
2. ``I18n.i18n_files_per_language`` — the per-language page lists its ``sitemap.xml`` template
   reads; the generated entry pages are added to it.
3. ``File.alternates``, ``File.locale``, ``File.locale_alternate_of``, ``File.localization`` —
   what the plugin sets on each file in its ``on_files`` and reads in ``on_page_context`` to
   build the language switcher; set on the generated files too.
4. ``config.extra.alternate`` as an *attribute* — the plugin sets the switcher per page on the
   ``extra`` config object as an attribute (read first by Material's templates), not as a key.
5. ``theme["language"]`` — reconfigured per language by the plugin; it tells which language
   is being built.
6. Material's ``SearchPlugin.is_dirty`` and ``.search_index_prev`` — in a dirty build Material
   merges its index with the previous build's by the first item's page only, which with the
   plugin's stacking of languages keeps every old item: the index grew by megabytes per
   rebuild. The adapter turns that off and keeps the items of the pages not rebuilt itself
   (``incremental.merge_index``).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from imgsynth.languages import DEFAULT, LANGUAGES

PLUGIN = "i18n"


def _plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get(PLUGIN)


def inner_build(config: MkDocsConfig) -> bool:
    """True inside the other languages' builds that mkdocs-static-i18n runs from its ``on_post_build``."""
    return bool(getattr(_plugin(config), "building", False))


def build_language(config: MkDocsConfig) -> str:
    """The language being built: the theme's language (set per build by the i18n plugin), or the default."""
    language = config.theme.get("language")
    return language if language in LANGUAGES else DEFAULT


def sitemap_pages(config: MkDocsConfig, lang: str) -> list[File] | None:
    """The plugin's list of ``lang``'s pages for ``sitemap.xml`` (None without the plugin)."""
    return getattr(_plugin(config), "i18n_files_per_language", {}).get(lang)


def set_alternates(file: File, lang: str, alternates: dict[str, File]) -> None:
    """Make a generated file take part in the language switcher like the plugin's own files."""
    file.alternates = alternates
    file.locale = lang
    file.locale_alternate_of = lang
    file.localization = None


def switcher(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The language switcher's links as the plugin set them for the current page."""
    return list(vars(config.extra).get("alternate") or config.extra.get("alternate") or [])


def set_switcher(config: MkDocsConfig, alternates: list[dict[str, Any]]) -> None:
    """Replace the switcher's links (both where the plugin and where the theme read them)."""
    config.extra["alternate"] = alternates
    config.extra.alternate = alternates


def keep_search_index_whole(config: MkDocsConfig) -> None:
    """Turn off Material's own merging of a dirty build's search index with the previous one."""
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "is_dirty"):
            plugin.is_dirty = False
            plugin.search_index_prev = None
