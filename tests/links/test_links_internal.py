"""Internal link check on small built-site trees, the build hook in a tiny two-language site, the CLI."""

from __future__ import annotations

import concurrent.futures
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from imgsynth.links import check_site
from imgsynth.links.sources import SourceMap
from imgsynth_mkdocs.config import CONFIG_FILE, mkdocs_command
from tests.links_support import Reply, servers

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://example.org/ten-years/"


def page(body: str, chrome: str = "") -> str:
    return f"<html><body><header>{chrome}</header><article>{body}</article></body></html>"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A project (sources) and its built site (HTML) in tmp_path."""
    root, site = tmp_path / "project", tmp_path / "site"
    for source in (
        "content/milestones/gan.md",
        "content/milestones/vae.md",
        "docs/index.md",
        "docs/index.en.md",
        "docs/about.md",
        "docs/about.en.md",
    ):
        (root / source).parent.mkdir(parents=True, exist_ok=True)
        (root / source).write_text("x", encoding="utf-8")
    files = {
        "index.html": page(
            '<h1 id="top">T</h1><ul><li id="gan"><a href="milestones/gan/">GAN</a></li>'
            '<li id="vae"><a href="milestones/vae/#work">VAE</a></li></ul>'
        ),
        "en/index.html": page('<h1 id="top">T</h1><a href="../about/">about</a>'),
        "milestones/gan/index.html": page(
            '<h1 id="gan">GAN</h1><h2 id="work">W</h2><a href="#work">w</a>',
            '<a href="./" hreflang="zh">中文</a><a href="../../en/milestones/gan/" hreflang="en">English</a>',
        ),
        "milestones/vae/index.html": page('<h1 id="vae">VAE</h1><h2 id="work">W</h2>'),
        "en/milestones/gan/index.html": page('<h1 id="gan">GAN</h1><a href="/ten-years/#gan">zh home</a>'),
        "about/index.html": page(
            '<a href="https://example.org/ten-years/milestones/gan/#work">abs</a>'
            '<a href="mailto:a@b.c">mail</a><a href="#">top</a>'
        ),
        "en/about/index.html": page("<p>about</p>"),
        "assets/stylesheets/main.css": "body{}",
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return root, site


def broken(root: Path, site: Path) -> list[str]:
    return [str(link) for link in check_site(site, SourceMap(root, config_name=CONFIG_FILE), SITE_URL)]


def edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_sound_site_has_no_broken_links(project: tuple[Path, Path]) -> None:
    assert broken(*project) == []


def test_a_missing_page_names_the_entry_file(project: tuple[Path, Path]) -> None:
    root, site = project
    edit(site, "milestones/gan/index.html", 'href="#work"', 'href="../gann/"')
    assert broken(root, site) == [
        "content/milestones/gan.md: link '../gann/' on /milestones/gan/ points to /milestones/gann/, "
        "which is not a page of the site"
    ]


def test_a_missing_anchor_on_the_home_timeline_names_the_entry_of_the_item(project: tuple[Path, Path]) -> None:
    root, site = project
    edit(site, "index.html", 'href="milestones/vae/#work"', 'href="milestones/vae/#method"')
    assert broken(root, site) == [
        "content/milestones/vae.md: link 'milestones/vae/#method' on / points to /milestones/vae/#method, "
        "but /milestones/vae/ has no element with id 'method'"
    ]


def test_an_anchor_that_exists_only_on_another_page_is_broken(project: tuple[Path, Path]) -> None:
    root, site = project
    edit(site, "en/milestones/gan/index.html", 'href="/ten-years/#gan"', 'href="/ten-years/en/#gan"')
    assert broken(root, site) == [
        "content/milestones/gan.md: link '/ten-years/en/#gan' on /en/milestones/gan/ points to /en/#gan, "
        "but /en/ has no element with id 'gan'"
    ]


def test_a_hand_written_english_page_is_named_with_its_suffix(project: tuple[Path, Path]) -> None:
    root, site = project
    edit(site, "en/about/index.html", "<p>about</p>", '<a href="../contributing/">c</a>')
    assert broken(root, site) == [
        "docs/about.en.md: link '../contributing/' on /en/about/ points to /en/contributing/, "
        "which is not a page of the site"
    ]


def test_a_language_switch_must_reach_the_other_language(project: tuple[Path, Path]) -> None:
    root, site = project
    (site / "en/milestones/gan/index.html").unlink()
    (site / "en/milestones/gan").rmdir()
    assert broken(root, site) == [
        "content/milestones/gan.md: link '../../en/milestones/gan/' on /milestones/gan/ points to "
        "/en/milestones/gan/, which is not a page of the site"
    ]
    edit(site, "milestones/gan/index.html", 'href="../../en/milestones/gan/"', 'href="../vae/"')
    assert broken(root, site) == [
        "content/milestones/gan.md: link '../vae/' on /milestones/gan/ switches to language 'en' "
        "but leads to a 'zh' page (/milestones/vae/)"
    ]


def test_theme_links_are_blamed_on_mkdocs_yml_and_absolute_paths_must_keep_the_base(project: tuple[Path, Path]) -> None:
    root, site = project
    edit(site, "about/index.html", "<header></header>", '<header><a href="/about/">a</a></header>')
    assert broken(root, site) == [
        "mkdocs.yml (theme header, navigation or footer): link '/about/' on /about/ leaves the site: "
        "it resolves to /about/, outside the site's base path /ten-years/"
    ]


def test_the_theme_is_read_on_one_page_per_language_and_its_ids_count_on_every_page(
    project: tuple[Path, Path],
) -> None:
    root, site = project
    # a broken link in the theme's header, as the theme writes it: on every page of both languages
    for html in site.rglob("*.html"):
        edit(site, html.relative_to(site).as_posix(), "<header>", '<header id="__top"><a href="/gone/">x</a>')
    edit(site, "milestones/vae/index.html", "<h2", '<a href="../gan/#__top">theme id</a><a href="#nope">x</a><h2')
    assert broken(root, site) == [
        "content/milestones/vae.md: link '#nope' on /milestones/vae/ points to /milestones/vae/#nope, "
        "but /milestones/vae/ has no element with id 'nope'",
        # once per language, on its first page: the theme's links are the same on all of them
        "mkdocs.yml (theme header, navigation or footer): link '/gone/' on /about/ leaves the site: "
        "it resolves to /gone/, outside the site's base path /ten-years/",
        "mkdocs.yml (theme header, navigation or footer): link '/gone/' on /en/about/ leaves the site: "
        "it resolves to /gone/, outside the site's base path /ten-years/",
    ]


def write_tiny_project(root: Path, about_en: str) -> Path:
    """A real two-language MkDocs project using hooks/links.py (and no other hook)."""
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# 首页\n\n[关于](about.md#team)\n", encoding="utf-8")
    (root / "docs/index.en.md").write_text("# Home\n\n[About](about.md#team)\n", encoding="utf-8")
    (root / "docs/about.md").write_text("# 关于\n\n## 团队 {#team}\n", encoding="utf-8")
    (root / "docs/about.en.md").write_text(about_en, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(f"""\
        site_name: tiny
        site_url: https://example.org/tiny/
        theme: {{name: material, language: zh}}
        markdown_extensions: [attr_list, toc]
        hooks: ["{ROOT / "hooks/links.py"}"]
        plugins:
          - i18n:
              docs_structure: suffix
              languages:
                - {{locale: zh, default: true, name: 中文, build: true}}
                - {{locale: en, name: English, build: true}}
        """),
        encoding="utf-8",
    )
    return config


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        mkdocs_command("build", "-f", str(config), "-d", str(site)),
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_the_hook_fails_the_build_once_naming_the_english_source(tmp_path: Path) -> None:
    config = write_tiny_project(tmp_path / "p", "# About\n\n## Team {#team}\n\n[Home](index.md#nowhere)\n")
    done = build(config, tmp_path / "site")
    assert done.returncode == 1
    assert done.stderr.count("broken internal link") == 1
    assert (
        "ERROR   -  1 broken internal link in the built site:\n"
        "  docs/about.en.md: link '../#nowhere' on /en/about/ points to /en/#nowhere, "
        "but /en/ has no element with id 'nowhere'"
    ) in done.stderr


def test_the_hook_passes_a_sound_two_language_site(tmp_path: Path) -> None:
    config = write_tiny_project(tmp_path / "p", "# About\n\n## Team {#team}\n")
    done = build(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site/en/about/index.html").is_file()


def test_cli_checks_a_built_site_and_its_external_links(project: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = project
    with servers(1) as (host,):
        host.routes["/ok"] = Reply(200)
        host.routes["/gone"] = Reply(410)
        edit(
            site,
            "en/about/index.html",
            "<p>about</p>",
            f'<a href="{host.url("/ok")}">ok</a><a href="{host.url("/gone")}">gone</a>',
        )
        (root / "mkdocs.yml").write_text(
            f"site_url: {SITE_URL}\nextra:\n  links:\n    timeout: 2\n    allow_addresses: [127.0.0.0/8]\n",
            encoding="utf-8",
        )
        report, summary = tmp_path / "out/report.json", tmp_path / "out/summary.md"
        command = [
            sys.executable,
            str(ROOT / "scripts/check_links.py"),
            "--config",
            str(root / "mkdocs.yml"),
            "--site",
            str(site),
            "--external",
            "--report",
            str(report),
            "--markdown",
            str(summary),
            "--no-second-pass",
            "--no-cache",
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, done.stderr
        assert f"broken 410: {host.url('/gone')} — gone (in docs/about.en.md)" in done.stdout
        assert [(r["url"], r["outcome"]) for r in json.loads(report.read_text(encoding="utf-8"))["results"]] == [
            (host.url("/gone"), "broken"),
            (host.url("/ok"), "ok"),
        ]
        assert "**1 broken**" in summary.read_text(encoding="utf-8")
        never = subprocess.run([*command, "--fail-on", "never"], capture_output=True, text=True, timeout=60)
        assert never.returncode == 0, never.stderr


@pytest.mark.slow
def test_the_real_site_has_no_broken_internal_links(real_site: Path) -> None:
    """The session's strict build (its link hook fails on a broken link) checked once more from outside."""
    sources = SourceMap(ROOT, config_name=CONFIG_FILE)
    assert check_site(real_site, sources, "https://imgsynth.github.io/ten-years/") == []
    assert (real_site / "en" / "index.html").is_file()


