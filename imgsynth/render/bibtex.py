"""BibTeX records of the works in the timeline. Pure: facts in, text out.

``bibtex_for(entry, paper)`` is public: the entry cards use it, and so does the site-wide
``papers.bib``. A work with a known venue is cited there: ``@article`` with ``journal`` (a
journal: volume or issue known) or ``@inproceedings`` with ``booktitle``; an arXiv paper keeps
``eprint``, ``archivePrefix`` and ``primaryClass`` either way, and is ``@misc`` only while no
venue is known. Acronyms and proper names in titles are brace-protected (``{ImageNet}``,
``{GANs}``, ``{Wasserstein}``) so bibliography styles do not lower-case them. Keys are made from
the first author's surname, the year and the first word of the title (``goodfellow2014generative``):
the same facts always give the same key. Nothing is filled in that the facts do not give.
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


PROPER_NAMES = frozenset(
    {"Wasserstein", "Gaussian", "Markov", "Langevin", "Bayes", "Bayesian", "Inception", "Transformer", "Transformers"}
)
"""Title words BibTeX styles must not lower-case although only their first letter is a capital."""

_WORD = re.compile(r"[^\s{}]+")


def _needs_braces(word: str) -> bool:
    """An acronym (CLIP, GANs, VQ-VAE-2), a name with an inner capital (ImageNet, DreamBooth,
    StyleGAN2), letters and digits mixed (pix2pix), or a listed proper name (Wasserstein)."""
    core = word.strip(".,:;!?\"'()[]")
    if not core or not any(c.isalpha() for c in core):
        return False
    if core.rstrip("s") in PROPER_NAMES or core in PROPER_NAMES:
        return True
    for part in re.split(r"[-–/]", core):
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        if any(c.isupper() for c in part[1:]) or (any(c.isdigit() for c in part) and len(letters) > 1):
            return True
    return False


def protect_title(title: str) -> str:
    """The title with each acronym and proper name in braces; text already in braces is left alone."""
    if "{" in title or "}" in title:
        return title  # already protected by hand (or LaTeX): trust it

    def brace(match: re.Match[str]) -> str:
        word = match.group(0)
        if not _needs_braces(word):
            return word
        lead = len(word) - len(word.lstrip("\"'(["))
        trail = len(word) - len(word.rstrip(".,:;!?\"')]"))
        core = word[lead : len(word) - trail]
        return f"{word[:lead]}{{{core}}}{word[len(word) - trail :]}"

    return _WORD.sub(brace, title)


def venue_name(venue: str) -> str:
    """A venue as a BibTeX field wants it: without our remarks ("(oral)", ", as ...", "(PMLR ...)")."""
    text = re.sub(r",\s*as\s+\".*?\"", "", venue)
    text = re.sub(r"\s*\((?:oral|spotlight|poster|short version|PMLR[^)]*)\)", "", text, flags=re.I)
    return " ".join(text.split()).strip(" ,")


def citation_key(authors: list[str], year: str, title: str) -> str:
    surname = _ascii_word(authors[0].split()[-1]) if authors and authors[0].split() else "anon"
    words = [_ascii_word(w) for w in title.split()]
    first = next((w for w in words if w and w not in _KEY_STOPWORDS), "")
    return f"{surname}{year}{first}" or "work"


def _format(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{kind}{{{key},"]
    lines += [
        f"  {name} = {{{protect_title(bibtex_value(value)) if name == 'title' else bibtex_value(value)}}},"
        for name, value in fields
        if str(value).strip()
    ]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines + ["}"])


def bibtex_for(entry: Entry, paper: Mapping[str, Any] | None) -> str:
    """The BibTeX record of the entry's work ("" when there are no facts to cite)."""
    if entry.arxiv and paper:
        return _arxiv_record(entry, paper)
    if entry.work.get("authors") or entry.work.get("venue"):
        return _work_record(entry)
    return ""


_CONFERENCE = re.compile(
    r"\b(?:Proceedings|Conference|Workshop|Symposium|Advances in Neural Information Processing Systems|"
    r"NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|ACL|EMNLP|AAAI|IJCAI|SIGGRAPH|PMLR)\b"
)


def _venue(entry: Entry, paper: Mapping[str, Any] | None) -> tuple[str, str, str]:
    """``(entry type, venue field, venue)`` from the entry's ``work:`` facts, else arXiv's journal
    reference. A journal is a venue with a volume or an issue that is not a conference's proceedings."""
    work = entry.work
    venue = venue_name(str(work.get("venue") or ""))
    if venue:
        if (work.get("volume") or work.get("issue")) and not _CONFERENCE.search(venue):
            return "article", "journal", venue
        if entry.arxiv or entry.kind in ("paper", "dataset"):
            return "inproceedings", "booktitle", venue
        return "misc", "howpublished", venue
    journal_ref = str((paper or {}).get("journal_ref") or "")
    if journal_ref:
        return "article", "journal", journal_ref
    return "misc", "", ""


def _pages(work: Mapping[str, Any]) -> str:
    pages = str(work.get("pages") or "")
    return pages if "--" in pages else pages.replace("-", "--")


def _work_fields(
    title: str, authors: list[str], venue_field: str, venue: str, work: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """The fields every record starts with: title, authors, venue, volume, number and pages."""
    return [
        ("title", title),
        ("author", " and ".join(authors)),
        *([(venue_field, venue)] if venue_field else []),
        ("volume", str(work.get("volume") or "")),
        ("number", str(work.get("issue") or "")),
        ("pages", _pages(work)),
    ]


def _arxiv_record(entry: Entry, paper: Mapping[str, Any]) -> str:
    arxiv_id = str(paper.get("id") or entry.arxiv)
    authors = list(paper.get("authors") or [])
    title = str(paper.get("title") or "")
    year = arxiv_year({**paper, "id": arxiv_id})
    kind, venue_field, venue = _venue(entry, paper)
    work = entry.work
    fields = [
        *_work_fields(title, authors, venue_field, venue, work),
        ("year", str(work.get("year") or year) if venue_field else year),
        ("eprint", arxiv_id),
        ("archivePrefix", "arXiv"),
        ("primaryClass", str(paper.get("primary_category") or "")),
        ("doi", str(paper.get("doi") or work.get("doi") or "")),
        ("url", f"https://arxiv.org/abs/{arxiv_id}"),
    ]
    return _format(kind, citation_key(authors, year, title), fields)


def _work_record(entry: Entry) -> str:
    work = entry.work
    authors = list(work.get("authors") or [])
    title = str(work.get("title") or entry.title.get("en", ""))
    year = str(work.get("year") or entry.date.year)
    kind, venue_field, venue = _venue(entry, None)
    fields = [
        *_work_fields(title, authors, venue_field, venue, work),
        ("publisher", str(work.get("publisher") or "")),
        ("year", year),
        ("doi", str(work.get("doi") or "")),
        ("url", str(work.get("url") or "")),
    ]
    return _format(kind, citation_key(authors, year, title), fields)
