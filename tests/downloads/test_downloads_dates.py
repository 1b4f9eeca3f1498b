"""Feeds announce what is new on the site (issue 12): an entry's Atom <published> and <updated>
are when its file was added to the repository and when it last changed, from the git history;
the milestone's own date stays in the entry's content, never padded with an invented day."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from imgsynth.content.history import build_date, file_dates
from imgsynth.content.load import load_content
from imgsynth.downloads.feeds import atom_feed

ROOT = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run([GIT, "-C", str(repo), *args], check=True, capture_output=True, env=env)


def entry(path: Path, entry_id: str, date: str, title: str) -> None:
    path.write_text(
        f'---\nid: {entry_id}\ndate: "{date}"\nera: origins\nkind: event\ntitle: {{zh: {title}甲, en: {title}}}\n'
        "origin: site\nsources:\n  - {id: s, url: 'https://example.org/s', title: A source}\n"
        f"---\n<!-- lang: zh -->\n{title}的中文。[^s]\n\n<!-- lang: en -->\nThe {title} in English.[^s]\n",
        encoding="utf-8",
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "milestones").mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    git(tmp_path, "init", "-q", "-b", "main")
    entry(content / "milestones" / "first.md", "first", "2013-05", "First")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "add first", date="2026-01-02T03:04:05+00:00")
    entry(content / "milestones" / "second.md", "second", "2014-06-10", "Second")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "add second", date="2026-02-01T00:00:00+00:00")
    entry(content / "milestones" / "first.md", "first", "2013-05", "First changed")
    git(tmp_path, "commit", "-q", "-am", "edit first", date="2026-03-01T12:00:00+01:00")
    return tmp_path


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).astimezone(datetime.UTC)


def test_dates_come_from_the_history(repo: Path) -> None:
    milestones = repo / "content" / "milestones"
    dates = file_dates([milestones / "first.md", milestones / "second.md"])
    first, second = dates[(milestones / "first.md").resolve()], dates[(milestones / "second.md").resolve()]
    assert (first.added, first.changed, first.source) == (
        utc("2026-01-02T03:04:05+00:00"),
        utc("2026-03-01T11:00:00+00:00"),
        "git",
    )
    assert first.added < first.changed and second.added == second.changed == utc("2026-02-01T00:00:00+00:00")


def test_a_renamed_file_keeps_the_day_it_was_added(repo: Path) -> None:
    milestones = repo / "content" / "milestones"
    git(repo, "mv", "content/milestones/second.md", "content/milestones/renamed.md")
    git(repo, "commit", "-q", "-m", "rename", date="2026-04-01T00:00:00+00:00")
    dates = file_dates([milestones / "renamed.md"])[(milestones / "renamed.md").resolve()]
    assert dates.added == utc("2026-02-01T00:00:00+00:00") and dates.changed == utc("2026-04-01T00:00:00+00:00")


def test_a_file_not_committed_yet_takes_the_current_commit(repo: Path) -> None:
    milestones = repo / "content" / "milestones"
    entry(milestones / "third.md", "third", "2015", "Third")
    dates = file_dates([milestones / "third.md"])[(milestones / "third.md").resolve()]
    assert (dates.added, dates.changed, dates.source) == (utc("2026-03-01T11:00:00+00:00"),) * 2 + ("head",)


def test_outside_git_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "alone.md"
    path.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    dates = file_dates([path])[path.resolve()]
    assert dates.source == "build" and dates.added == dates.changed == build_date()
    assert build_date() == datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.UTC)


def test_feed_dates_are_the_site_history_and_content_keeps_the_milestone_date(repo: Path) -> None:
    content = load_content(repo / "content", project_root=repo)
    text = atom_feed(content, "en", "https://example.org/site/", "Title")
    assert text == atom_feed(content, "en", "https://example.org/site/", "Title"), "same commit, same feed"
    feed = ET.fromstring(text)
    assert feed.findtext(f"{ATOM}updated") == "2026-03-01T11:00:00Z"  # the newest change
    items = {item.findtext(f"{ATOM}id"): item for item in feed.findall(f"{ATOM}entry")}
    first = items["https://example.org/site/en/milestones/first/"]
    assert first.findtext(f"{ATOM}published") == "2026-01-02T03:04:05Z"
    assert first.findtext(f"{ATOM}updated") == "2026-03-01T11:00:00Z"
    body = first.findtext(f"{ATOM}content")
    assert first.find(f"{ATOM}content").get("type") == "html"
    assert '<time datetime="2013-05">May 2013</time>' in body and "2013-05-01" not in text
    second = items["https://example.org/site/en/milestones/second/"]
    assert second.findtext(f"{ATOM}published") == second.findtext(f"{ATOM}updated") == "2026-02-01T00:00:00Z"
    assert '<time datetime="2014-06-10">10 June 2014</time>' in second.findtext(f"{ATOM}content")
    assert [item.findtext(f"{ATOM}id").rsplit("/", 2)[1] for item in feed.findall(f"{ATOM}entry")] == [
        "first",
        "second",
    ], "newest change first"


def test_the_published_build_sees_the_whole_history() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    checkouts = [
        step
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if str(step.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkouts and all(str(step["with"].get("fetch-depth")) == "0" for step in checkouts), (
        "a shallow clone would date every entry by the last commit"
    )
