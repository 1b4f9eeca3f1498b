"""The review aid (scripts/diff_entries.py) on a real git repository, and the pre-commit hooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gfm import active, render

from imgsynth.authoring.record import with_translation
from imgsynth.authoring.review import compare, summary_markdown
from imgsynth.content.dates import PartialDate
from imgsynth.content.entries import split_prose
from imgsynth.content.frontmatter import parse
from imgsynth.content.translation import expected_hash
from imgsynth.content.vocabulary import load_terms

ROOT = Path(__file__).resolve().parents[2]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, env={**os.environ, **GIT_ENV}
    )
    return result.stdout.strip()


ERAS = load_terms(ROOT / "content" / "eras.yaml")[0]
SOURCE = "sources:\n  - {id: s, url: 'https://example.org/s', title: A source}\n"


def entry(entry_id: str, date: str, title_en: str, zh: str, en: str, extra: str = "") -> str:
    """A valid entry: in the era of the real content/eras.yaml its date falls in; without an arXiv id,
    with a source cited in both languages."""
    era = next(era.id for era in ERAS if era.contains(PartialDate.parse(date)))
    if "arxiv:" not in extra:
        extra, zh, en = extra + SOURCE, zh + "[^s]", en + "[^s]"
    text = (
        f'---\nid: {entry_id}\ndate: "{date}"\nera: {era}\nkind: paper\ntitle:\n  zh: 中{title_en}\n'
        f"  en: {title_en}\norigin: site\n{extra}---\n<!-- lang: zh -->\n{zh}\n\n<!-- lang: en -->\n{en}\n"
    )
    document = parse(text.encode())
    prose = split_prose(document.body, document.body_start_line)[0]
    return with_translation(text, {lang: expected_hash(document.data, prose, lang) for lang in ("zh", "en")})


def write(repo: Path, name: str, text: str) -> None:
    path = repo / "content" / "milestones" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two commits: the second changes alpha's facts and English prose, removes beta, adds gamma."""
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, "alpha.md", entry("alpha", "2014", "Alpha", "甲。", "Alpha.", "tags: [a, b]\n"))
    write(tmp_path, "beta.md", entry("beta", "2015", "Beta", "乙。", "Beta."))
    write(tmp_path, "delta.md", entry("delta", "2016", "Delta", "丁。", "Delta."))
    (tmp_path / "README.md").write_text("x\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    alpha = (tmp_path / "content" / "milestones" / "alpha.md").read_text(encoding="utf-8")
    write(
        tmp_path,
        "alpha.md",
        alpha.replace('date: "2014"', 'date: "2014-06"')
        .replace("[a, b]", "[a, c | d]")
        .replace("Alpha.", "Alpha, revised."),
    )
    (tmp_path / "content" / "milestones" / "beta.md").unlink()
    write(tmp_path, "gamma.md", entry("gamma", "2017-03-02", "Gamma", "丙。", "Gamma.", 'arxiv: "1703.00001"\n'))
    (tmp_path / "README.md").write_text("y\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "second")
    return tmp_path


def diff_entries(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "diff_entries.py"), *args, "--repo", str(repo)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **GIT_ENV},
    )


