"""Reader features on the built site (bs4 on one build shared by the module): filters markup,
overview SVG, lineage, citation and Open Graph meta, downloads, annotations, edit links,
404 pages and hreflang alternates. The browser behaviour is tested elsewhere."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from site_support import ROOT, built_page, real_plan

from imgsynth import languages
from imgsynth.languages import LANGUAGES
from imgsynth.plan import Plan
from imgsynth.render.bibtex import bibtex_for
from imgsynth.render.overview import mark_name
from imgsynth.render.typography import tidy

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
SITE_URL = CONFIG["site_url"]
REPO_URL = CONFIG["repo_url"].rstrip("/")
PREFIX = {lang: languages.prefix(lang) for lang in LANGUAGES}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    return real_site


@pytest.fixture(scope="module")
def generator() -> Plan:
    return real_plan()


def resolves(site: Path, page_path: str, href: str) -> bool:
    """Does a relative link on ``page_path`` (a directory URL) point at a built page?"""
    target = urlsplit(urljoin(f"http://x/{page_path}", href)).path.lstrip("/")
    candidate = site / target
    return (candidate / "index.html").is_file() if target.endswith("/") or not target else candidate.is_file()


# ---- Finding your way ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filters_markup_is_progressive_and_labelled(site: Path, generator: Plan, lang: str) -> None:
    soup = built_page(site, PREFIX[lang])
    form = soup.find("form", id="ty-filters")
    assert form is not None and form.has_attr("hidden"), "the filters are shown only by JavaScript"
    assert "{shown}" in form["data-count-template"] and "{total}" in form["data-count-template"]
    content = generator.content
    expected = {
        "era": {e.era for e in content.entries},
        "kind": {e.kind for e in content.entries},
        "tag": {t for e in content.entries for t in e.tags},
    }
    for name, values in expected.items():
        select = form.find("select", attrs={"data-filter": name})
        assert select is not None and select["name"] == name
        assert form.find("label", attrs={"for": select["id"]}), f"the {name} filter has no label"
        options = [o["value"] for o in select.find_all("option")]
        assert options[0] == "" and set(options[1:]) == values
    assert form.find("button", attrs={"type": "reset"})
    count = soup.find(id="ty-filter-count")
    assert count is not None and count["aria-live"] == "polite"
    items = soup.select("li.ty-entry")
    assert sorted(li["id"] for li in items) == sorted(e.id for e in content.entries)  # grouped by era
    by_id = {e.id: e for e in content.entries}
    for li in items:
        entry = by_id[li["id"]]
        assert (li["data-era"], li["data-kind"], li["data-tags"].split()) == (entry.era, entry.kind, entry.tags)
        assert not li.has_attr("hidden"), "without JavaScript every entry is shown"
    assert soup.find("script", src=lambda s: s and s.endswith("assets/javascripts/timeline.js"))
    assert soup.select("nav.ty-jump a[href^='#era-']") and soup.select("nav.ty-jump a[href^='#y']")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_overview_svg_links_every_entry(site: Path, generator: Plan, lang: str) -> None:
    soup = built_page(site, PREFIX[lang])
    svg = soup.select_one("figure.ty-overview svg")
    assert svg is not None
    title, desc = svg.find("title", recursive=False), svg.find("desc", recursive=False)
    assert title and title.get_text(strip=True) and desc and desc.get_text(strip=True)
    assert set(svg["aria-labelledby"].split()) == {title["id"], desc["id"]}
    marks = svg.select("a.ty-overview__mark")
    assert [a["data-entry"] for a in marks] == [e.id for e in generator.content.entries]
    by_id = {e.id: e for e in generator.content.entries}
    for mark in marks:
        entry = by_id[mark["data-entry"]]  # named by its date and whole title (no <title>: axe)
        name = mark["aria-label"]
        assert name.endswith(f"{entry.when(lang)} · {entry.title[lang]}"), name
        # the visible label is in the name, word for word (WCAG 2.5.3): DCGAN -> "DCGAN: 19 November 2015 · ..."
        label = mark.select_one("text.ty-overview__label").get_text().removesuffix("…")
        assert name == mark_name(entry, lang, label) and label in name, (label, name)
        assert resolves(site, PREFIX[lang], mark["href"]), mark["href"]
    assert not svg.find("image") and "http" not in "".join(a["href"] for a in svg.find_all("a"))
    # the SVG comes before the timeline
    assert soup.find(lambda tag: tag is svg or tag.name == "li" and "ty-entry" in tag.get("class", [])) is svg


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lineage_shown_both_ways(site: Path, generator: Plan, lang: str) -> None:
    pairs = [(e.id, target) for e in generator.content.entries for target in e.builds_on]
    assert pairs, "the content has no builds_on to test"
    for source, target in pairs:
        path = f"{PREFIX[lang]}milestones/{source}/"
        builds_on = built_page(site, path).select(".ty-lineage__builds-on a[data-entry]")
        assert target in [a["data-entry"] for a in builds_on], f"{source} does not show it builds on {target}"
        assert all(resolves(site, path, a["href"]) for a in builds_on)
        led_to = built_page(site, f"{PREFIX[lang]}milestones/{target}/").select(".ty-lineage__led-to a[data-entry]")
        assert source in [a["data-entry"] for a in led_to], f"{target} does not show it led to {source}"


# ---- Citing and reusing ----------------------------------------------------------------


def meta(soup: BeautifulSoup, key: str, attr: str = "name") -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={attr: key})]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_citation_and_open_graph_meta_on_a_paper_page(site: Path, generator: Plan, lang: str) -> None:
    entry = next(e for e in generator.content.entries if e.arxiv and generator.papers.get(e.arxiv))
    paper = generator.papers[entry.arxiv]
    soup = built_page(site, f"{PREFIX[lang]}milestones/{entry.id}/")
    assert meta(soup, "citation_title") and meta(soup, "citation_title")[0].strip()
    assert len(meta(soup, "citation_author")) == len(paper["authors"]) >= 1
    assert meta(soup, "citation_arxiv_id") == [entry.arxiv]
    assert meta(soup, "citation_pdf_url")[0].startswith("https://")
    assert meta(soup, "citation_date") == meta(soup, "citation_publication_date")
    assert meta(soup, "citation_date")[0].startswith(str(paper.get("published", ""))[:4] or str(entry.date.year))
    url = f"{SITE_URL}{PREFIX[lang]}milestones/{entry.id}/"
    assert meta(soup, "og:type", "property") == ["article"]
    assert meta(soup, "og:url", "property") == [url]
    assert meta(soup, "og:title", "property") == [soup.h1.get_text().replace("¶", "").strip()]
    assert meta(soup, "og:description", "property")[0].strip()
    assert meta(soup, "og:locale", "property") == [{"zh": "zh_CN", "en": "en_US"}[lang]]
    assert soup.select_one(".ty-card__bibtex pre code"), "the card shows the BibTeX"


def test_timeline_json_validates_against_its_schema(site: Path, generator: Plan) -> None:
    data = json.loads((site / "timeline.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "timeline.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert [e["id"] for e in data["entries"]] == [e.id for e in generator.content.entries]
    for item, entry in zip(data["entries"], generator.content.entries, strict=True):
        assert item["title"] == entry.title and item["date"] == entry.date.iso()
        assert all(item["text"][lang].strip() for lang in LANGUAGES)
        assert ("paper" in item) == bool(entry.arxiv and generator.papers.get(entry.arxiv))
    broken = dict(data, entries=[dict(data["entries"][0], title={"zh": "只有中文"})])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_papers_bib_has_one_record_per_work(site: Path, generator: Plan) -> None:
    text = (site / "papers.bib").read_text(encoding="utf-8")
    keys = [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
    works = {bibtex_for(e, generator.papers.get(e.arxiv)) for e in generator.content.entries}
    works.discard("")
    assert len(keys) == len(works) > 0 and len(set(keys)) == len(keys)
    for entry in generator.content.entries:
        if entry.arxiv and generator.papers.get(entry.arxiv):
            assert f"eprint = {{{entry.arxiv}}}" in text, entry.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_has_one_entry_per_milestone(site: Path, generator: Plan, lang: str) -> None:
    feed = ET.parse(site / PREFIX[lang] / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(generator.content.entries)
    titles = {e.find(f"{ATOM}title").text for e in entries}
    assert titles == {e.title[lang] for e in generator.content.entries}
    for item in entries:
        href = item.find(f"{ATOM}link").get("href")
        assert href.startswith(SITE_URL) and (site / href[len(SITE_URL) :] / "index.html").is_file()
        assert item.find(f"{ATOM}updated").text and item.find(f"{ATOM}id").text
    head = built_page(site, PREFIX[lang]).find("link", attrs={"type": "application/atom+xml"})
    assert head["rel"] == ["alternate"] and head["href"] == f"{SITE_URL}{PREFIX[lang]}feed.xml"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_data_page_links_the_downloads(site: Path, lang: str) -> None:
    path = f"{PREFIX[lang]}data/"
    links = {a["data-download"]: a["href"] for a in built_page(site, path).select("a[data-download]")}
    assert set(links) == {"timeline.csv", "timeline.json", "timeline.schema.json", "papers.bib", "feed.xml"}
    for name, href in links.items():
        target = urlsplit(urljoin(f"http://x/{path}", href)).path.lstrip("/")
        assert (site / target).is_file() and target.endswith(name), href
    assert links["feed.xml"].endswith("feed.xml") and urljoin(f"http://x/{path}", links["feed.xml"]).endswith(
        f"/{PREFIX[lang]}feed.xml"
    )


# ---- The annotated article -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_annotations_page_lists_every_correction(site: Path, generator: Plan, lang: str) -> None:
    path = f"{PREFIX[lang]}annotations/"
    soup = built_page(site, path)
    callouts = soup.select(".admonition.correction")
    texts = [" ".join(c.get_text(" ").split()) for c in callouts]
    annotated = [e for e in generator.content.entries if e.annotations]
    assert annotated
    assert len(callouts) == 1 + sum(len(e.annotations) for e in annotated)  # + the About page's
    assert any("Offert" in text for text in texts)
    for entry in annotated:
        heading = soup.find(attrs={"data-entry": entry.id})
        assert heading is not None and resolves(site, path, heading.a["href"])
        for annotation in entry.annotations:
            shown = tidy(annotation.text[lang], lang)  # as the page shows it (imgsynth.render.typography)
            words = " ".join(BeautifulSoup(shown, "lxml").get_text().split())
            plain = words.replace("**", "")
            assert any(plain[:30] in text for text in texts), f"{entry.id}: {plain[:40]}"
    assert soup.find("nav", class_="md-nav") and soup.find("a", href=lambda h: h and "annotations" in h)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_corrections_are_callouts(site: Path, generator: Plan, lang: str) -> None:
    entry = next(e for e in generator.content.entries if e.annotations)
    soup = built_page(site, f"{PREFIX[lang]}milestones/{entry.id}/")
    assert len(soup.select(".admonition.correction")) == len(entry.annotations)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_edit_and_suggest_links_point_at_the_content_file(site: Path, generator: Plan, lang: str) -> None:
    entry = generator.content.entries[0]
    soup = built_page(site, f"{PREFIX[lang]}milestones/{entry.id}/")
    expected = f"{REPO_URL}/edit/main/content/milestones/{entry.id}.md"
    assert soup.select_one("a.md-content__button[rel=edit]")["href"] == expected
    assert soup.select_one("a.ty-edit-link")["href"] == expected
    suggest = urlsplit(soup.select_one("a.ty-suggest-link")["href"])
    assert f"{suggest.scheme}://{suggest.netloc}{suggest.path}" == f"{REPO_URL}/issues/new"
    query = parse_qs(suggest.query)
    assert entry.title[lang] in query["title"][0]
    assert f"content/milestones/{entry.id}.md" in query["body"][0]


# ---- Polish ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_per_language(site: Path, lang: str) -> None:
    soup = built_page(site, f"{PREFIX[lang]}404.html")
    assert soup.html["lang"] == lang
    assert soup.h1 and "404" in soup.h1.get_text()
    home = soup.select_one(".ty-404 a.md-button--primary")["href"]
    assert home == urlsplit(SITE_URL).path + PREFIX[lang]


def test_hreflang_alternates_are_absolute_with_x_default(site: Path) -> None:
    pages = [p for p in site.rglob("*.html") if p.parent.name != "search" and p.name != "404.html"]
    assert len(pages) > 10
    for file in pages:
        soup = built_page(site, file.relative_to(site).as_posix())
        links = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
        assert set(links) == {*LANGUAGES, "x-default"}, file
        assert all(href.startswith(SITE_URL) for href in links.values()), (file, links)
        assert links["x-default"] == links[LANGUAGES[0]]
    # the <head> names the page's own counterparts (docs/assets/javascripts/site.js keeps Material from
    # fetching sitemaps beside them) ...
    soup = built_page(site, "en/milestones/gan/")
    links = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    gan = {"zh": f"{SITE_URL}milestones/gan/", "en": f"{SITE_URL}en/milestones/gan/"}
    assert links == {**gan, "x-default": gan["zh"]}
    # ... and so do the sitemaps, one per language root
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for sitemap, prefix in (("sitemap.xml", ""), ("en/sitemap.xml", "en/")):
        urls = ET.parse(site / sitemap).getroot().findall("s:url", namespaces)
        by_loc = {url.findtext("s:loc", namespaces=namespaces): url for url in urls}
        assert all(loc.startswith(f"{SITE_URL}{prefix}") for loc in by_loc), sitemap
        gan = by_loc[f"{SITE_URL}{prefix}milestones/gan/"]
        alternates = {link.get("hreflang"): link.get("href") for link in gan.findall("x:link", namespaces)}
        assert alternates == {"zh": f"{SITE_URL}milestones/gan/", "en": f"{SITE_URL}en/milestones/gan/"}


def test_no_external_scripts_styles_or_fonts(site: Path) -> None:
    for path in ("", "en/", "milestones/gan/"):
        soup = built_page(site, path)
        for tag in soup.find_all(["script", "link", "img"]):
            url = tag.get("src") or (
                tag.get("href") if tag.name == "link" and "stylesheet" in tag.get("rel", []) else ""
            )
            assert not (url or "").startswith(("http:", "https:", "//")), tag
