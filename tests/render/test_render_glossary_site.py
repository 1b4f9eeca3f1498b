"""On the built site: a Glossary page per language (in the navigation, one anchor per term) and,
on every entry page, the first use of a term linked to it, once per page and only in prose."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from site_support import PREFIX, real_plan, soup_of

from imgsynth.languages import LANGUAGES
from imgsynth.plan import Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return real_plan()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_page_lists_every_term_with_an_anchor(real_site: Path, plan: Plan, lang: str) -> None:
    soup = soup_of(real_site, f"{PREFIX[lang]}glossary")
    terms = plan.content.glossary
    assert len(terms) >= 20
    headings = soup.select("h3.ty-glossary__term")
    assert [h["id"] for h in headings] == [term.id for term in terms]
    for heading, term in zip(headings, terms, strict=True):
        assert heading.get_text().startswith(term.term[lang])
        assert heading.find_next_sibling("p").get_text() == term.definition[lang]
    home = soup_of(real_site, PREFIX[lang].rstrip("/") or ".")
    assert home.select_one("nav.md-nav--primary").find("a", href="glossary/"), "the Glossary is in the navigation"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_pages_link_the_first_use_of_each_term(real_site: Path, plan: Plan, lang: str) -> None:
    ids = {term.id for term in plan.content.glossary}
    linked_pages = 0
    for entry in plan.content.entries:
        path = f"{PREFIX[lang]}milestones/{entry.id}/"
        soup = soup_of(real_site, path)
        links = soup.select("a.ty-term")
        targets = []
        for link in links:
            url = urlsplit(urljoin(f"http://x/{path}", link["href"]))
            assert url.path == f"/{PREFIX[lang]}glossary/" and url.fragment in ids, link["href"]
            assert link.find_parent(["h1", "h2", "h3", "h4", "a", "code", "sup"]) is None
            assert link.find_parent(class_="footnote") is None and link.find_parent(class_="admonition") is None
            targets.append(url.fragment)
        assert len(targets) == len(set(targets)), f"{entry.id}: a term linked twice"
        linked_pages += bool(targets)
    assert linked_pages >= len(plan.content.entries) // 2
