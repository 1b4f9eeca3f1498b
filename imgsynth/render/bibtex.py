"""BibTeX records of the works in the timeline. Pure: facts in, text out.

``bibtex_for(entry, paper)`` is public: the entry cards use it, and so can a site-wide
``papers.bib``. arXiv papers get arXiv's own shape (``@misc`` with ``eprint``,
``archivePrefix``, ``primaryClass``); other works are built from the entry's ``work:`` facts.
Nothing is filled in that the facts do not give (an unknown field is left out).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from imgsynth.content.entries import Entry

_KEY_STOPWORDS = {"a", "an", "the", "on", "of", "for", "with", "and", "in", "to", "is", "are"}
_NEW_STYLE_ID = re.compile(r"^(?P<yy>[0-9]{2})(?P<mm>[0-9]{2})\.[0-9]{4,5}$")


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _balanced(text: str) -> bool:
    depth = 0
    for index, char in enumerate(text):
        if char in "{}" and index and text[index - 1] == "\\":
            continue
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth < 0:
            return False
    return depth == 0


def bibtex_value(text: str) -> str:
    """A field value safe inside ``{...}``: unbalanced braces and TeX specials are escaped."""
    text = " ".join(str(text).split())
    if not _balanced(text):
        text = text.replace("{", r"\{").replace("}", r"\}")
    return re.sub(r"(?<!\\)([%&#])", r"\\\1", text)


def arxiv_year(paper: Mapping[str, Any]) -> str:
    """The first version's year; for a new-style id without a known date, the year the id encodes."""
    published = str(paper.get("published") or "")
    if published[:4].isdigit():
        return published[:4]
    match = _NEW_STYLE_ID.match(str(paper.get("id") or ""))
    return f"20{match.group('yy')}" if match else ""


def citation_key(authors: list[str], year: str, title: str) -> str:
    surname = _ascii_word(authors[0].split()[-1]) if authors and authors[0].split() else "anon"
    words = [_ascii_word(w) for w in title.split()]
    first = next((w for w in words if w and w not in _KEY_STOPWORDS), "")
    return f"{surname}{year}{first}" or "work"


def _format(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {{{bibtex_value(value)}}}," for name, value in fields if str(value).strip()]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines + ["}"])


def bibtex_for(entry: Entry, paper: Mapping[str, Any] | None) -> str:
    """The BibTeX record of the entry's work ("" when there are no facts to cite)."""
    if entry.arxiv and paper:
        return _arxiv_record(entry, paper)
    if entry.work.get("authors") or entry.work.get("venue"):
        return _work_record(entry)
    return ""


def _arxiv_record(entry: Entry, paper: Mapping[str, Any]) -> str:
    arxiv_id = str(paper.get("id") or entry.arxiv)
    authors = list(paper.get("authors") or [])
    title = str(paper.get("title") or "")
    year = arxiv_year({**paper, "id": arxiv_id})
    fields = [
        ("title", title),
        ("author", " and ".join(authors)),
        ("year", year),
        ("eprint", arxiv_id),
        ("archivePrefix", "arXiv"),
        ("primaryClass", str(paper.get("primary_category") or "")),
        ("journal", str(paper.get("journal_ref") or "")),
        ("doi", str(paper.get("doi") or "")),
        ("url", f"https://arxiv.org/abs/{arxiv_id}"),
    ]
    return _format("misc", citation_key(authors, year, title), fields)


def _work_record(entry: Entry) -> str:
    work = entry.work
    authors = list(work.get("authors") or [])
    title = str(work.get("title") or entry.title.get("en", ""))
    year = str(work.get("year") or entry.date.year)
    venue = str(work.get("venue") or "")
    if work.get("volume") or work.get("issue"):
        kind, venue_field = "article", "journal"
    elif entry.kind in ("paper", "dataset") and venue:
        kind, venue_field = "inproceedings", "booktitle"
    else:
        kind, venue_field = "misc", "howpublished"
    fields = [
        ("title", title),
        ("author", " and ".join(authors)),
        (venue_field, venue),
        ("volume", str(work.get("volume") or "")),
        ("number", str(work.get("issue") or "")),
        (
            "pages",
            str(work.get("pages") or "").replace("-", "--")
            if "--" not in str(work.get("pages") or "")
            else str(work.get("pages")),
        ),
        ("publisher", str(work.get("publisher") or "")),
        ("year", year),
        ("doi", str(work.get("doi") or "")),
        ("url", str(work.get("url") or "")),
    ]
    return _format(kind, citation_key(authors, year, title), fields)
