"""Translation status: the recorded hashes, stale detection, the check's warnings, the notice and the page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from script_support import load_script
from site_support import build_site, built_page, copy_project, keep_entries

from imgsynth.authoring.record import with_translation
from imgsynth.authoring.scaffold import PLACEHOLDER_TEXT, Draft, render_entry
from imgsynth.content.load import load_content
from imgsynth.content.translation import CURRENT, MISSING, STALE, entry_status, expected_hash
from imgsynth.render.pages import SiteGenerator

ROOT = Path(__file__).resolve().parents[2]
GAN = ROOT / "content" / "milestones" / "gan.md"
TRANSLATION_LINE = re.compile(r'^translation: \{zh: "[0-9a-f]{8}", en: "[0-9a-f]{8}"\}$', re.M)


script = load_script


def without_record(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("translation:"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A content tree with gan (no translation record yet) and a second entry."""
    milestones = tmp_path / "content" / "milestones"
    milestones.mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, tmp_path / "content" / name)
    (tmp_path / "content" / "figures").symlink_to(ROOT / "content" / "figures")  # gan.md shows figures
    (milestones / "gan.md").write_text(without_record(GAN.read_text(encoding="utf-8")), encoding="utf-8")
    (milestones / "later.md").write_text(later_entry(), encoding="utf-8")
    return tmp_path


def later_entry() -> str:
    """An event after gan, written by the scaffold (``make new``) and then completed as a contributor
    would: its one source (an event has no arXiv id), builds_on, and prose citing the source in both languages."""
    text = render_entry(
        Draft(id="later", date="2015", era="gan-years", kind="event", title={"zh": "后来", "en": "Later"})
    )
    replacements = {
        "builds_on: []": "builds_on: [gan]",
        "---\n<!-- lang: zh -->": "sources:\n  - {id: news, url: 'https://example.org/news', title: News}\n"
        "---\n<!-- lang: zh -->",
        PLACEHOLDER_TEXT["zh"]: "中文。[^news]",
        PLACEHOLDER_TEXT["en"]: "English.[^news]",
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def mark(project: Path, *args: str) -> int:
    return script("mark_translated").main([*args, "--content", str(project / "content")])


def check(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "imgsynth", "check"], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def load(project: Path):
    return load_content(project / "content", project_root=project)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the hash ---------------------------------------------------------------------------------

FACTS = {"id": "x", "date": "2014", "title": {"zh": "甲", "en": "A"}, "tags": ["a", "b"]}
PROSE = {"zh": "中文。", "en": "English."}


def test_hash_covers_the_facts_and_the_other_language_only() -> None:
    base = {lang: expected_hash(FACTS, PROSE, lang) for lang in ("zh", "en")}
    assert all(re.fullmatch(r"[0-9a-f]{8}", value) for value in base.values())
    assert base["zh"] != base["en"]
    changed_fact = {**FACTS, "tags": ["a", "c"]}
    assert expected_hash(changed_fact, PROSE, "zh") != base["zh"]
    assert expected_hash(changed_fact, PROSE, "en") != base["en"]
    new_english = {**PROSE, "en": "English, revised."}
    assert expected_hash(FACTS, new_english, "zh") != base["zh"]  # the other language changed
    assert expected_hash(FACTS, new_english, "en") == base["en"]  # its own prose does not count


def test_hash_ignores_key_order_the_record_itself_trailing_spaces_and_unquoted_numbers() -> None:
    reordered = dict(reversed(list(FACTS.items())))
    recorded = {**FACTS, "translation": {"zh": "00000000"}}
    unquoted = {**FACTS, "date": 2014}
    padded = {**PROSE, "en": "\nEnglish.   \n\n"}
    expected = expected_hash(FACTS, PROSE, "zh")
    assert {expected_hash(f, PROSE, "zh") for f in (reordered, recorded, unquoted)} == {expected}
    assert expected_hash(FACTS, padded, "zh") == expected


def test_recording_rewrites_only_the_translation_line() -> None:
    text = GAN.read_text(encoding="utf-8")
    bare = without_record(text)
    added = with_translation(bare, {"zh": "0123abcd", "en": "89abcdef"})
    assert added.replace('translation: {zh: "0123abcd", en: "89abcdef"}\n', "") == bare
    block = bare.replace(
        "\n---\n<!-- lang: zh", '\ntranslation:\n  zh: "11111111"\n  en: "22222222"\n---\n<!-- lang: zh', 1
    )
    replaced = with_translation(block, {"zh": "33333333", "en": "44444444"})
    assert replaced == added.replace("0123abcd", "33333333").replace("89abcdef", "44444444")


# --- states, warnings, notice, page -------------------------------------------------------------


def test_unrecorded_entries_are_warnings_that_keep_check_green(project: Path) -> None:
    result = check(project)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "ok: 2 entries, 5 eras, 7 kinds.",
        "warning: content/milestones/gan.md: no translation record for the Chinese and English prose; "
        "once it is up to date, run: make translated ID=gan",
        "warning: content/milestones/later.md: no translation record for the Chinese and English prose; "
        "once it is up to date, run: make translated ID=later",
    ]


