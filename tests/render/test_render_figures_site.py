"""What a reader gets from the figures, the timeline order and the entry pages, in the built site.

Reads the session's strict build of the real site (``real_site``); one test builds a trimmed
copy of the project twice to see the encoded copies reused.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_support import ROOT, build_env, built_page, copy_project, keep_entries

from imgsynth.content.figures import LICENCES
from imgsynth.content.load import load_content
from imgsynth.render.figures import frame_step

pytestmark = pytest.mark.slow

SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
PREFIX = {"zh": "", "en": "en/"}


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "content", project_root=ROOT)


def resolve(page: str, href: str) -> str:
    """A relative URL of a page (``milestones/x/index.html``) as a path from the site root."""
    parts = page.split("/")[:-1]
    for part in href.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def test_at_least_20_entries_carry_a_figure(content):
    assert sum(1 for entry in content.entries if entry.figures) >= 20


def test_every_figure_is_a_figure_with_caption_size_and_loading(real_site, content):
    for entry in content.entries:
        for lang, prefix in PREFIX.items():
            page = f"{prefix}milestones/{entry.id}/index.html"
            article = built_page(real_site, page).select_one("article")
            figures = article.select("figure.ty-figure")
            assert len(figures) == len(entry.figures), page
            for index, (figure, data) in enumerate(zip(figures, entry.figures, strict=True)):
                img = figure.select_one("picture > img")
                assert img is not None and img.get("alt") == data.alt[lang], page
                assert int(img["width"]) > 0 and int(img["height"]) > 0, page
                if index == 0:
                    assert img.get("loading") is None and img.get("fetchpriority") == "high", page
                else:
                    assert img.get("loading") == "lazy", page
                caption = figure.select_one("figcaption")
                assert data.credit in caption.get_text(), page
                licence = caption.select_one("a[rel=license]")
                assert licence["href"] == LICENCES[data.licence][1]
                for candidate in img["srcset"].split(","):
                    url = candidate.split()[0]
                    assert (real_site / resolve(page, url)).is_file(), (page, url)
                assert (real_site / resolve(page, img["src"])).is_file()
                # an animation: the still loads with the page, figures.js swaps in the animation
                moving = img.get("data-ty-animation")
                assert (moving is not None) == data.animated, page
                if moving:
                    assert img["src"].endswith("-still.webp") and "-still" not in moving, page
                    for candidate in moving.split(","):
                        assert (real_site / resolve(page, candidate.split()[0])).is_file(), (page, candidate)
                    assert figure.select_one("button.ty-figure__play[hidden]") is not None, page
    # no image on an entry page outside a figure
    for prefix in PREFIX.values():
        article = built_page(real_site, f"{prefix}milestones/dcgan/index.html").select_one("article")
        assert all(img.find_parent("figure") for img in article.select("img"))


def test_animation_is_kept_and_the_still_is_one_frame(real_site, content):
    from PIL import Image

    animated = [figure for entry in content.entries for figure in entry.figures if figure.animated]
    assert animated, "the GAN training animation is shown"
    stem = animated[0].file.rsplit(".", 1)[0]
    moving = next((real_site / "figures").glob(f"{stem}-[0-9]*[0-9].webp"))
    still = next((real_site / "figures").glob(f"{stem}-*-still.webp"))
    with Image.open(moving) as image:  # every n-th frame and the last (MAX_ANIMATION_FRAMES)
        frames, step = animated[0].frames, frame_step(animated[0].frames)
        kept = len(range(0, frames, step)) + (1 if (frames - 1) % step else 0)
        assert image.n_frames == kept > 1
    with Image.open(still) as image:
        assert getattr(image, "n_frames", 1) == 1


def test_og_image_is_absolute_and_large(real_site, content):
    with_figure = next(entry for entry in content.entries if entry.figures)
    without = next(entry for entry in content.entries if not entry.figures)
    for prefix in PREFIX.values():
        head = built_page(real_site, f"{prefix}milestones/{with_figure.id}/index.html").head
        image = head.select_one('meta[property="og:image"]')["content"]
        assert image.startswith(SITE_URL + "figures/") and image.endswith("-social.jpg")
        assert (real_site / image.removeprefix(SITE_URL)).is_file()
        assert head.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
        head = built_page(real_site, f"{prefix}milestones/{without.id}/index.html").head
        image = head.select_one('meta[property="og:image"]')["content"]
        assert image == SITE_URL + "assets/images/social.png"
        assert (real_site / "assets/images/social.png").is_file()
        home = built_page(real_site, f"{prefix}index.html").head
        assert home.select_one('meta[property="og:image"]')["content"] == SITE_URL + "assets/images/social.png"


def test_credits_page_lists_every_image(real_site, content):
    used = {figure.file: figure for entry in content.entries for figure in entry.figures}
    for prefix in PREFIX.values():
        page = f"{prefix}credits/index.html"
        items = built_page(real_site, page).select("article.ty-credit")
        assert sorted(item.select_one("code").get_text() for item in items) == sorted(used)
        for item in items:
            figure = used[item.select_one("code").get_text()]
            text = item.get_text(" ")
            assert figure.credit in text
            assert item.select_one("a[rel=license]")["href"] == figure.licence_url
            hrefs = [a["href"] for a in item.select("a")]
            assert figure.repository in hrefs and figure.source in hrefs
            assert "WebP" in text
            thumb = item.select_one("img.ty-credit__thumb")
            assert (real_site / resolve(page, thumb["src"])).is_file()
            for entry in content.entries:
                if figure in entry.figures:
                    assert f"../milestones/{entry.id}/" in hrefs


def test_timeline_is_in_date_order_and_jump_links_land_on_the_first_entry(real_site, content):
    order = [entry.id for entry in content.entries]
    for prefix in PREFIX.values():
        soup = built_page(real_site, f"{prefix}index.html")
        assert [li["id"] for li in soup.select("li.ty-entry")] == order
        marks = [a["data-entry"] for a in soup.select("a.ty-overview__mark")]
        assert marks == order
        years = sorted({entry.date.year for entry in content.entries})
        jumps = soup.select("nav.ty-jump a[href^='#y']")
        assert [int(a.get_text()) for a in jumps] == years
        for link in jumps:
            target = soup.find(id=link["href"][1:])
            first = target.find_next("li", class_="ty-entry")
            year = int(link.get_text())
            assert first["id"] == next(e.id for e in content.entries if e.date.year == year)


def test_prev_next_follow_the_home_page_order(real_site, content):
    entries = content.entries
    for prefix in PREFIX.values():
        for index, entry in enumerate(entries):
            pager = built_page(real_site, f"{prefix}milestones/{entry.id}/index.html").select_one("nav.ty-pager")
            prev = pager.select_one("a[rel=prev]")
            following = pager.select_one("a[rel=next]")
            assert (prev["href"] if prev else None) == (f"../{entries[index - 1].id}/" if index else None)
            expected = f"../{entries[index + 1].id}/" if index + 1 < len(entries) else None
            assert (following["href"] if following else None) == expected


def test_era_headings_show_the_spans_from_the_data(real_site, content):
    for lang, prefix in PREFIX.items():
        soup = built_page(real_site, f"{prefix}index.html")
        for era in content.eras:
            heading = soup.find(id=f"era-{era.id}")
            if heading is not None:
                assert heading.get_text().replace("¶", "").strip().endswith(era.span_in(lang))
    zh = built_page(real_site, "index.html")
    assert "2022年8月–" in zh.find(id="era-photoshop-era").get_text()


READER_PAGES = ("index.html", "milestones/*/index.html", "annotations/index.html", "credits/index.html")


def test_no_maintainer_note_reaches_a_reader(real_site):
    for prefix in PREFIX.values():
        for pattern in READER_PAGES:
            for path in (real_site / prefix).glob(pattern):
                article = built_page(real_site, path.relative_to(real_site).as_posix()).select_one("article")
                text = article.get_text(" ")
                assert "make papers" not in text and "尚未与 arXiv 核对" not in text, path
    status = built_page(real_site, "translation-status/index.html")
    assert status.find(id="papers-status") is not None


_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_SPACED_ZH_DATE = re.compile(r"\d{4} 年|\d 月 \d")


def _visible(soup: BeautifulSoup) -> str:
    """The article's text as read (no separator added between elements), without the BibTeX."""
    article = copy.copy(soup.select_one("article"))  # the page is shared: change a copy
    for hidden in article.select("pre, script, style, .headerlink"):
        hidden.decompose()
    return article.get_text("")


