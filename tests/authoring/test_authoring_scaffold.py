"""scripts/new_entry.py and the placeholder check; CONTRIBUTING's example and messages are the real ones."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from arxiv_server import make_entry, write_store
from mkdocs.utils.meta import get_data
from script_support import load_script

from imgsynth.authoring.scaffold import suggest_id
from imgsynth.content.load import load_content, load_entry
from imgsynth.content.translation import CURRENT, entry_status
from imgsynth.content.vocabulary import load_terms
from imgsynth.errors import EntryError

ROOT = Path(__file__).resolve().parents[2]
GAN = ROOT / "content" / "milestones" / "gan.md"
PIX2PIX = make_entry(
    "1611.07004",
    title="Image-to-Image Translation with\n  Conditional Adversarial Networks",  # wrapped, as arXiv does
    published="2016-11-21",
    updated="2018-11-26",
)


script = load_script


@pytest.fixture
def project(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "milestones").mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    (content / "figures").symlink_to(ROOT / "content" / "figures")  # gan.md and dcgan.md show figures
    shutil.copyfile(GAN, content / "milestones" / "gan.md")
    write_store(content / "arxiv.json", {"1611.07004": PIX2PIX})  # written by the real client and store
    return tmp_path


def new_entry(project: Path, *args: str, ask: Iterator[str] | None = None) -> int:
    answers = (lambda prompt: next(ask)) if ask is not None else None
    flags = [*args, "--content", str(project / "content")] + ([] if ask else ["--no-input"])
    return script("new_entry").main(flags, ask=answers)


def problems(path: Path, root: Path) -> list[EntryError]:
    eras, _ = load_terms(root / "content" / "eras.yaml", root)
    kinds, _ = load_terms(root / "content" / "kinds.yaml", root)
    return load_entry(path, eras, kinds, root)[1]


def check(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imgsynth", "check"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


EXPECTED_PIX2PIX = """---
id: image-to-image-translation-with-conditio
date: "2016-11-21"
era: gan-years
kind: paper
title:
  zh: pix2pix：图像到图像的翻译
  en: Image-to-Image Translation with Conditional Adversarial Networks
arxiv: "1611.07004"
origin: site
tags: []        # lowercase-with-hyphens, e.g. [diffusion, text-to-image]
builds_on: []   # ids of earlier milestones, e.g. [ddpm]
---
<!-- lang: zh -->
TODO(zh): 用你自己的话写两三段：它是什么、为什么重要、与之前的工作有何关系。

