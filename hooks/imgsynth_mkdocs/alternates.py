"""Absolute hreflang alternates (with ``x-default``) for the page head, from the language switcher."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin


def absolute_alternates(
    alternates: Iterable[Mapping[str, Any]], site_url: str, default_lang: str
) -> list[dict[str, str]]:
    """``[{hreflang, href}]`` with absolute hrefs, plus ``x-default`` (the default language's page).

    ``alternates`` is the language switcher's list (``config.extra.alternate``): each link is
    either site-relative (``en/milestones/gan/``) or an absolute path (``/ten-years/en/``).
    Without a ``site_url`` nothing absolute can be made: the list is empty.
    """
    if not site_url:
        return []
    root = site_url.rstrip("/") + "/"
    result = []
    for alt in alternates:
        lang, link = str(alt.get("lang") or ""), str(alt.get("link") or "")
        if not lang:
            continue
        href = urljoin(root, link)
        result.append({"hreflang": lang, "href": href})
        if lang == default_lang:
            result.append({"hreflang": "x-default", "href": href})
    return result