def test_parallel_scan_finds_what_the_serial_scan_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from imgsynth.links import internal

    for index in range(12):
        page = tmp_path / f"p{index}" / "index.html"
        page.parent.mkdir()
        page.write_text(
            f'<html><body><article><h1 id="t{index}">T</h1><ol><li id="e{index}">'
            f'<a href="../p{(index + 1) % 12}/#t{(index + 1) % 12}">next</a><a href="#gone">x</a>'
            "</li></ol></article></body></html>",
            encoding="utf-8",
        )

    def one_language(page: str) -> str:  # the theme is read on the first page, the others without it
        return "zh"

    serial = internal.SiteIndex(tmp_path)
    serial.scan_all(serial.pages(), one_language)
    monkeypatch.setattr(internal, "PARALLEL_SCAN_FROM", 2)
    parallel = internal.SiteIndex(tmp_path)
    spawned: list[int] = []
    real_pool = concurrent.futures.ProcessPoolExecutor  # imported by the check when it needs it

    def counting_pool(workers: int, **kwargs):  # the parallel path really runs
        spawned.append(workers)
        return real_pool(workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    monkeypatch.setattr(internal.os, "cpu_count", lambda: 2)
    # other tests' local servers may still run threads; as in `mkdocs build`, assume none
    monkeypatch.setattr(internal.threading, "active_count", lambda: 1)
    parallel.scan_all(parallel.pages(), one_language)
    assert spawned == [2]
    assert parallel.pages() == serial.pages()
    for page in serial.pages():
        assert parallel.scan(page) == serial.scan(page), page
    assert parallel.scan("p3/index.html").links[0].item == "e3"
