"""The private parts of mkdocs-static-i18n and Material that the adapter touches
(``hooks/imgsynth_mkdocs/i18n.py``; listed in the README), one test each.

A tiny two-language site is built once with a probe hook that goes through the adapter's
accessors and records what it saw; each test fails when one of those private parts changes.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_support import build_env

from imgsynth.languages import prefix
from imgsynth.render import strings
from imgsynth_mkdocs import search
from imgsynth_mkdocs.config import mkdocs_command

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, os
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from imgsynth_mkdocs import i18n
from imgsynth_mkdocs.localize import localize

seen = {
    "inner": [], "languages": [], "sitemap_lists": [], "file_attributes": [], "switchers": [], "attribute": [],
    "404": [],
}

@event_priority(-110)  # after the plugin's (-100), as hooks/reader.py
def on_config(config):
    seen["inner"].append(i18n.inner_build(config))
    localize(config)
    return config

def on_post_template(output, template_name, config):
    if template_name == "404.html":
        lang = i18n.build_language(config)
        seen["404"].append([lang, config.site_dir])
        if lang != "zh":
            return ""  # as hooks/reader.py, which writes it under en/ itself
    return output

@event_priority(-200)
def on_files(files, config):
    lang = i18n.build_language(config)
    seen["languages"].append(lang)
    own = [f for f in files.documentation_pages() if f.src_uri.startswith("index")]
    seen["file_attributes"].append(sorted(
        name for name in ("alternates", "locale", "locale_alternate_of", "localization") if hasattr(own[0], name)
    ))
    listed = i18n.sitemap_pages(config, lang)
    seen["sitemap_lists"].append(listed is not None and any(f.src_uri.startswith("index") for f in listed))
    file = File.generated(config, "extra.md", content="# Extra\\n\\ngenerated")
    if lang != "zh":
        file.dest_uri = lang + "/" + file.dest_uri
    others = {}
    for other in ("zh", "en"):
        if other != lang:
            twin = File.generated(config, "extra.md", content="")
            twin.dest_uri = ("" if other == "zh" else other + "/") + twin.dest_uri
            others[other] = twin
    others[lang] = file
    i18n.set_alternates(file, lang, others)
    files.append(file)
    if listed is not None:
        listed.append(file)
    return files

def on_page_context(context, page, config, nav):
    if page.file.src_uri == "extra.md":
        seen["switchers"].append([(alt["lang"], alt["link"]) for alt in i18n.switcher(config)])
        attribute = vars(config.extra).get("alternate") or []
        seen["attribute"].append([(alt["lang"], alt["link"]) for alt in attribute])
    return context

@event_priority(-300)
def on_post_build(config):
    if not i18n.inner_build(config):
        with open(os.environ["PROBE_OUT"], "w") as handle:
            json.dump(seen, handle)
"""

CONFIG = """
site_name: probe
site_url: https://example.org/probe/
theme:
  name: material
  language: zh
hooks:
  - probe.py
markdown_extensions:
  - footnotes:
      BACKLINK_TITLE: one title for every language
  - toc:
      permalink: true
      permalink_title: one title for every language
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_material: true
      languages:
        - {locale: zh, default: true, name: 中文, build: true}
        - {locale: en, name: English, build: true}
"""

ZH_HOME = """# 首页

## 一节

正文。[^a]

[^a]: 注。

<div class="probe-div" data-search-exclude="true"><div>INNERWORD</div>TAILWORD</div>

<ol class="probe-list" data-search-exclude="true"><li>LISTWORD</li></ol>
"""
EN_HOME = """# Home

## A section

Text.[^a]

[^a]: A note.
"""


def bundle(site: Path) -> str:
    """Material's JavaScript bundle as the site serves it."""
    (path,) = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    return path.read_text(encoding="utf-8")


