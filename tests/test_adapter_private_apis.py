"""The private parts of mkdocs-static-i18n and Material that the adapter touches
(``hooks/imgsynth_mkdocs/i18n.py``; listed in the README), one test each.

A tiny two-language site is built once with a probe hook that goes through the adapter's
accessors and records what it saw; each test fails when one of those private parts changes.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from site_support import build_env

from imgsynth_mkdocs.config import mkdocs_command

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, os
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from imgsynth_mkdocs import i18n

seen = {"inner": [], "languages": [], "sitemap_lists": [], "file_attributes": [], "switchers": [], "attribute": []}

def on_config(config):
    seen["inner"].append(i18n.inner_build(config))
    return config

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
plugins:
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_material: true
      languages:
        - {locale: zh, default: true, name: 中文, build: true}
        - {locale: en, name: English, build: true}
"""


@pytest.fixture(scope="module")
def probed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    project = tmp_path_factory.mktemp("probe-site")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (project / "docs" / "index.en.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    (project / "probe.py").write_text(PROBE, encoding="utf-8")
    out = project / "seen.json"
    env = {**build_env(), "PROBE_OUT": str(out), "PYTHONPATH": str(ROOT / "hooks")}
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
