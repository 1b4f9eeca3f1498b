"""One search index per language (workaround: mkdocs-static-i18n merges them into one).

mkdocs-static-i18n 1.3.1 stacks every language's search entries into the one
``search/search_index.json`` at the site root, so a search on ``/en/`` also finds Chinese pages
and every page view downloads both languages. After the whole build, :func:`split_index` cuts
that file into one index per language: the default language keeps ``search/search_index.json``
(its pages only); every other language gets ``<prefix>search/search_index.json`` with its
locations made relative to its own root (``en/milestones/gan/`` -> ``milestones/gan/``).

Material loads the index from ``search/search_index.json`` next to ``config.base`` (the
``#__config`` JSON of each page) and resolves result locations against the same base, so
:func:`language_base` points a non-default language's pages at that language's root.
Chinese segmentation is untouched: Material's search plugin still segments with jieba when it
indexes each page (U+200B in the configured separator).

What is indexed: what a reader searches for. :func:`mark_excluded` adds Material's
``data-search-exclude`` to the parts of a page that repeat what another page holds or that no
one searches (:data:`NOT_SEARCHED`): the timeline's entry list (each entry has its own page),
its filters, legend and jump links, the work's card (facts, authors, abstract, BibTeX), the lineage and
neighbour links, figure credit lines, source lists, the credits list. Maintainer pages say
``search: {exclude: true}`` in their front matter. :func:`split_index` also drops sections left
without text and the HTML tags Material keeps in the text.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from imgsynth.languages import DEFAULT, LANGUAGES, prefix

INDEX = "search/search_index.json"

NOT_SEARCHED = frozenset(
    {
        "ty-skip-overview",
        "ty-overview",
        "ty-filters",
        "ty-legend",
        "ty-jump",
        "ty-sections",
        "ty-year",
        "ty-timeline",
        "ty-meta",
        "ty-card",
        "ty-lineage",
        "ty-pager",
        "ty-contribute",
        "ty-figure",
        "ty-annotations__entry",
        "ty-annotation__meta",
        "ty-credit",
        "ty-fields",
        "ty-preview",
        "ty-data-table",
        "ty-cite__bibtex",
        "footnote",
    }
)
"""Classes of the elements left out of the search index (with everything inside them).

Material's search parser compares elements by tag name only: an excluded ``<div>`` stops being
excluded at the first ``</div>`` inside it. So each class here names an element that holds no
element of its own tag (the ``<ol>`` of a year, not the era's ``<div>``; each credit's
``<article>``, not the list's ``<div>``); tests/adapter/test_adapter_private_apis.py checks that behaviour and
tests/render/test_reader_site.py the built index.
"""

_START_TAG = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*?\bclass="([^"]*)"[^<>]*?)(/?)>')
_TAGS_IN_TEXT = re.compile(r"</?(?:p|code|ul|ol|li|em|strong|b|i|a|sup|sub|kbd|abbr|small|span)\b[^>]*>")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def language_of(location: str) -> str:
    """The language of an index location (``en/milestones/gan/#work`` -> ``en``)."""
    for lang in LANGUAGES:
        if lang != DEFAULT and location.startswith(prefix(lang)):
            return lang
    return DEFAULT


def mark_excluded(html: str) -> str:
    """``html`` with ``data-search-exclude`` on every element whose class is in :data:`NOT_SEARCHED`."""

    def mark(match: re.Match[str]) -> str:
        if "data-search-exclude" in match.group(2) or not NOT_SEARCHED.intersection(match.group(3).split()):
            return match.group(0)
        return f'<{match.group(1)}{match.group(2)} data-search-exclude="true"{match.group(4)}>'

    return _START_TAG.sub(mark, html)


def _clean(doc: dict) -> dict | None:
    """The index item with the tags Material keeps in its text removed; None for an empty section."""
    text = _TAGS_IN_TEXT.sub("", str(doc.get("text", "")))
    text = re.sub(r"[ \t\n]{2,}", " ", text).strip()
    if not text and "#" in str(doc.get("location", "")):
        return None
    return {**doc, "text": text}


def split_index(site_dir: Path, merge: Callable[[list[dict]], list[dict]] | None = None) -> dict[str, int]:
    """Rewrite the merged index as one index per language; returns the number of entries of each.

    ``merge`` may complete the merged index's items first (a dirty rebuild indexes only the
    pages it wrote: ``incremental.merge_index``). Nothing happens when there is no index
    (search disabled).
    """
    root = Path(site_dir) / INDEX
    if not root.is_file():
        return {}
    data = json.loads(root.read_text(encoding="utf-8"))
    docs = data.get("docs") or []
    if merge is not None:
        docs = merge(docs)
    per_language: dict[str, list[dict]] = {lang: [] for lang in LANGUAGES}
    for doc in docs:
        lang = language_of(str(doc.get("location", "")))
        item = _clean(doc)
        if item is None:
            continue
        item["location"] = str(item.get("location", ""))[len(prefix(lang)) :]
        per_language[lang].append(item)
    counts = {}
    for lang, items in per_language.items():
        target = Path(site_dir) / prefix(lang) / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        document = {**data, "docs": items}
        target.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        counts[lang] = len(items)
    return counts


def language_base(html: str, lang: str) -> str:
    """The page with Material's ``config.base`` pointing at ``lang``'s root (default: unchanged)."""
    if lang == DEFAULT or not prefix(lang):
        return html
    match = _CONFIG.search(html)
    if not match:
        return html
    config = json.loads(match.group(2))
    base = str(config.get("base", "."))
    if base.startswith(("/", "http:", "https:")):  # an absolute base (the 404 page): join the prefix
        joined = base.rstrip("/") + "/" + prefix(lang)
    else:  # relative: '..', '../..' or '.'; the prefix ends with '/', so the base keeps its slash
        joined = posixpath.join(base, prefix(lang))
    if joined.startswith("./"):
        joined = joined[2:]
    config["base"] = joined
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")  # as Jinja's tojson
    return html[: match.start(2)] + text + html[match.end(2) :]
