"""Gather the external links of a built site, each with the source files it comes from."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from imgsynth.links.internal import SiteIndex
from imgsynth.links.sources import SourceMap

_CHECKED_TAGS = {"a", "area"}
"""Links a reader follows; ``<link>``/``<script>`` targets are the theme's or the site's own."""


def external_links(site_dir: Path, sources: SourceMap, site_url: str | None = None) -> dict[str, set[str]]:
    """URL -> source files, over every page of both languages (so each URL is checked once)."""
    own = site_url.rstrip("/") + "/" if site_url else None
    found: dict[str, set[str]] = defaultdict(set)
    index = SiteIndex(site_dir)
    for page in index.pages():
        scanned = index.scan(page)
        for link in scanned.links:
            url = link.target
            if link.tag not in _CHECKED_TAGS or not url.lower().startswith(("http://", "https://")):
                continue
            if own and (url + "/").startswith(own):
                continue  # the site itself: the internal check covers it
            found[url].add(sources.source_for(page, link.item, scanned.is_chrome(link)))
    return dict(found)