def test_one_date_format_per_language_on_entry_pages(real_site, content):
    for entry in content.entries:
        zh = _visible(built_page(real_site, f"milestones/{entry.id}/index.html"))
        en = _visible(built_page(real_site, f"en/milestones/{entry.id}/index.html"))
        assert not _ISO.search(zh) and not _SPACED_ZH_DATE.search(zh), (entry.id, _ISO.findall(zh))
        assert not _ISO.search(en), (entry.id, _ISO.findall(en))
        assert not re.search(r" [，。；：！？、）]|[，。；：！？、（] ", zh), entry.id


def test_a_second_build_encodes_no_figure(tmp_path):
    """Two builds of a trimmed copy of the project (two entries with figures): the second one
    takes every copy from .cache/figures/ (as `mkdocs serve` rebuilds do) and writes the same bytes."""
    import subprocess

    from site_support import MKDOCS

    project = keep_entries(copy_project(tmp_path / "project", shared_caches=False), "gan", "dcgan")
    assert not (project / ".cache").exists()  # the first build starts cold

    def build(site: Path) -> str:
        command = [*MKDOCS, "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
        result = subprocess.run(command, cwd=project, env=build_env(), capture_output=True, text=True, timeout=600)
        return result.stderr

    first = build(tmp_path / "one")
    second = build(tmp_path / "two")
    counts = [re.search(r"figures: (\d+) copies encoded, (\d+) reused", log) for log in (first, second)]
    assert counts[0] and counts[1], first[-3000:]
    total = int(counts[0].group(1)) + int(counts[0].group(2))
    assert total > 0 and int(counts[0].group(1)) == total
    assert (int(counts[1].group(1)), int(counts[1].group(2))) == (0, total)
    one = sorted((tmp_path / "one" / "figures").iterdir())
    assert [p.name for p in one] == sorted(p.name for p in (tmp_path / "two" / "figures").iterdir())
    assert all(p.read_bytes() == (tmp_path / "two" / "figures" / p.name).read_bytes() for p in one)