def test_summary_of_two_commits(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD~1")
    result = diff_entries(repo, "HEAD~1")
    assert (result.returncode, result.stderr) == (0, "")
    assert (
        result.stdout
        == f"""## Milestones changed since `HEAD~1` (`{first[:7]}`)

1 added · 1 removed · 1 changed

### Added

- **`gamma` — 中Gamma / Gamma**
  - 2017\\-03\\-02 · gan\\-years · paper · arXiv [1703\\.00001](<https://arxiv.org/abs/1703.00001>) · `content/milestones/gamma.md`
  - Translation: 中文 up to date · English up to date

### Removed

- ~~`beta` — 中Beta / Beta~~ (`content/milestones/beta.md`)

### Changed

#### `alpha` — 中Alpha / Alpha

| Fact | Before | After |
| --- | --- | --- |
| `date` | `2014` | `2014-06` |
| `tags` | `["a", "b"]` | `["a", "c \\| d"]` |

- Prose: 中文 unchanged · English **changed** (+9 characters)
- Translation: 中文 ⚠️ may be out of date · English ⚠️ may be out of date — once updated: `make translated ID=alpha`
"""
    )


def test_uncommitted_edits_and_a_renamed_file_are_included(repo: Path) -> None:
    milestones = repo / "content" / "milestones"
    (milestones / "delta.md").rename(milestones / "delta-renamed.md")
    text = (milestones / "gamma.md").read_text(encoding="utf-8")
    (milestones / "gamma.md").write_text(text.replace("丙。", "丙，改写。"), encoding="utf-8")
    changes = compare({"content/milestones/delta.md": Path(__file__).read_bytes()}, {})
    assert [(c.id, c.status) for c in changes] == [("delta", "removed")]
    result = diff_entries(repo, "HEAD")
    assert result.returncode == 0
    assert (
        result.stdout.split("\n", 2)[2]
        == """0 added · 0 removed · 2 changed

### Changed

#### `delta` — 中Delta / Delta

File renamed: `content/milestones/delta.md` → `content/milestones/delta-renamed.md`

No fact changed.

- Prose: 中文 unchanged · English unchanged
- Translation: 中文 up to date · English up to date

#### `gamma` — 中Gamma / Gamma

No fact changed.

- Prose: 中文 **changed** (+3 characters) · English unchanged
- Translation: 中文 up to date · English ⚠️ may be out of date — once updated: `make translated ID=gamma LANG=en`
"""
    )


def test_nothing_changed_and_unknown_base(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    assert (
        diff_entries(repo, "main").stdout
        == f"## Milestones changed since `main` (`{head[:7]}`)\n\nNo milestone entry changed.\n"
    )
    result = diff_entries(repo, "origin/main")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "error: git does not know 'origin/main'; fetch it first (e.g. `git fetch origin main`) "
        "or pass a commit or branch name.\n"
    )


def test_a_broken_file_is_reported_not_fatal() -> None:
    changes = compare({}, {"content/milestones/bad.md": b"no front matter\n"})
    assert summary_markdown(changes, "`x`").splitlines()[-1] == (
        "- `bad` — ⚠️ cannot be read (`content/milestones/bad.md`, line 1\\: the file must start with a line "
        "&#39;\\-\\-\\-&#39; that opens the YAML front matter\\.)"
    )


def test_entries_whose_only_change_is_the_translation_record_are_listed_compactly() -> None:
    text = entry("alpha", "2014", "Alpha", "甲。", "Alpha.")
    rerecorded = re.sub(r'zh: "[0-9a-f]{8}"', 'zh: "00000000"', text)
    assert rerecorded != text
    changes = compare(
        {"content/milestones/alpha.md": text.encode()}, {"content/milestones/alpha.md": rerecorded.encode()}
    )
    assert summary_markdown(changes, "`x`").splitlines()[2:] == [
        "0 added · 0 removed · 1 changed",
        "",
        "### Translation record only",
        "",
        "No fact or prose changed; `translation:` recorded again: `alpha`",
    ]


# --- pre-commit ---------------------------------------------------------------------------------

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (make install-dev)")
def test_pre_commit_hooks_catch_lint_yaml_and_content_problems(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shutil.copyfile(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    shutil.copyfile(ROOT / "pyproject.toml", repo / "pyproject.toml")
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, repo / "content" / name)
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (repo / "tool.py").write_text('"""A tool."""\n\nimport os\n', encoding="utf-8")
    (repo / "config.yaml").write_text("a: [1\n", encoding="utf-8")
    valid = entry("alpha", "2014", "Alpha", "甲。", "Alpha.")
    write(repo, "alpha.md", valid.replace("era: origins", "era: origin"))
    git(repo, "add", "-A")
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PYTHONPATH": str(ROOT),
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", "--all-files"], cwd=repo, capture_output=True, text=True, env=env, timeout=300
        )

    result = run()
    assert result.returncode == 1
    assert "F401 [*] `os` imported but unused\n --> tool.py:3:8" in result.stdout
    assert 'in "config.yaml", line 2, column 1' in result.stdout
    assert "content/milestones/alpha.md:4: unknown era 'origin'" in result.stdout
    (repo / "tool.py").write_text('"""A tool."""\n', encoding="utf-8")
    (repo / "config.yaml").write_text("a: [1]\n", encoding="utf-8")
    write(repo, "alpha.md", valid)
    git(repo, "add", "-A")
    result = run()
    assert result.returncode == 0, result.stdout
    assert [line.rsplit(".", 1)[-1] for line in result.stdout.splitlines()] == ["Passed"] * 4


# --- a pull request cannot forge the summary ------------------------------------------------------

FORGED = """---
id: "x`<script>alert(1)</script>"
date: "2014 <b>|</b>"
era: "origins](https://evil.example/era)"
kind: "paper\\n### Approved by the maintainers"
arxiv: "1703.00001](javascript:alert(1))"
title:
  zh: "</b>**已批准** <img src=x onerror=alert(1)>"
  en: "**Approved** [merge me](https://evil.example) ![p](https://evil.example/p.png) www.evil.example | x"
tags: ["`` | <i>x</i>", "@maintainers :+1:"]
origin: site
---
<!-- lang: zh -->
甲。

<!-- lang: en -->
Alpha.
"""


def forged_summary() -> str:
    changed = FORGED.replace('"2014 <b>|</b>"', '"2015 <iframe src=//evil.example>"').replace(
        "www.evil.example | x", "<script>x</script> | y"
    )
    before = {"content/milestones/forged.md": FORGED.encode(), "content/milestones/a`<b>|.md": b"broken"}
    after = {
        "content/milestones/forged.md": changed.encode(),
        "content/milestones/new`<svg onload=alert(1)>.md": FORGED.replace('id: "x', 'id: "y').encode(),
    }
    return summary_markdown(compare(before, after), "`x`")


def test_forged_titles_ids_and_values_are_shown_as_text_only() -> None:
    summary = forged_summary()
    soup = render(summary)
    assert active(soup) == []
    assert [h.get_text() for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])] == [
        "Milestones changed since x",
        "Added",
        "Removed",
        "Changed",
        "x`<script>alert(1)</script> — </b>**已批准** <img src=x onerror=alert(1)> / **Approved** [merge me]"
        "(https://evil.example) ![p](https://evil.example/p.png) <script>x</script> | y",
    ]
    assert soup.find_all(["strong", "em", "b", "i", "del"]) == soup.find_all("strong") + soup.find_all("del")
    assert not [s for s in soup.find_all("strong") if "Approved" in s.get_text() and "已批准" not in s.get_text()]
    for row in soup.find_all("tr"):
        assert len(row.find_all(["td", "th"])) == 3, row
    table = soup.find("table").get_text()
    assert "2014 <b>|</b>" in table and "2015 <iframe src=//evil.example>" in table
    text = soup.get_text()
    assert "arXiv 1703.00001](javascript:alert(1)) (not an arXiv id)" in text
    assert "make translated ID=x`<script>alert(1)</script>" in text


