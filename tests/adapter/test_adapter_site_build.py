"""Build the real site into a temporary folder and check what a reader gets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from site_support import ROOT, built_page

from imgsynth.content.load import load_content

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    return real_site


@pytest.fixture(scope="module")
def entries():
    return load_content(ROOT / "content").entries


def test_build_writes_nothing_into_docs(site: Path) -> None:
    generated = [p for p in (ROOT / "docs").rglob("*") if "milestones" in p.parts]
    assert generated == []


def test_every_entry_has_a_page_in_both_languages(site: Path, entries) -> None:
    for entry in entries:
        zh = built_page(site, f"milestones/{entry.id}/index.html")
        en = built_page(site, f"en/milestones/{entry.id}/index.html")
        assert zh.h1.get_text().startswith(entry.title["zh"]), entry.id
        assert en.h1.get_text().startswith(entry.title["en"]), entry.id
        assert zh.html["lang"] == "zh"
        assert en.html["lang"] == "en"


def _switch_links(soup: BeautifulSoup) -> dict[str, str]:
    return {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}


def test_language_switch_points_to_the_counterpart(site: Path, entries) -> None:
    for entry in entries:
        zh_links = _switch_links(built_page(site, f"milestones/{entry.id}/index.html"))
        en_links = _switch_links(built_page(site, f"en/milestones/{entry.id}/index.html"))
        assert zh_links == {"zh": "./", "en": f"../../en/milestones/{entry.id}/"}
        assert en_links == {"zh": f"../../../milestones/{entry.id}/", "en": "./"}
    assert _switch_links(built_page(site, "about/index.html"))["en"] == "../en/about/"
    # the home pages link the other home page by its path under site_url
    base = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
    assert _switch_links(built_page(site, "index.html"))["en"] == f"{base}en/"
    assert _switch_links(built_page(site, "en/index.html"))["zh"] == base


def test_alternate_language_links_in_head(site: Path) -> None:
    soup = built_page(site, "milestones/gan/index.html")
    hreflangs = {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert {"zh", "en"} <= hreflangs


def test_lang_attribute_on_every_page(site: Path) -> None:
    for html in site.rglob("*.html"):
        relative = html.relative_to(site).as_posix()
        expected = "en" if relative.startswith("en/") else "zh"
        soup = built_page(site, relative)
        assert soup.html.get("lang") == expected, relative


@pytest.mark.parametrize("lang,prefix", [("zh", ""), ("en", "en/")])
def test_timeline_is_in_date_order_with_semantic_markup(site: Path, lang: str, prefix: str) -> None:
    """Eras in their order (content/eras.yaml), and inside each era the entries by date."""
    content = load_content(ROOT / "content")
    soup = built_page(site, f"{prefix}index.html")
    expected: list[str] = []
    for era in content.eras:
        expected += [entry.id for entry in content.entries if entry.era == era.id]
    items = soup.select("ol.ty-timeline > li.ty-entry")
    assert [li["id"] for li in items] == expected
    assert sorted(expected) == sorted(entry.id for entry in content.entries)
    for section in soup.select("div.ty-era"):
        dates = [time["datetime"] for time in section.select("li.ty-entry time")]
        assert dates == sorted(dates), section["data-era"]
        years = [h3.get_text() for h3 in section.select("h3.ty-year")]
        assert years == sorted(set(years)), section["data-era"]
    by_id = {e.id: e for e in content.entries}
    for li in items:
        entry = by_id[li["id"]]
        assert li.select_one("time")["datetime"] == entry.date.iso()
        assert li.select_one(f'a[href="#{entry.id}"]'), f"{entry.id} has no permalink"
        assert li.select_one("h4 a")["href"] == f"milestones/{entry.id}/"
    assert [h2["id"] for h2 in soup.select("h2.ty-era-title")] == [f"era-{era.id}" for era in content.eras]


def test_entry_pages_link_prev_and_next_in_time_order(site: Path, entries) -> None:
    for index, entry in enumerate(entries):
        soup = built_page(site, f"milestones/{entry.id}/index.html")
        prev = soup.select_one("nav.ty-pager a[rel=prev]")
        nxt = soup.select_one("nav.ty-pager a[rel=next]")
        if index == 0:
            assert prev is None
        else:
            assert prev["href"] == f"../{entries[index - 1].id}/"
        if index == len(entries) - 1:
            assert nxt is None
        else:
            assert nxt["href"] == f"../{entries[index + 1].id}/"


def _search(index: dict, word: str) -> set[str]:
    """Find ``word`` as a whole token, split the way Material's search splits (config.separator)."""
    separator = re.compile(index["config"]["separator"])
    hits = set()
    for doc in index["docs"]:
        tokens = {token.lower() for token in separator.split(doc["title"] + " " + doc["text"]) if token}
        if word.lower() in tokens:
            hits.add(doc["location"])
    return hits


def test_search_index_finds_a_chinese_word_inside_a_title_and_an_english_word(site: Path, entries) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]
    gan = next(entry for entry in entries if entry.id == "gan")
    assert "对抗" in gan.title["zh"] and not gan.title["zh"].startswith("对抗")
    assert "milestones/gan/" in _search(index, "对抗")
    assert not any(location.startswith("en/") for location in _search(index, "对抗"))
    # English has its own index (hooks/imgsynth_mkdocs/search.py), locations relative to /en/
    english = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "milestones/gan/" in _search(english, "adversarial")
    assert not _search(index, "adversarial") & {"en/milestones/gan/"}
