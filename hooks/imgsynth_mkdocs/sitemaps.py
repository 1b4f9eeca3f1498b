"""Workaround: each other language's own ``sitemap.xml``, published like any generated file.

mkdocs-static-i18n writes one sitemap at the site root (every page of every language, with
hreflang alternates), rendered from its ``sitemap.xml`` template, which replaces the theme's and
lists the pages of ``i18n_alternates`` (language -> its files). Material for MkDocs looks for
``sitemap.xml`` at each language's root to map pages across languages, and a sitemap may only
list URLs under its own folder. So each other language's build renders the same template with
its own pages only (:func:`language_sitemap`), before MkDocs copies the static files, and adds
it as a generated file under the language's prefix (``en/sitemap.xml``): MkDocs writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

TEMPLATE = "sitemap.xml"


def language_sitemap(env: Environment, config: MkDocsConfig, lang: str, pages: Sequence[File]) -> str:
    """The sitemap of ``pages`` (one language's), as the plugin's template writes the root one."""
    return env.get_template(TEMPLATE).render(config=config, i18n_alternates={lang: list(pages)})
