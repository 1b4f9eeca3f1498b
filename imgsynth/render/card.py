"""The card of a work: bibliographic facts from arXiv metadata or from the entry's own facts.

Everything here is untrusted text: LaTeX-ish values are made readable (:mod:`imgsynth.render.latex`)
and the template escapes them. The card goes into a Markdown page as one raw HTML block, so
it must not contain a blank line (Python-Markdown would end the block there and read the
rest as Markdown); :func:`render_card` removes any.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from imgsynth.arxiv.store import SOURCE_API
from imgsynth.content.entries import Entry
from imgsynth.render.bibtex import bibtex_for
from imgsynth.render.latex import latex_to_text

AUTHORS_SHOWN = 3
"""Authors named before "et al." when a list is collapsed."""
AUTHORS_COLLAPSE_AFTER = 6
"""Lists longer than this are collapsed into an expandable ``<details>``."""


_VIEW_KEYS = (
    "title",
    "authors",
    "version",
    "published",
    "updated",
    "primary",
    "categories",
    "abstract",
    "comment",
    "journal_ref",
    "arxiv_id",
    "abs_url",
    "pdf_url",
    "doi_url",
    "doi",
    "incomplete",
    "source",
    "abstract_source",
    "venue",
    "year",
    "details",
    "url",
)


def _doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}" if doi else ""


def paper_view(entry: Entry, paper: dict[str, Any]) -> dict[str, Any]:
    """What the card shows of an arXiv record, made readable (still to be escaped)."""
    arxiv_id = str(paper.get("id") or entry.arxiv)
    return {
        "title": latex_to_text(str(paper.get("title") or "")),
        "authors": [latex_to_text(str(a)) for a in paper.get("authors") or []],
        "version": paper.get("version"),
        "published": str(paper.get("published") or ""),
        "updated": str(paper.get("updated") or ""),
        "primary": str(paper.get("primary_category") or ""),
        "categories": [str(c) for c in paper.get("categories") or []],
        "abstract": latex_to_text(str(paper.get("abstract") or "")),
        "comment": latex_to_text(str(paper.get("comment") or "")),
        "journal_ref": latex_to_text(str(paper.get("journal_ref") or "")),
        "arxiv_id": arxiv_id,
        "abs_url": f"https://arxiv.org/abs/{arxiv_id}",
        "pdf_url": f"https://arxiv.org/pdf/{arxiv_id}",
        "doi_url": _doi_url(str(paper.get("doi") or "")),
        "doi": str(paper.get("doi") or ""),
        "incomplete": [str(f) for f in paper.get("incomplete") or []],
        "source": str(paper.get("source") or ""),
        "abstract_source": abstract_source(paper),
    }


def abstract_source(paper: dict[str, Any]) -> str:
    """Where the record's abstract was read (a ``strings.yaml`` key suffix): ``arxiv`` for an answer
    of the arXiv API, else the seeded record's ``abstract_source`` (``arxiv``, ``arxiv_mirror``,
    ``cvf``), ``unknown`` when the record does not say."""
    if paper.get("source") == SOURCE_API:
        return "arxiv"
    origin = str(paper.get("abstract_source") or "").replace("-", "_")
    return origin if origin in ("arxiv", "arxiv_mirror", "cvf") else "unknown"


def work_view(entry: Entry) -> dict[str, Any]:
    """What the card shows of a work without an arXiv record (its front-matter facts)."""
    work = entry.work
    doi = str(work.get("doi") or "")
    return {
        "title": str(work.get("title") or ""),
        "authors": [str(a) for a in work.get("authors") or []],
        "venue": str(work.get("venue") or ""),
        "year": str(work.get("year") or ""),
        "details": ", ".join(
            part
            for part in (
                f"vol. {work['volume']}" if work.get("volume") else "",
                f"no. {work['issue']}" if work.get("issue") else "",
                f"pp. {work['pages']}" if work.get("pages") else "",
                str(work.get("publisher") or ""),
            )
            if part
        ),
        "url": str(work.get("url") or ""),
        "pdf_url": str(work.get("pdf") or ""),
        "doi_url": _doi_url(doi),
        "doi": doi,
    }


def _display_date(value: str, lang: str) -> str:
    """An arXiv date (``2014-06-10`` or a timestamp) in the page's date format; as given when unreadable."""
    from imgsynth.content.dates import PartialDate

    try:
        return PartialDate.parse(value[:10]).display(lang) if value else ""
    except ValueError:
        return value


def render_card(entry: Entry, paper: dict[str, Any] | None, lang: str) -> Markup:
    """HTML for the work's card, or an empty string when there is nothing to show."""
    from imgsynth.render import render, strings

    if entry.arxiv and paper:
        view, kind = paper_view(entry, paper), "arxiv"
    elif entry.work.get("authors") or entry.work.get("venue"):
        view, kind = work_view(entry), "work"
    elif entry.arxiv:
        view, kind = {"arxiv_id": entry.arxiv, "abs_url": f"https://arxiv.org/abs/{entry.arxiv}"}, "bare"
    else:
        return Markup("")
    view = {**dict.fromkeys(_VIEW_KEYS, ""), **view}
    authors = view.get("authors") or []
    t = strings()[lang]
    links = [
        (text, view[key])
        for key, text in (
            ("abs_url", f"arXiv {view.get('arxiv_id', '')}"),
            ("url", t["card_page"]),
            ("pdf_url", t["card_pdf"]),
            ("doi_url", f"{t['card_doi']} {view.get('doi', '')}"),
        )
        if view.get(key)
    ]
    dates = {key: _display_date(str(view.get(key) or ""), lang) for key in ("published", "updated")}
    html = render(
        "card.html.j2",
        kind=kind,
        card=view,
        lang=lang,
        t=t,
        links=links,
        authors=authors,
        collapsed=len(authors) > AUTHORS_COLLAPSE_AFTER,
        shown=authors[:AUTHORS_SHOWN],
        bibtex=bibtex_for(entry, paper) if kind != "bare" else "",
        dates=dates,
    )
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))
