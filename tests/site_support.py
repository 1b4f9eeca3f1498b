"""Helpers for tests that build the real site (in a subprocess, into tmp_path)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from imgsynth_mkdocs.config import mkdocs_command

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = mkdocs_command()
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "content", "overrides", "imgsynth")


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("ARXIV_FETCH", None)
    env.pop("CHECK_EXTERNAL_LINKS", None)
    return env


def build_site(site_dir: Path, project: Path = ROOT, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` for ``project`` into ``site_dir``; never touches the network."""
    command = [*MKDOCS, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, env=build_env(), capture_output=True, text=True, timeout=600)


def copy_project(destination: Path) -> Path:
    """A copy of the site's sources (not the Python package, which is installed) to edit in a test."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.exists():
            shutil.copy2(source, destination / part)
    return destination
