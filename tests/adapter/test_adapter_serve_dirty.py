"""`make serve` (``mkdocs serve --dirty``) on a tiny site: an edit shows wherever it should, and
only the pages it touches are written again (hooks/imgsynth_mkdocs/incremental.py)."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from serve_support import ServeLog, free_port
from site_support import ROOT, build_env
from synthetic_site import write_hook_site

from imgsynth.languages import LANGUAGES, prefix
from imgsynth_mkdocs.config import serve_command
from imgsynth_mkdocs.search import INDEX

ENTRIES = 8
EDITED = 4
"""Builds on entry 3 (synthetic_site: every third entry from the second builds on the one before);
its neighbours are 3 and 5."""
UNTOUCHED = 1
"""Neither a neighbour of the edited entry nor in its lineage: its pages must not be written again."""
SITE_FOLDER = re.compile(r"Building 'zh' documentation to directory: (\S+)")
BASE = "/ten-years/"  # the path of mkdocs.yml's site_url, where mkdocs serve mounts the site


@dataclass
class Served:
    project: Path
    site: Path
    url: str
    log: ServeLog

    def page(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return ""

    def wait_until_shown(self, path: str, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.page(path):
            if time.monotonic() > deadline:
                raise AssertionError(f"'{text}' not on {path} after {timeout} s:\n" + "\n".join(self.log.lines[-30:]))
            time.sleep(0.05)

    def index_pages(self, lang: str) -> dict[str, list[dict]]:
        """The language's search index: page location -> its items."""
        docs = json.loads((self.site / prefix(lang) / INDEX).read_text(encoding="utf-8"))["docs"]
        pages: dict[str, list[dict]] = {}
        for doc in docs:
            pages.setdefault(doc["location"].partition("#")[0], []).append(doc)
        return pages


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[Served]:
    project = tmp_path / "project"
    config = write_hook_site(ROOT, project, ENTRIES)
    config.write_text(config.read_text(encoding="utf-8") + "\nwatch:\n  - content\n", encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        # --no-strict: the synthetic entries' arXiv ids have no metadata (a warning each)
        serve_command("-f", str(config), "-a", f"127.0.0.1:{port}", "--no-strict"),
        cwd=project,
        env=build_env(),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        log = ServeLog(process)
        log.wait_for("Serving on", timeout=240)
        # mkdocs-static-i18n names the folder mkdocs serve builds into
        found = [m.group(1) for line in log.lines if (m := SITE_FOLDER.search(line))]
        assert found, "\n".join(log.lines)
        yield Served(project, Path(found[0]), f"http://127.0.0.1:{port}{BASE}", log)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _entry(project: Path, index: int) -> Path:
    (path,) = (project / "content" / "milestones").glob(f"m{index:05d}-*.md")
    return path


def test_an_edit_rebuilds_what_it_touches_and_only_that(served: Served) -> None:
    edited, untouched = _entry(served.project, EDITED), _entry(served.project, UNTOUCHED)
    untouched_pages = [served.site / prefix(lang) / "milestones" / untouched.stem / "index.html" for lang in LANGUAGES]
    written = {page: page.stat().st_mtime_ns for page in untouched_pages}
    indexed = {lang: served.index_pages(lang) for lang in LANGUAGES}
    builds = served.log.count("Reloading browsers")

    titles = {"zh": "服务中改过的标题", "en": "A title edited while serving"}
    text = edited.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  zh: .*$", f"  zh: {titles['zh']}", text, count=1)
    text = re.sub(r"(?m)^  en: .*$", f"  en: {titles['en']}", text, count=1)
    edited.write_text(text, encoding="utf-8")

    for lang in LANGUAGES:  # the entry's page and the home page (the timeline), in both languages
        served.wait_until_shown(f"{prefix(lang)}milestones/{edited.stem}/", titles[lang])
        served.wait_until_shown(prefix(lang), titles[lang])
    served.log.wait_for("Reloading browsers", count=builds + 1, timeout=60)
    rebuilt = [line for line in served.log.lines if "rebuilt " in line and " pages " in line]
    assert rebuilt, "\n".join(served.log.lines[-30:])
    done, total = map(int, re.search(r"rebuilt (\d+) of (\d+) pages", rebuilt[-1]).groups())
    assert 0 < done < total / 2, rebuilt[-1]

    assert {page: page.stat().st_mtime_ns for page in untouched_pages} == written  # not written again
    for lang in LANGUAGES:  # the search index still holds every page, the edited one as it is now
        pages = served.index_pages(lang)
        assert set(pages) == set(indexed[lang])
        assert pages[f"milestones/{untouched.stem}/"] == indexed[lang][f"milestones/{untouched.stem}/"]
        shown = [item["title"].replace("\u200b", "") for item in pages[f"milestones/{edited.stem}/"]]  # jieba's marks
        assert any(titles[lang] in title for title in shown), shown
    assert not [line for line in served.log.lines if "ERROR" in line or "broken" in line]


def test_a_broken_link_in_an_edit_is_reported_and_its_fix_rebuilds(served: Served) -> None:
    edited = _entry(served.project, EDITED)
    original = edited.read_text(encoding="utf-8")
    builds = served.log.count("Reloading browsers")
    errors = served.log.count("broken internal link")

    edited.write_text(original.rstrip("\n") + " See [nothing](../m09999-missing/).\n", encoding="utf-8")
    served.log.wait_for("broken internal link", count=errors + 1, timeout=60)  # the rebuilt page's links are checked
    assert any("m09999-missing" in line for line in served.log.lines)

    edited.write_text(original.rstrip("\n") + " Fixed again.\n", encoding="utf-8")
    served.wait_until_shown(f"en/milestones/{edited.stem}/", "Fixed again.")
    served.log.wait_for("Reloading browsers", count=builds + 1, timeout=60)
    assert "m09999-missing" not in served.page(f"en/milestones/{edited.stem}/")


def test_a_new_entry_gets_its_pages_and_joins_the_lists_sitemaps_and_search(served: Served) -> None:
    source = _entry(served.project, EDITED)
    new_id = "m00099-added"
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", source.read_text(encoding="utf-8"), count=1)
    text = re.sub(r"(?m)^  en: .*$", "  en: An entry added while serving", text, count=1)
    builds = served.log.count("Reloading browsers")
    (source.parent / f"{new_id}.md").write_text(text, encoding="utf-8")

    served.wait_until_shown("en/", "An entry added while serving")
    served.wait_until_shown(f"en/milestones/{new_id}/", "An entry added while serving")
    served.log.wait_for("Reloading browsers", count=builds + 1, timeout=60)
    for lang in LANGUAGES:
        sitemap = (served.site / prefix(lang) / "sitemap.xml").read_text(encoding="utf-8")
        assert f"{prefix(lang)}milestones/{new_id}/</loc>" in sitemap, lang
        assert f"milestones/{new_id}/" in served.index_pages(lang)
    assert not [line for line in served.log.lines if "ERROR" in line or "broken" in line]
