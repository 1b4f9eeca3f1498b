"""schema.org JSON-LD for the pages' <head>: entry pages describe their work, the data page the dataset.

Pure data in, dicts out; the adapter adds the page's absolute URL (``url``) and serialises with
:func:`script_text`. Dates keep their precision: a month-precision date is ``2014-06`` (ISO 8601
allows it and so does schema.org's ``Date``), never padded with an invented day.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from imgsynth.content.entries import Entry
from imgsynth.languages import LANGUAGES
from imgsynth.render.latex import latex_to_text

SCHEMA = "https://schema.org"

SCHOLARLY_KINDS = frozenset({"paper"})
"""Kinds whose work is a ``ScholarlyArticle``; an entry with an arXiv id is one too."""

TYPES = {"dataset": "Dataset", "software": "SoftwareSourceCode", "post": "BlogPosting", "artwork": "VisualArtwork"}
"""schema.org types of the other kinds; anything else (events, models) is a ``CreativeWork``."""

LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def work_type(entry: Entry) -> str:
    if entry.arxiv or entry.kind in SCHOLARLY_KINDS:
        return "ScholarlyArticle"
    return TYPES.get(entry.kind, "CreativeWork")


def entry_jsonld(
    entry: Entry, paper: Mapping[str, Any] | None, lang: str, authors: Sequence[str], description: str
) -> dict[str, Any]:
    """The work an entry page is about (the adapter adds ``url``: the page itself)."""
    paper = paper or {}
    title = latex_to_text(str(paper.get("title") or entry.work.get("title") or entry.title["en"]))
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": work_type(entry),
        "name": entry.title[lang],
        "headline": title,
        "description": description,
        "inLanguage": lang,
        "datePublished": entry.date.iso(),
    }
    if authors:
        data["author"] = [{"@type": "Person", "name": name} for name in authors]
    same_as = []
    if entry.arxiv:
        same_as.append(f"https://arxiv.org/abs/{entry.arxiv}")
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "arXiv", "value": entry.arxiv}
    doi = str(paper.get("doi") or entry.work.get("doi") or "")
    if doi:
        same_as.append(f"https://doi.org/{doi}")
    if entry.work.get("url"):
        same_as.append(str(entry.work["url"]))
    if same_as:
        data["sameAs"] = same_as
    venue = str(entry.work.get("venue") or "")
    if venue:
        data["isPartOf"] = {"@type": "PublicationIssue" if entry.work.get("issue") else "CreativeWork", "name": venue}
    if entry.until is not None:
        data["temporalCoverage"] = f"{entry.date.iso()}/{entry.until.iso()}"
    if entry.tags:
        data["keywords"] = list(entry.tags)
    return data


def dataset_jsonld(
    name: str,
    description: str,
    files: Sequence[tuple[str, str]],
    updated: str,
    creator: str,
) -> dict[str, Any]:
    """The data page: the timeline as a dataset; ``files`` are ``(absolute URL, media type)``."""
    return {
        "@context": SCHEMA,
        "@type": "Dataset",
        "name": name,
        "description": description,
        "inLanguage": list(LANGUAGES),
        "license": LICENCE,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": creator},
        **({"dateModified": updated} if updated else {}),
        "distribution": [
            {"@type": "DataDownload", "contentUrl": url, "encodingFormat": media_type} for url, media_type in files
        ],
        "keywords": ["image synthesis", "generative models", "timeline", "图像合成"],
    }


def script_text(data: Mapping[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">``: '<', '>' and '&' escaped, so no text
    in it can close the element."""
    text = json.dumps(dict(data), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
