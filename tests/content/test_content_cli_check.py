"""``python -m imgsynth check``: exit codes and what a contributor reads, in a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from content_support import gan_content

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parents[1] / "bad_entries"


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "imgsynth", "check", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def project(tmp_path: Path, bad: list[str]) -> Path:
    content = gan_content(tmp_path)
    for name in bad:
        shutil.copyfile(CORPUS / f"{name}.md", content / "milestones" / f"{name}.md")
    return tmp_path


def test_problems_exit_1_with_every_problem_on_stderr(tmp_path: Path) -> None:
    result = run_check(project(tmp_path, ["unknown-era", "alias-bomb", "non-utf8"]))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "3 problems in the content:",
        "  content/milestones/alias-bomb.md:18: YAML anchors and aliases ('&name', '*name') are not allowed in "
        "entries; write the value out in full.",
        "  content/milestones/non-utf8.md:23: byte 0xe9 is not valid UTF-8; save the file as UTF-8.",
        "  content/milestones/unknown-era.md:4: unknown era 'gan-year'; use one of: prehistory, origins, gan-years, "
        "transformers, photoshop-era (content/eras.yaml). Did you mean 'gan-years'?",
    ]


def test_paths_are_relative_to_the_working_directory_with_content_option(tmp_path: Path) -> None:
    project(tmp_path / "site", ["impossible-day"])
    result = run_check(tmp_path, "--content", "site/content")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "1 problem in the content:",
        "  site/content/milestones/impossible-day.md:3: date '2014-02-30' does not exist: February 2014 has 28 days.",
    ]


def test_valid_content_exits_0_with_an_ok_line(tmp_path: Path) -> None:
    result = run_check(project(tmp_path, []))
    assert (result.returncode, result.stderr) == (0, "")
    # gan.md carries its translation record, so there is no warning either
    assert result.stdout.splitlines() == ["ok: 1 entry, 5 eras, 7 kinds."]


def test_real_content_is_valid() -> None:
    result = run_check(ROOT)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("ok: ")


def test_missing_content_folder_exits_2(tmp_path: Path) -> None:
    result = run_check(tmp_path, "--content", "nowhere")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "error: no content folder at 'nowhere'; run from the repository root or pass --content.\n"
