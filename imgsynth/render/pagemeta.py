"""Metadata of a generated entry page: description, edit link and citation facts.

Handed to the adapter as data (no YAML round trip); the theme's ``overrides/main.html`` turns
it into ``<meta>`` tags (``citation_*`` for Zotero and Google Scholar, Open Graph) and the
adapter sets the page's edit link from it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from imgsynth.content.entries import Entry
from imgsynth.render.jsonld import entry_jsonld
from imgsynth.render.latex import latex_to_text
from imgsynth.render.markdown import first_paragraph

_TAGS = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")
DESCRIPTION_LIMIT = 200


def plain_text(markdown: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """A Markdown paragraph as plain text (links keep their text), cut at ``limit`` characters."""
    text = _MARKUP.sub(lambda m: m.group(1) or "", _TAGS.sub("", markdown))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def paper_authors(entry: Entry, paper: Mapping[str, Any] | None) -> list[str]:
    """Authors from the arXiv metadata, else from the entry's own ``work.authors``."""
    authors = (paper or {}).get("authors") or entry.work.get("authors") or []
    names = []
    for author in authors:
        name = author.get("name", "") if isinstance(author, Mapping) else str(author)
        name = latex_to_text(name).strip()
        if name:
            names.append(name)
    return names


def citation(entry: Entry, paper: Mapping[str, Any] | None, lang: str) -> dict[str, Any]:
    """The ``citation_*`` facts of an entry's work; empty when the entry is not a work."""
    if not (entry.arxiv or entry.work):
        return {}
    paper = paper or {}
    # citation_*_date takes a full date or a year: a date known to the month gives its year only
    published = str(paper.get("published") or "")[:10] or (
        entry.date.iso() if entry.date.precision == "day" else str(entry.date.year)
    )
    facts: dict[str, Any] = {
        "title": latex_to_text(str(paper.get("title") or entry.work.get("title") or entry.title["en"])),
        "authors": paper_authors(entry, paper),
        "date": published.replace("-", "/"),
    }
    if entry.arxiv:
        facts["arxiv_id"] = entry.arxiv
    pdf = paper.get("pdf_url") or paper.get("pdf") or entry.work.get("pdf")
    if not pdf and entry.arxiv:
        pdf = f"https://arxiv.org/pdf/{entry.arxiv}"
    if pdf:
        facts["pdf_url"] = str(pdf)
    venue = entry.work.get("venue")
    if venue:
        facts["conference_title"] = str(venue)
    return facts


def entry_meta(entry: Entry, paper: Mapping[str, Any] | None, lang: str, edit_url: str = "") -> dict[str, Any]:
    """The metadata of an entry page, as a page's front matter would give it."""
    description = plain_text(first_paragraph(entry.prose[lang]))
    data: dict[str, Any] = {
        "description": description,
        "og_type": "article",
        "entry_id": entry.id,
        "jsonld": entry_jsonld(entry, paper, lang, paper_authors(entry, paper), description),
    }
    if edit_url:
        data["edit_url"] = edit_url
    facts = citation(entry, paper, lang)
    if facts:
        data["citation"] = facts
    return data
