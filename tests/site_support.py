"""Helpers for tests that build the real site (in a subprocess, into tmp_path)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from imgsynth import languages
from imgsynth.languages import LANGUAGES
from imgsynth_mkdocs.config import mkdocs_command

if TYPE_CHECKING:
    from imgsynth.plan import Plan

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = mkdocs_command()
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "content", "overrides", "imgsynth")
PREFIX = {lang: languages.prefix(lang) for lang in LANGUAGES}
"""Each language's path prefix on the built site (``''``, ``en/``)."""


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


def real_plan() -> Plan:
    """The plan of the project's own content (what the real site is built from)."""
    from imgsynth.plan import load_plan

    return load_plan(ROOT / "content", project_root=ROOT)


def soup_of(site: Path, path: str) -> BeautifulSoup:
    """The parsed ``index.html`` of the page at ``path`` (a folder) in a built site."""
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
