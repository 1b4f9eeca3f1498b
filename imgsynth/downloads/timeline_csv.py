"""``timeline.csv``: one row per entry, in one language (``timeline.csv``, ``en/timeline.csv``).

For spreadsheets and scripts. RFC 4180 (comma-separated, fields quoted when needed, CRLF line
ends), UTF-8 without a byte-order mark; the first row names the columns (:data:`COLUMNS`). The
title is in the file's language; the other columns are the same in both files. Dates keep
their precision (``2014``, ``2014-06``, ``2014-06-10``, as ``precision`` says): never padded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from imgsynth.content.entries import Entry
from imgsynth.content.load import Content
from imgsynth.downloads.timeline_json import entry_facts
from imgsynth.render.bibtex import venue_name
from imgsynth.render.pagemeta import paper_authors

COLUMNS = (
    "id",
    "date",
    "precision",
    "era",
    "kind",
    "origin",
    "title",
    "arxiv_id",
    "doi",
    "venue",
    "first_author",
    "primary_link",
)


def primary_link(entry: Entry, paper: Mapping[str, Any] | None) -> str:
    """The work itself: its arXiv page, else its own page (``work.url``), else the entry's first link
    or first source."""
    if entry.arxiv:
        return f"https://arxiv.org/abs/{entry.arxiv}"
    if entry.work.get("url"):
        return str(entry.work["url"])
    if entry.links:
        return entry.links[0].url
    sources = getattr(entry, "sources", None) or []
    return str(getattr(sources[0], "url", "")) if sources else ""


def row(entry: Entry, paper: Mapping[str, Any] | None, lang: str) -> dict[str, str]:
    """The entry's row: column name -> text."""
    paper = paper or {}
    authors = paper_authors(entry, paper)
    return {
        **entry_facts(entry),
        "title": entry.title[lang],
        "arxiv_id": entry.arxiv or "",
        "doi": str(paper.get("doi") or entry.work.get("doi") or ""),
        "venue": venue_name(str(entry.work.get("venue") or "")) or str(paper.get("journal_ref") or ""),
        "first_author": authors[0] if authors else "",
        "primary_link": primary_link(entry, paper),
    }


def rows(content: Content, papers: Mapping[str, Any], lang: str) -> list[dict[str, str]]:
    return [row(entry, papers.get(entry.arxiv) if entry.arxiv else None, lang) for entry in content.entries]


def timeline_csv(content: Content, papers: Mapping[str, Any], lang: str) -> str:
    """The whole timeline in ``lang`` as CSV text (same content, same bytes)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(content, papers, lang))
    return out.getvalue()
