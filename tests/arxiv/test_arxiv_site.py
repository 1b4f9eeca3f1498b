"""A tiny real site (real mkdocs.yml, hooks and docs; one entry) with hostile arXiv metadata."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from arxiv_content import ROOT, make_content
from arxiv_server import make_entry, write_store
from bs4 import BeautifulSoup

from imgsynth_mkdocs.config import mkdocs_command

HOSTILE_TITLE = "<script>alert('t')</script> {{ 7*7 }} [click](https://evil.example) *a* {#x} | b |"
HOSTILE_ABSTRACT = (
    '<img src=x onerror="alert(1)"> {% raw %}{{ config }} [link](javascript:alert(1)) '
    "_em_ `code` <b>bold</b>\n\n# heading\n\nThe $I$-$V$ curve, 256$\\times$256."
)


def project(tmp_path: Path, entries: dict[str, str]) -> Path:
    """A copy of the real project with one entry; ``arxiv.json`` written by the real client and
    store from ``entries`` (arXiv id -> the ``<entry>`` a local arXiv server answers)."""
    site = tmp_path / "project"
    site.mkdir()
    for part in ("mkdocs.yml", "docs", "hooks", "overrides"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, site / part)
        elif source.exists():
            shutil.copy2(source, site / part)
    (site / "imgsynth").symlink_to(ROOT / "imgsynth")  # `watch:` in mkdocs.yml; the package is installed
    content = make_content(site, {"gan": "1406.2661"})
    if entries:
        write_store(content / "arxiv.json", entries)
    return site


def build(site: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ARXIV_FETCH", "ARXIV_API_URL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        mkdocs_command("build", "--strict", "-d", str(site / "site")),
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def hostile_entry() -> str:
    """What a hostile arXiv answer could hold; links left out, so the card builds its own."""
    return make_entry(
        "1406.2661",
        version=2,
        title=HOSTILE_TITLE,
        authors=["<i>Eve</i>", "Mallory [x](y)"] + [f"Author {n}" for n in range(10)],
        published="2014-06-10",
        updated="2014-06-11",
        categories=["cs.LG", "<svg/onload=alert(1)>"],
        abstract=HOSTILE_ABSTRACT,
        comment="{{ 1+1 }} **bold**",
        doi='10.1000/x"><script>',
        links=False,
    )


@pytest.mark.slow
def test_hostile_metadata_is_inert_text_in_both_languages(tmp_path: Path) -> None:
    site = project(tmp_path, {"1406.2661": hostile_entry()})
    result = build(site)
    assert result.returncode == 0, result.stderr
    for page in ("milestones/gan/index.html", "en/milestones/gan/index.html"):
        html = (site / "site" / page).read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "lxml")
        card = soup.select_one(".md-typeset .ty-card")
        assert card is not None, page
        # nothing from arXiv became markup
        assert card.find("script") is None and card.find("img") is None and card.find("svg") is None
        assert card.find("em") is None and card.find("strong") is None and card.find("b") is None
        assert card.find("i") is None and card.find("h1") is None
        assert not [a for a in card.find_all("a") if "evil" in a.get("href", "") or "javascript" in a.get("href", "")]
        assert all(not attr.startswith("on") for tag in card.find_all(True) for attr in tag.attrs)
        # ... and it is all there, as text
        text = card.get_text(" ")
        assert "<script>alert('t')</script> {{ 7*7 }} [click](https://evil.example) *a* {#x} | b |" in text
        assert '<img src=x onerror="alert(1)"> {% raw %}{{ config }} [link](javascript:alert(1))' in text
        assert "{{ 1+1 }} **bold**" in text and "49" not in text
        assert "The I-V curve, 256×256." in text  # LaTeX shown sensibly
        abstract = card.select_one("details.ty-card__abstract")
        assert abstract.select_one("p[lang=en]") is not None
        # long author lists collapse, the whole list is one click away
        authors = card.select_one("details.ty-card__authors")
        assert "<i>Eve</i>" in authors.summary.get_text() and "Author 9" in authors.get_text()
        # links: abstract page, PDF, DOI (escaped into the attribute, not breaking out of it)
        hrefs = [a["href"] for a in card.select(".ty-card__links a")]
        assert hrefs[:2] == ["https://arxiv.org/abs/1406.2661", "https://arxiv.org/pdf/1406.2661"]
        assert hrefs[2] == 'https://doi.org/10.1000/x"><script>'
        bibtex = card.select_one(".md-typeset pre > code")
        assert (
            bibtex is not None
            and bibtex.get_text().startswith(("@misc{", "@inproceedings{", "@article{"))
            and "eprint = {1406.2661}" in bibtex.get_text()
        )


@pytest.mark.slow
def test_entry_without_metadata_warns_and_fails_strict(tmp_path: Path) -> None:
    site = project(tmp_path, {})
    result = build(site)
    assert result.returncode != 0
    assert (
        "content/milestones/gan.md: arXiv 1406.2661 has no metadata in arxiv.json" in result.stderr
        and "make papers" in result.stderr
    ), result.stderr
