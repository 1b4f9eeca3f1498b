"""What ``make serve``'s partial rebuilds rely on (hooks/imgsynth_mkdocs/incremental.py), checked
on the real content without running MkDocs."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from site_support import ROOT, real_plan

from imgsynth.content import entry_src_uri
from imgsynth.content.lineage import Lineage
from imgsynth.languages import LANGUAGES
from imgsynth.plan import Plan, load_plan
from imgsynth.render.repo import RepoLinks
from imgsynth_mkdocs import incremental

REPO = RepoLinks("https://github.com/imgsynth/ten-years", "main")


@pytest.fixture(scope="module")
def plan() -> Plan:
    return real_plan()


def _rebuild(plan: Plan, full: bool = True) -> incremental.Rebuild:
    return incremental.Rebuild(dirty=True, full=full, shape=(), plan=plan, shared=())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_pages_are_the_plans_pages(plan: Plan, lang: str) -> None:
    """The adapter renders entry pages one by one (only those whose inputs changed); all together
    they are exactly the core's pages."""
    pages = incremental.entry_pages(_rebuild(plan), lang, REPO)
    assert [page for page, _changed in pages] == plan.pages(lang, REPO)
    assert all(changed for _page, changed in pages)


def _altered(entry):
    """The entry with everything but what another entry's page shows of it (incremental.face) changed."""
    kept = {"id", "date", "until", "title"}
    changes = {
        "era": "another-era",
        "kind": "another-kind",
        "origin": "reader",
        "prose": {lang: f"Other prose ({lang})." for lang in LANGUAGES},
        "arxiv": "9999.99999",
        "raised_by": "Someone else",
        "work": {"venue": "Elsewhere"},
        "links": [],
        "tags": ["other-tag"],
        "builds_on": [],
        "annotations": [],
        "translation": {},
        "facts": {"changed": True},
        "sources": [],
        "figures": [],
    }
    fields = {field.name for field in dataclasses.fields(entry)}
    assert fields - kept - set(changes) <= {"path", "source_path"}, "a new Entry field: alter it here too"
    return dataclasses.replace(entry, **changes)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_shows_of_other_entries_only_their_face(plan: Plan, lang: str) -> None:
    """incremental.face: an entry's page is not rendered again when only what it does not show of
    its neighbours and lineage changed; so every other field of theirs must leave the page as it is."""
    entries = plan.content.entries
    index = next(
        i for i, e in enumerate(entries) if plan.site.lineage[e.id].builds_on and plan.site.lineage[e.id].led_to
    )
    entry = entries[index]
    lineage = plan.site.lineage[entry.id]
    page = plan.site.entry_page(entry, lang, entries[index - 1], entries[index + 1], REPO)
    plan.site.lineage[entry.id] = Lineage(
        builds_on=[_altered(item) for item in lineage.builds_on], led_to=[_altered(item) for item in lineage.led_to]
    )
    try:
        altered = plan.site.entry_page(entry, lang, _altered(entries[index - 1]), _altered(entries[index + 1]), REPO)
    finally:
        plan.site.lineage[entry.id] = lineage
    assert altered == page


def test_an_edit_renders_again_the_pages_that_show_it_and_only_those(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incremental, "_memory", incremental.Memory())
    content = shutil.copytree(ROOT / "content", tmp_path / "content")
    before = load_plan(content, project_root=tmp_path)
    first = _rebuild(before)
    incremental.entry_pages(first, "en", REPO)
    incremental.finish(first)
    assert not any(changed for _page, changed in incremental.entry_pages(_rebuild(before, full=False), "en", REPO))

    entries = before.content.entries
    index = len(entries) // 2
    target = entries[index]
    source = content / "milestones" / f"{target.id}.md"
    text = source.read_text(encoding="utf-8")
    edited = re.sub(r"(\ntitle:\n  zh: .*\n  en: ).*\n", r"\1A title changed by a test\n", text, count=1)
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    after = load_plan(content, project_root=tmp_path)
    pages = incremental.entry_pages(_rebuild(after, full=False), "en", REPO)

    lineage = before.site.lineage[target.id]
    showing = [target, entries[index - 1], entries[index + 1], *lineage.builds_on, *lineage.led_to]
    assert {page.src_uri for page, changed in pages if changed} == {entry_src_uri(e.id) for e in showing}
    assert (
        "A title changed by a test"
        in dict((page.src_uri, page.markdown) for page, _ in pages)[entry_src_uri(target.id)]
    )
