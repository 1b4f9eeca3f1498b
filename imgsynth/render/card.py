"""The card of a work: bibliographic facts from arXiv metadata or from the entry's own facts.

Everything here is untrusted text and is escaped by the template.
(Minimal version; the arXiv work extends it.)
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from imgsynth.entries import Entry


def render_card(entry: Entry, paper: dict[str, Any] | None, lang: str) -> Markup:
    """HTML for the work's card, or an empty string when there is nothing to show."""
    work = entry.work
    authors = (paper or {}).get("authors") or work.get("authors") or []
    venue = work.get("venue", "")
    if not authors and not venue and not entry.arxiv:
        return Markup("")
    from imgsynth.render import render

    return Markup(render("card.html.j2", entry=entry, paper=paper or {}, work=work, authors=authors, lang=lang).strip())
