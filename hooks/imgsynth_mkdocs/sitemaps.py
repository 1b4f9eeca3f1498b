"""Workaround: a language's own ``sitemap.xml``, cut from the site-wide one.

mkdocs-static-i18n writes one sitemap at the site root (every page of every language, with
hreflang alternates). Material for MkDocs looks for ``sitemap.xml`` at each language's root
to map pages across languages, and a sitemap may only list URLs under its own folder, so each
other language gets the part of the root sitemap that lies under its prefix.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def language_sitemap(root_sitemap: str, language_root: str) -> str:
    """The ``<url>`` items of ``root_sitemap`` whose ``<loc>`` starts with ``language_root``."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    tree = ET.fromstring(root_sitemap)
    for url in list(tree):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc", default="").strip()
        if not loc.startswith(language_root):
            tree.remove(url)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"