def test_the_summary_renders_as_it_reads_and_only_links_to_arxiv(repo: Path) -> None:
    summary = diff_entries(repo, "HEAD~1").stdout
    soup = render(summary)
    assert active(soup, allowed_links=("https://arxiv.org/abs/",)) == []
    assert [a["href"] for a in soup.find_all("a")] == ["https://arxiv.org/abs/1703.00001"]
    assert "2017-03-02 · gan-years · paper · arXiv 1703.00001 · content/milestones/gamma.md" in soup.get_text()


def test_symbolic_links_are_never_read(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    secret = tmp_path_factory.mktemp("outside") / "environ"
    secret.write_text("---\nid: leak\ntitle:\n  en: GITHUB_TOKEN=ghs_SECRET\n---\n", encoding="utf-8")
    milestones = repo / "content" / "milestones"
    (milestones / "committed-link.md").symlink_to(secret)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a committed link")
    (milestones / "leak.md").symlink_to(secret)
    (milestones / "big.md").write_bytes(b"---\nid: big\n---\n" + b"x" * 300_000)
    result = diff_entries(repo, "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert "SECRET" not in result.stdout and "GITHUB_TOKEN" not in result.stdout
    shown = render(result.stdout).get_text()
    assert (
        "committed-link — ⚠️ cannot be read (content/milestones/committed-link.md, a symbolic link; not read)" in shown
    )
    assert "leak — ⚠️ cannot be read (content/milestones/leak.md, a symbolic link; not read)" in shown
    assert "big — ⚠️ cannot be read (content/milestones/big.md, 300,016 bytes, more than an entry may have" in shown
    (milestones / "committed-link.md").unlink()  # the base still holds the committed link
    (milestones / "committed-link.md").write_text(entry("committed-link", "2014", "C", "丙。", "C."), encoding="utf-8")
    result = diff_entries(repo, "HEAD")
    shown = render(result.stdout).get_text()
    assert "SECRET" not in result.stdout
    assert (
        "⚠️ The file cannot be read before (content/milestones/committed-link.md, a symbolic link; not read)." in shown
    )


def test_the_base_script_never_runs_the_pull_requests_code(repo: Path) -> None:
    """As the review workflow runs it: the base's script, the PR's tree as --repo and as the
    working directory. A PR that ships its own review aid, package or sitecustomize changes nothing."""
    evil = 'print("FORGED: all checks passed")\nraise SystemExit(0)\n'
    for name in ("scripts/diff_entries.py", "imgsynth/__init__.py", "imgsynth/authoring/review.py", "sitecustomize.py"):
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(evil, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "diff_entries.py"), "--repo", ".", "HEAD~1"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **GIT_ENV},
    )
    assert result.returncode == 0, result.stderr
    assert "FORGED" not in result.stdout and result.stdout.startswith("## Milestones changed since `HEAD~1`")
