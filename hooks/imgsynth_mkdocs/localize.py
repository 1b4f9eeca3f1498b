"""Per-language settings mkdocs-static-i18n cannot override: the heading permalink's title and
the title of a note's link back to the text.

``markdown_extensions`` are global in ``mkdocs.yml`` and the plugin's per-language overrides do
not reach them, so every language would share one ``toc.permalink_title`` and one
``footnotes.BACKLINK_TITLE``. Each language's build runs ``on_config`` again (after the plugin's,
which sets the language); :func:`localize` sets both from ``imgsynth/render/strings.yaml`` there,
before any page is rendered (MkDocs makes each page's Markdown converter from ``mdx_configs``;
tests/adapter/test_adapter_private_apis.py checks it).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from imgsynth.render import strings
from imgsynth_mkdocs import i18n


def localize(config: MkDocsConfig) -> None:
    """Set the language-dependent Markdown settings of the build being configured."""
    t = strings()[i18n.build_language(config)]
    toc = config.mdx_configs.get("toc")
    if isinstance(toc, dict) and toc.get("permalink"):
        toc["permalink_title"] = t["permalink_title"]
    if "footnotes" in config.markdown_extensions:
        config.mdx_configs.setdefault("footnotes", {})["BACKLINK_TITLE"] = t["footnote_backlink_title"]
