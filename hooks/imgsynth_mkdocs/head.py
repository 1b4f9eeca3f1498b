"""What ``overrides/main.html`` puts in each page's <head> beyond Material's own: per page.

* ``alternates`` — the page's own counterparts as absolute URLs on the published host, with
  ``x-default`` (the default language's page). They come from the language switcher
  mkdocs-static-i18n sets for the page (links relative to the page, or absolute paths for the
  homes), resolved against the site's root URL. Material would fetch a sitemap.xml beside
  each of them (mkdocs-material#6582); ``docs/assets/javascripts/site.js`` keeps it from doing so,
  and the switcher's links lead to the counterpart by themselves.
* ``is_home`` — a language's home page, whose <title> is the site name alone (not doubled).
* ``jsonld`` — schema.org JSON-LD (:mod:`imgsynth.render.jsonld`), with the page's URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

from imgsynth.languages import DEFAULT, prefix
from imgsynth.render.jsonld import script_text
from imgsynth_mkdocs.alternates import absolute_alternates


def page_url(site_url: str, url: str) -> str:
    """The absolute URL of a page from ``site_url`` and the page's site-relative URL."""
    return urljoin(site_url.rstrip("/") + "/", url)


def page_alternates(switcher: Iterable[Mapping[str, Any]], site_url: str) -> list[dict[str, str]]:
    """``[{hreflang, href}]`` for the page's counterparts, plus ``x-default``.

    ``switcher`` holds ``{lang, link}`` as the plugin sets them for this page: ``link`` relative
    to the site's root (``en/milestones/gan/``; Material's ``url`` filter makes it relative to the
    page in the switcher) or an absolute path (``/ten-years/en/``, the homes). An entry without a
    link is left out; without a ``site_url`` the list is empty.
    """
    return absolute_alternates([alt for alt in switcher if alt.get("link")], site_url, DEFAULT)


def is_home(url: str, lang: str) -> bool:
    """True for a language's home page (``''`` for the default language, ``en/`` for English)."""
    return url.strip("/") == prefix(lang).strip("/")


def page_head(
    base: Mapping[str, Any],
    *,
    lang: str,
    url: str,
    site_url: str,
    switcher: Iterable[Mapping[str, Any]],
    jsonld: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The language's head data (``base``) with this page's alternates, home flag and JSON-LD."""
    head = dict(base)
    absolute = page_url(site_url, url) if site_url else ""
    head["alternates"] = page_alternates(switcher, site_url) if site_url else []
    head["is_home"] = is_home(url, lang)
    head["jsonld"] = ""
    if jsonld:
        data = dict(jsonld)
        if absolute:
            data = (
                {**data, "url": absolute} if data.get("@type") == "Dataset" else {**data, "mainEntityOfPage": absolute}
            )
        head["jsonld"] = script_text(data)
    return head