def test_marking_records_both_languages_then_check_is_clean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert mark(project, "--all") == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in out] == ["recorded zh and en (Chinese current, English current)"] * 2
    text = (project / "content" / "milestones" / "gan.md").read_text(encoding="utf-8")
    assert len(TRANSLATION_LINE.findall(text)) == 1
    assert without_record(text) == without_record(GAN.read_text(encoding="utf-8"))
    assert check(project).stdout == "ok: 2 entries, 5 eras, 7 kinds.\n"


def test_a_changed_fact_makes_both_languages_stale_with_notice_and_status_rows(project: Path) -> None:
    assert mark(project, "--all") == 0
    edit(project / "content" / "milestones" / "gan.md", 'date: "2014-06-10"', 'date: "2014-06-11"')
    result = check(project)
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:] == [
        "warning: content/milestones/gan.md: the Chinese translation may be out of date (the facts or the English "
        "prose changed since it was recorded); update the Chinese prose, then run: make translated ID=gan LANG=zh",
        "warning: content/milestones/gan.md: the English translation may be out of date (the facts or the Chinese "
        "prose changed since it was recorded); update the English prose, then run: make translated ID=gan LANG=en",
    ]
    content = load(project)
    site = SiteGenerator(content)
    gan, later = content.entries  # in time order
    assert {lang: s.state for lang, s in entry_status(gan).items()} == {"zh": STALE, "en": STALE}
    assert '!!! warning ty-translation-stale "译文可能已过时"' in site.entry_page(gan, "zh", None, later)[0]
    assert (
        '!!! warning ty-translation-stale "This translation may be out of date"'
        in site.entry_page(gan, "en", None, later)[0]
    )
    assert "ty-translation-stale" not in site.entry_page(later, "en", gan, None)[0]
    rows = [line for line in site.translation_status("en").splitlines() if line.startswith("| <a")]
    assert rows == [
        f'| <a href="../milestones/gan/">{gan.title["en"]}</a> · 11 June 2014 '
        '| 中文, English | <span class="ty-translation-stale">may be out of date</span> '
        "| `make translated ID=gan` |"
    ]


def test_editing_one_language_marks_only_the_other_stale_until_recorded(project: Path) -> None:
    assert mark(project, "--all") == 0
    edit(project / "content" / "milestones" / "later.md", "English.", "English, revised.")
    later = load(project).entries[-1]
    assert {lang: s.state for lang, s in entry_status(later).items()} == {"zh": STALE, "en": CURRENT}
    assert '| 中文 | <span class="ty-translation-stale">可能已过时</span> | `make translated ID=later LANG=zh` |' in (
        SiteGenerator(load(project)).translation_status("zh")
    )
    assert mark(project, "later", "--lang", "zh") == 0
    later = load(project).entries[-1]
    assert {lang: s.state for lang, s in entry_status(later).items()} == {"zh": CURRENT, "en": CURRENT}
    assert SiteGenerator(load(project)).translation_status("en") == "Every entry is up to date in both languages.\n"


def test_marking_one_language_leaves_the_other_missing(project: Path) -> None:
    assert mark(project, "later", "--lang", "en") == 0
    states = {lang: s.state for lang, s in entry_status(load(project).entries[-1]).items()}
    assert states == {"zh": MISSING, "en": CURRENT}
    assert check(project).stdout.splitlines()[-1] == (
        "warning: content/milestones/later.md: no translation record for the Chinese prose; "
        "once it is up to date, run: make translated ID=later LANG=zh"
    )


def test_marking_refuses_an_entry_with_problems(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "content" / "milestones" / "later.md"
    edit(path, "English.", "TODO(en): write me")
    before = path.read_text(encoding="utf-8")
    assert mark(project, "later") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "error: " + str(path.as_posix()) + " was not recorded; fix the problems above first."
    assert "the English prose is still the placeholder" in err[0]
    assert path.read_text(encoding="utf-8") == before
    assert mark(project, "nothing-here") == 1


@pytest.mark.slow
def test_built_site_shows_the_notice_and_the_status_page_in_both_languages(tmp_path: Path) -> None:
    project = keep_entries(copy_project(tmp_path / "project"), "gan", "dcgan")
    assert mark(project, "--all") == 0
    # a changed fact; the added tag is one content/tags.yaml names
    edit(project / "content" / "milestones" / "gan.md", "tags: [gan, ", "tags: [gan, cnn, ")
    result = build_site(tmp_path / "site", project)
    assert result.returncode == 0, result.stderr[-3000:]
    site = tmp_path / "site"

    def page(path: str) -> BeautifulSoup:
        return built_page(site, path)

    for prefix, title in (("", "译文可能已过时"), ("en/", "This translation may be out of date")):
        notice = page(f"{prefix}milestones/gan/index.html").select_one(".admonition.ty-translation-stale")
        assert notice is not None and notice.select_one(".admonition-title").get_text(strip=True) == title
        assert notice.select_one("a")["href"] == "../../translation-status/"
        assert page(f"{prefix}milestones/dcgan/index.html").select_one(".ty-translation-stale") is None
        status = page(f"{prefix}translation-status/index.html").find(id="translation-status").find_next("table")
        links = [a["href"] for a in status.select("a")]  # the first table; the papers' table follows
        assert links == ["../milestones/gan/"]
