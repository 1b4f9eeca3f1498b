"""The originality check of ``make check``: English prose that copies a run of six words from
its paper's stored abstract, or follows it sentence by sentence, is a warning naming FILE:LINE;
with ``--strict`` or ``CI=true`` it fails the check. The abstract is stored by the producer
(the seeding code and the store), never written by hand."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from imgsynth.arxiv.seed import record_from_reference
from imgsynth.arxiv.store import write_papers
from imgsynth.content import originality

ROOT = Path(__file__).resolve().parents[2]
M = "content/milestones"

ABSTRACT = (
    "Painting robots have traditionally relied on hand-written rules for every brush stroke. "
    "We introduce a learned stroke planner that imitates human painters from video recordings. "
    "The planner is trained on ten thousand hours of studio footage collected for this purpose. "
    "It produces stroke sequences that human judges prefer over rule-based baselines in most cases. "
    "Code and recordings are available."
)
FACT = {
    "arxiv_id": "2401.01234",
    "title": "Learning to Paint from Studio Footage",
    "authors": ["Ada Example", "Ben Example"],
    "published": "2024-01-02",
    "latest_version": 1,
    "latest_version_date": "2024-01-02",
    "primary_category": "cs.CV",
    "categories": ["cs.CV"],
    "abstract": ABSTRACT,
}

OWN_WORDS = (
    "Robots that paint usually follow fixed rules. This paper lets one watch artists at work instead, "
    "and people liked its results better."
)
COPIED = (
    "Robots that paint usually follow fixed rules. The authors built a learned stroke planner that imitates "
    "human painters, and people liked its results better."
)
TRACKING = (
    "Until then, painting robots relied on rules written by hand for each stroke.\n"
    "The authors instead trained a stroke planner to imitate human painters, using video.\n"
    "They trained it on about ten thousand hours of footage from studios.\n"
    "Judges preferred its stroke sequences to those of the rule-based baselines."
)


def entry(prose_en: str) -> str:
    return (
        '---\nid: painter\ndate: "2024-01"\nera: photoshop-era\nkind: paper\n'
        'title:\n  zh: 学画画的机器人\n  en: A robot that learns to paint\narxiv: "2401.01234"\norigin: site\n'
        f"---\n<!-- lang: zh -->\n机器人学会了画画。\n\n<!-- lang: en -->\n{prose_en}\n"
    )


def project(tmp_path: Path, prose_en: str) -> Path:
    content = tmp_path / "content"
    (content / "milestones").mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    (content / "milestones" / "painter.md").write_text(entry(prose_en), encoding="utf-8")
    write_papers(content / "arxiv.json", {"2401.01234": record_from_reference(FACT)})
    return tmp_path


def run_check(cwd: Path, *args: str, ci: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "imgsynth", "check", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


RUN_MESSAGE = (
    f"{M}/painter.md:16: the English prose shares a run of 8 words with the paper's abstract "
    '(content/arxiv.json): "a learned stroke planner that imitates human painters"; say it in your own words '
    "(a quotation in quotation marks is fine)."
)
TRACK_MESSAGE = (
    f"{M}/painter.md:16: the English prose follows the paper's abstract sentence by sentence: 4 of its 4 "
    "sentences match abstract sentences in the same order (prose→abstract: 1→1, 2→2, 3→3, 4→4); tell it in "
    "your own order and words (content/arxiv.json holds the abstract)."
)


def test_own_words_pass_even_in_strict_mode(tmp_path: Path) -> None:
    result = run_check(project(tmp_path, OWN_WORDS), "--strict")
    assert (result.returncode, result.stderr) == (0, "")
    assert "abstract" not in result.stdout


def test_a_copied_run_of_words_is_a_warning(tmp_path: Path) -> None:
    result = run_check(project(tmp_path, COPIED))
    assert (result.returncode, result.stderr) == (0, "")
    assert f"warning: {RUN_MESSAGE}" in result.stdout.splitlines()


def test_strict_and_ci_turn_the_warning_into_an_error(tmp_path: Path) -> None:
    project(tmp_path, COPIED)
    expected = [
        "1 problem in the content:",
        f"  {RUN_MESSAGE}",
        "(strict, as in CI: prose that copies or tracks its abstract fails the check)",
    ]
    for result in (run_check(tmp_path, "--strict"), run_check(tmp_path, ci="true")):
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.splitlines() == expected


def test_a_sentence_by_sentence_paraphrase_is_caught(tmp_path: Path) -> None:
    result = run_check(project(tmp_path, TRACKING), "--strict")
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:2] == [f"  {TRACK_MESSAGE}"]


def test_case_punctuation_and_line_breaks_do_not_hide_a_copy() -> None:
    prose = "so it is a LEARNED stroke-planner,\nthat *imitates* [human](https://example.org) painters."
    (finding,) = originality.check_text(entry(prose), ABSTRACT, "painter.md")
    assert finding.line == 16 and '"a learned stroke planner that imitates human painters"' in finding.message


def test_quoted_words_are_attributed_not_copied() -> None:
    prose = 'The abstract calls it "a learned stroke planner that imitates human painters from video recordings".'
    assert originality.check_text(entry(prose), ABSTRACT, "painter.md") == []


def test_five_shared_words_are_not_a_run() -> None:
    prose = "They made a learned stroke planner that copies artists."
    assert originality.check_text(entry(prose), ABSTRACT, "painter.md") == []


def test_sentences_split_after_abbreviations_and_decimals() -> None:
    text = "Models, e.g. GANs, work. FID fell to 7.23 on COCO (et al. agree). Next one!"
    assert originality.sentences(text) == [
        "Models, e.g. GANs, work.",
        "FID fell to 7.23 on COCO (et al. agree).",
        "Next one!",
    ]