def search_config(html: str) -> dict:
    """The JSON of Material's ``#__config`` script, found as imgsynth_mkdocs.search finds it."""
    match = search._CONFIG.search(html)
    assert match, "no <script id=__config> in the page"
    return json.loads(match.group(2))


@pytest.fixture(scope="module")
def probed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    project = tmp_path_factory.mktemp("probe-site")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(ZH_HOME, encoding="utf-8")
    (project / "docs" / "index.en.md").write_text(EN_HOME, encoding="utf-8")
    (project / "mkdocs.yml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    (project / "probe.py").write_text(PROBE, encoding="utf-8")
    out = project / "seen.json"
    env = {**build_env(), "PROBE_OUT": str(out), "PYTHONPATH": f"{ROOT / 'hooks'}{os.pathsep}{ROOT}"}
    result = subprocess.run(
        mkdocs_command("build", "-q", "-d", str(project / "site")),
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), project / "site"


def test_i18n_building_is_true_only_in_the_other_languages_builds(probed: tuple[dict, Path]) -> None:
    assert probed[0]["inner"] == [False, True]


def test_theme_language_names_the_language_being_built(probed: tuple[dict, Path]) -> None:
    assert probed[0]["languages"] == ["zh", "en"]


def test_i18n_files_per_language_feeds_the_sitemap(probed: tuple[dict, Path]) -> None:
    seen, site = probed
    assert seen["sitemap_lists"] == [True, True]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/probe/extra/" in sitemap
    assert 'hreflang="en" href="https://example.org/probe/en/extra/"' in sitemap


def test_file_locale_attributes_drive_the_language_switcher(probed: tuple[dict, Path]) -> None:
    seen, _site = probed
    assert seen["file_attributes"] == [["alternates", "locale", "locale_alternate_of", "localization"]] * 2
    # a generated page with those attributes gets a switcher pointing at its twin
    assert seen["switchers"] == [[["zh", "extra/"], ["en", "en/extra/"]]] * 2


def test_extra_alternate_is_set_per_page_as_an_attribute(probed: tuple[dict, Path]) -> None:
    seen, site = probed
    assert seen["attribute"] == [[["zh", "extra/"], ["en", "en/extra/"]]] * 2
    html = (site / "en" / "extra" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../extra/" hreflang="zh"' in html


def test_markdown_settings_set_in_on_config_reach_each_languages_pages(probed: tuple[dict, Path]) -> None:
    """localize.py: toc.permalink_title and footnotes.BACKLINK_TITLE changed in each language's on_config
    (after the plugin set the language) are what that language's pages are rendered with."""
    _seen, site = probed
    assert strings()["zh"]["footnote_backlink_title"] != strings()["en"]["footnote_backlink_title"]
    for lang, path in (("zh", "index.html"), ("en", "en/index.html")):
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")
        t = strings()[lang]
        assert {a["title"] for a in soup.select("a.footnote-backref")} == {t["footnote_backlink_title"]}, lang
        assert {a["title"] for a in soup.select("a.headerlink")} == {t["permalink_title"]}, lang


def test_material_loads_the_search_index_from_the_config_base(probed: tuple[dict, Path]) -> None:
    """search.py: Material reads ``base`` from each page's ``#__config`` JSON and loads
    ``search/search_index.json`` relative to it; language_base points it at the language's root."""
    _seen, site = probed
    js = bundle(site)
    assert re.search(r'\w+\("#__config"\),(\w+)=JSON\.parse\(\w+\.textContent\);\1\.base=`\$\{new URL\(\1\.base,', js)
    assert re.search(r'new URL\("search/search_index\.json",\w+\.base\)', js)
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert search_config(html)["base"] == ".."
    assert search_config(search.language_base(html, "en"))["base"] == "../en/"
    assert search.language_base(html, "zh") == html


def test_i18n_merges_every_languages_search_index_at_the_root(probed: tuple[dict, Path], tmp_path: Path) -> None:
    """search.py: mkdocs-static-i18n writes one index at the root holding every language's pages,
    the other languages' locations under their prefix; split_index cuts it per language."""
    _seen, site = probed
    docs = json.loads((site / search.INDEX).read_text(encoding="utf-8"))["docs"]
    locations = {doc["location"] for doc in docs}
    assert {"", "en/"} <= locations
    assert any(location.startswith("en/") for location in locations - {"en/"})
    assert not (site / "en" / search.INDEX).exists()
    copy = shutil.copytree(site, tmp_path / "site")
    counts = search.split_index(copy)
    split = {lang: json.loads((copy / prefix(lang) / search.INDEX).read_text()) for lang in counts}
    assert counts == {lang: len(index["docs"]) for lang, index in split.items()} and all(counts.values())
    assert not [doc for index in split.values() for doc in index["docs"] if doc["location"].startswith("en/")]


def test_material_search_excludes_by_tag_name(probed: tuple[dict, Path]) -> None:
    """search.py (NOT_SEARCHED): Material's search parser leaves out an element marked
    ``data-search-exclude`` until the first closing tag of the same name, its own or a child's."""
    _seen, site = probed
    text = " ".join(doc["text"] for doc in json.loads((site / search.INDEX).read_text(encoding="utf-8"))["docs"])
    assert "正文" in text
    assert "LISTWORD" not in text  # an <ol> holding no <ol>: left out whole
    assert "INNERWORD" not in text
    assert "TAILWORD" in text  # the inner </div> ended the exclusion of the outer <div>


def test_i18n_renders_each_languages_404_page_into_the_root(probed: tuple[dict, Path]) -> None:
    """reader.py: every language's build renders 404.html into the same site folder, so the last
    language would overwrite the root's; an empty output from on_post_template is not written."""
    seen, site = probed
    assert seen["404"] == [["zh", str(site)], ["en", str(site)]]
    assert '<html lang="zh"' in (site / "404.html").read_text(encoding="utf-8")
    assert not (site / "en" / "404.html").exists()  # the plugin writes none under en/; reader.py does


def test_material_reads_the_alternate_links_once_the_document_is_loaded(probed: tuple[dict, Path]) -> None:
    """site.js: Material collects ``link[rel=alternate]`` when its document observable first emits,
    on DOMContentLoaded, and fetches a sitemap.xml beside each; site.js parks the links until then."""
    _seen, site = probed
    js = bundle(site)
    assert re.search(r'\w+\(document,"DOMContentLoaded",\{once:!0\}\)', js)
    assert re.search(r'\w+\("link\[rel=alternate\]"\)', js)
    assert re.search(r'new URL\("sitemap\.xml",\w+\)', js)


def test_material_search_merges_a_dirty_builds_index_with_the_last_one() -> None:
    """i18n.keep_search_index_whole: Material's search plugin keeps the last index when MkDocs
    builds dirty (``is_dirty`` from on_startup, ``search_index_prev`` after each on_post_build) and
    merges the next build's into it by its first item's page; the adapter turns that off."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    plugin = SearchPlugin()
    plugin.on_startup(command="serve", dirty=True)
    assert plugin.is_dirty is True and plugin.search_index_prev is None
    settings = {"lang": ["en"], "separator": " ", "pipeline": [], "fields": {}}
    previous, current = SearchIndex(**settings), SearchIndex(**settings)
    previous.entries = [{"location": "a/", "title": "A", "text": ""}, {"location": "b/", "title": "B", "text": ""}]
    current.entries = [{"location": "a/", "title": "A2", "text": ""}]
    merged = json.loads(current.generate_search_index(previous))["docs"]
    assert [doc["title"] for doc in merged] == ["B", "A2"]  # what a stacked two-language index breaks


def test_mkdocs_lists_the_themes_files_through_files_add_files_from_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    """incremental.list_theme_files_once: every build calls ``Files.add_files_from_theme(env, config)``,
    which adds one ``File(path, theme_dir, site_dir, use_directory_urls)`` per static file of the
    theme; the once-listed version adds the same files."""
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from imgsynth_mkdocs import incremental

    assert "files.add_files_from_theme(env, config)" in inspect.getsource(build.build)
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir="/nonexistent-site")
    env = config.theme.get_env()

    def listed() -> list[tuple[str, str | None, str, str]]:
        files = Files([])
        files.add_files_from_theme(env, config)
        return sorted((f.src_uri, f.abs_src_path, f.dest_uri, f.url) for f in files)

    original = listed()
    monkeypatch.setattr(Files, "add_files_from_theme", Files.add_files_from_theme)  # restored afterwards
    incremental.list_theme_files_once()
    assert getattr(Files.add_files_from_theme, "lists_once", False)
    assert listed() == listed() == original and original


def test_a_dirty_build_reads_and_writes_the_pages_whose_file_says_it_is_modified() -> None:
    """incremental.PlannedFile and outdate: with --dirty MkDocs skips a page unless
    ``page.file.is_modified()``, both when reading it and when writing it."""
    from mkdocs.commands import build

    for function in (build._populate_page, build._build_page):
        assert "if dirty and not page.file.is_modified():" in inspect.getsource(function), function.__name__


def test_i18n_builds_the_other_languages_dirty_when_the_command_line_says_dirty() -> None:
    """make serve passes --dirty on the command line (config.SERVE_ARGS): mkdocs-static-i18n reads
    it from sys.argv for the other languages' builds."""
    from mkdocs_static_i18n.plugin import I18n

    from imgsynth_mkdocs.config import SERVE_ARGS

    assert '"--dirty" in sys.argv' in inspect.getsource(I18n.on_post_build)
    assert "--dirty" in SERVE_ARGS


def test_mkdocs_serve_watches_through_the_servers_observer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """incremental.watch_often: LiveReloadServer keeps the paths it watches in ``_watched_paths``
    and schedules them on ``server.observer`` (a watchdog polling observer, every 0.5 s); the
    adapter moves them to an observer that looks every WATCH_INTERVAL seconds."""
    from mkdocs.livereload import LiveReloadServer

    from imgsynth_mkdocs import incremental

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        assert server.observer.timeout == 0.5
        server.watch(str(tmp_path))
        assert server._watched_paths == {str(tmp_path): 1}
        monkeypatch.setattr(incremental, "_dirty", True)
        incremental.watch_often(server)
        assert server.observer.timeout == incremental.WATCH_INTERVAL
        assert server._watched_paths == {str(tmp_path): 1}
        assert [emitter.watch.path for emitter in server.observer.emitters] == [str(tmp_path)]
    finally:
        server.server_close()


def test_i18n_sitemap_template_lists_the_files_of_i18n_alternates() -> None:
    """sitemaps.language_sitemap: the plugin's sitemap.xml (it replaces the theme's) lists the files
    of its ``i18n_alternates`` context, language -> files; rendered with one language's files it is
    that language's sitemap (tests/render/test_render_reader_features.py checks en/sitemap.xml)."""
    import mkdocs_static_i18n

    template = Path(mkdocs_static_i18n.__file__).parent / "custom_i18n_sitemap" / "sitemap.xml"
    text = template.read_text(encoding="utf-8")
    assert "{%- for locale, i18n_files in i18n_alternates.items() %}" in text
    assert "{%- for file in i18n_files %}" in text


def test_mkdocs_renders_the_themes_static_templates_after_on_env() -> None:
    """incremental.static_templates: ``config.theme.static_templates`` (a set) is read after the
    ``env`` event, so a partial rebuild can leave the 404 page and the sitemap as they are."""
    from mkdocs.commands import build

    source = inspect.getsource(build.build)
    assert source.index("config.plugins.on_env(") < source.index("for template in config.theme.static_templates:")