<!-- lang: en -->
TODO(en): In your own words, two or three paragraphs: what it is, why it matters, and how it relates to earlier work.
"""


def test_arxiv_prefill_from_committed_metadata_then_placeholders_fail_until_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = new_entry(
        project,
        "--arxiv",
        "1611.07004",
        "--era",
        "gan-years",
        "--kind",
        "paper",
        "--title-zh",
        "pix2pix：图像到图像的翻译",
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    path = project / "content" / "milestones" / "image-to-image-translation-with-conditio.md"
    shown = path.as_posix()
    assert out == [
        f"from {(project / 'content' / 'arxiv.json').as_posix()}: title.en = "
        "'Image-to-Image Translation with Conditional Adversarial Networks'",
        f"from {(project / 'content' / 'arxiv.json').as_posix()}: date = 2016-11-21 (first arXiv version)",
        "id = image-to-image-translation-with-conditio (from the English title; pass --id to choose another)",
        f"created {shown}",
        "next:",
        f"  - {shown}:15: the Chinese prose is still the placeholder; replace the 'TODO(zh)' text below "
        "'<!-- lang: zh -->' with your own words.",
        f"  - {shown}:18: the English prose is still the placeholder; replace the 'TODO(en)' text below "
        "'<!-- lang: en -->' with your own words.",
        "  - preview with `make serve`, validate with `make check`, then "
        "`make translated ID=image-to-image-translation-with-conditio`.",
    ]
    assert path.read_text(encoding="utf-8") == EXPECTED_PIX2PIX
    result = check(project)
    assert result.returncode == 1
    assert (
        "content/milestones/image-to-image-translation-with-conditio.md:15: the Chinese prose is still the "
        "placeholder" in result.stderr
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(text.split("\n")[14], "中文正文。").replace(text.split("\n")[17], "English prose."),
        encoding="utf-8",
    )
    assert problems(path, project) == []
    result = check(project)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("ok: 2 entries, 5 eras, 7 kinds.\n")


def test_one_placeholder_left_names_only_that_language(project: Path) -> None:
    assert (
        new_entry(
            project,
            "--id",
            "one",
            "--date",
            "2014",
            "--era",
            "origins",
            "--kind",
            "event",
            "--title-zh",
            "一",
            "--title-en",
            "One",
        )
        == 0
    )
    path = project / "content" / "milestones" / "one.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "TODO(zh): 用你自己的话写两三段：它是什么、为什么重要、与之前的工作有何关系。", "写好了。"
        ),
        encoding="utf-8",
    )
    assert [str(p) for p in problems(path, project)] == [
        # an event has no arXiv id: the scaffold leaves its source to the contributor, and the check says so
        "content/milestones/one.md:5: this event has no arXiv id, so it needs at least one published source (the "
        "company's announcement, the auction house, the proceedings page...): add 'sources:' with its id, url and "
        "title, and cite it in both languages with [^id] after the sentence it supports.",
        "content/milestones/one.md:17: the English prose is still the placeholder; replace the 'TODO(en)' text below "
        "'<!-- lang: en -->' with your own words.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "gan"],
            "  - id 'gan' is already used by {milestones}/gan.md; choose another id, or edit that entry instead.",
        ),
        (
            ["--id", "renamed"],
            "  - id 'renamed' is already used by {milestones}/other-name.md; choose another id, "
            "or edit that entry instead.",
        ),
        (
            ["--id", "fresh", "--arxiv", "1406.2661"],
            "  - arXiv 1406.2661 is already the entry 'gan'; correct that entry instead of adding one.",
        ),
        (
            ["--id", "Bad_Id"],
            "  - id 'Bad_Id' is not valid: use lowercase letters, digits and single hyphens, e.g. 'stylegan2'.",
        ),
        (
            ["--id", "fresh", "--era", "gan-year"],
            "  - era 'gan-year' is unknown; use one of: prehistory, origins, gan-years, transformers, photoshop-era.",
        ),
        (["--id", "fresh", "--date", "2014-02-30"], "  - date '2014-02-30' does not exist: February 2014 has 28 days."),
    ],
)
def test_refuses_duplicates_and_bad_facts_without_writing(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    milestones = project / "content" / "milestones"
    (milestones / "other-name.md").write_text("---\nid: renamed\n---\n", encoding="utf-8")
    before = sorted(p.name for p in milestones.iterdir())
    facts = {"--date": "2014", "--era": "origins", "--kind": "paper", "--title-zh": "甲", "--title-en": "A"}
    for flag, value in facts.items():
        if flag not in args:
            args = [*args, flag, value]
    assert new_entry(project, *args) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-2:] == ["refused: the entry was not created:", message.format(milestones=milestones.as_posix())]
    assert sorted(p.name for p in milestones.iterdir()) == before
    assert (milestones / "gan.md").read_bytes() == GAN.read_bytes()


def test_missing_facts_without_a_terminal_are_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_entry(project, "--arxiv", "2999.00001", "--era", "origins") == 2
    assert capsys.readouterr().err.splitlines() == [
        f"note: no metadata for arXiv 2999.00001 in {(project / 'content' / 'arxiv.json').as_posix()}; "
        "add --fetch to ask the arXiv API, or give --title-en and --date.",
        "error: missing --id, --date, --kind, --title-zh, --title-en; give them as options (see --help).",
    ]


def test_fetch_without_the_arxiv_client_says_what_to_do(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "imgsynth.arxiv.client", None)  # as in a checkout without it
    assert new_entry(project, "--arxiv", "1611.07004", "--fetch") == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "note: the arXiv client (imgsynth.arxiv) is not available in this checkout; give --title-en and --date yourself."
    )


def test_prompts_offer_the_suggested_id_and_quote_titles_that_need_it(project: Path) -> None:
    answers = iter(["Taming Transformers: VQGAN", "驯服 Transformer", "", "2020-12-17", "transformers", "paper"])
    assert new_entry(project, ask=answers) == 0
    path = project / "content" / "milestones" / "taming-transformers.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1:8] == [
        "id: taming-transformers",
        'date: "2020-12-17"',
        "era: transformers",
        "kind: paper",
        "title:",
        "  zh: 驯服 Transformer",
        '  en: "Taming Transformers: VQGAN"',
    ]
    assert next(answers, None) is None


def test_an_existing_file_is_never_overwritten(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    module = script("new_entry")
    milestones = project / "content" / "milestones"
    monkeypatch.setattr(module, "draft_problems", lambda *args: [])  # a file appearing after the check
    (milestones / "race.md").write_text("mine\n", encoding="utf-8")
    code = module.main(
        [
            "--id",
            "race",
            "--date",
            "2014",
            "--era",
            "origins",
            "--kind",
            "paper",
            "--title-zh",
            "甲",
            "--title-en",
            "A",
            "--content",
            str(project / "content"),
            "--no-input",
        ]
    )
    assert code == 1
    assert capsys.readouterr().err == f"refused: {(milestones / 'race.md').as_posix()} already exists.\n"
    assert (milestones / "race.md").read_text(encoding="utf-8") == "mine\n"


def test_suggested_ids() -> None:
    assert suggest_id("StyleGAN 2 (analysing)") == "stylegan-2"
    assert suggest_id("DALL·E: Zero-Shot Text-to-Image") == "dall-e"
    assert suggest_id("(untitled)") == "untitled"


@pytest.mark.parametrize("name", ["new_entry", "mark_translated", "diff_entries"])
def test_scripts_explain_themselves(name: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / f"{name}.py"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: {name}.py")
    assert "Exit codes:" in result.stdout


# --- CONTRIBUTING -----------------------------------------------------------------------------

DOCS = {"CONTRIBUTING.md": "docs/contributing.en.md", "CONTRIBUTING.zh.md": "docs/contributing.md"}


@pytest.mark.parametrize(("repo_file", "page"), DOCS.items())
def test_repository_contributing_is_the_site_page_without_anchors(repo_file: str, page: str) -> None:
    repo_text = (ROOT / repo_file).read_text(encoding="utf-8")
    header, body = repo_text.split("\n\n", 1)
    assert header.startswith("<!-- ") and page in header
    site_text, _meta = get_data((ROOT / page).read_text(encoding="utf-8"))  # the page's text as MkDocs reads it
    assert body == re.sub(r"^(#+ .*?) \{#[^}]*\}$", r"\1", site_text, flags=re.M)
    assert len(re.findall(r"^#+ .*\{#[a-z-]+\}$", site_text, flags=re.M)) == 9


def example(page: str) -> str:
    text = (ROOT / page).read_text(encoding="utf-8")
    return re.search(r"```markdown\n(---\n.*?)```", text, flags=re.S).group(1)


@pytest.mark.parametrize("page", DOCS.values())
def test_the_documented_example_is_a_valid_current_entry(project: Path, page: str) -> None:
    milestones = project / "content" / "milestones"
    shutil.copyfile(ROOT / "content" / "milestones" / "dcgan.md", milestones / "dcgan.md")
    (milestones / "pix2pix.md").write_text(example(page), encoding="utf-8")
    content = load_content(project / "content", project_root=project)
    pix2pix = next(e for e in content.entries if e.id == "pix2pix")
    assert {lang: status.state for lang, status in entry_status(pix2pix).items()} == {"zh": CURRENT, "en": CURRENT}


@pytest.mark.parametrize("page", DOCS.values())
def test_the_documented_error_messages_are_what_check_prints(project: Path, page: str) -> None:
    milestones = project / "content" / "milestones"
    shutil.copyfile(ROOT / "content" / "milestones" / "dcgan.md", milestones / "dcgan.md")
    text = example(page).replace("era: gan-years", "era: gan-year")
    english = text.split("<!-- lang: en -->\n")[1].strip()
    (milestones / "pix2pix.md").write_text(text.replace(english, "TODO(en): later"), encoding="utf-8")
    documented = re.search(r"```text\n(.*?)```", (ROOT / page).read_text(encoding="utf-8"), flags=re.S).group(1)
    result = check(project)
    assert result.returncode == 1
    assert result.stderr == documented
