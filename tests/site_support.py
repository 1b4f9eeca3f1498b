"""Helpers for tests that build the real site (in a subprocess, into tmp_path)."""

from __future__ import annotations

import functools
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


def build_command(site_dir: Path, project: Path = ROOT, strict: bool = True) -> list[str]:
    """The `mkdocs build` command line for ``project`` into ``site_dir`` (run it in ``project``)."""
    command = [*MKDOCS, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    return [*command, "--strict"] if strict else command


def build_site(site_dir: Path, project: Path = ROOT, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` for ``project`` into ``site_dir``; never touches the network."""
    command = build_command(site_dir, project, strict)
    return subprocess.run(command, cwd=project, env=build_env(), capture_output=True, text=True, timeout=600)


SHARED_CACHES = (".cache/figures", ".cache/jinja")
"""Caches a copied project shares with the repository (``copy_project``): the encoded figures
(keyed by the source's SHA-256 and the encoder's settings) and the compiled templates (checked
against the template's source). Both are written atomically (temporary file, then rename), so
builds running at the same time may share them."""


def copy_project(destination: Path, shared_caches: bool = True) -> Path:
    """A copy of the site's sources (not the Python package, which is installed) to edit in a test.

    With ``shared_caches`` its ``.cache/figures`` and ``.cache/jinja`` are links to the
    repository's (SHARED_CACHES), so its build reuses the figures every other build encoded
    instead of encoding them all again; ``shared_caches=False`` starts with no cache at all.
    """
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.exists():
            shutil.copy2(source, destination / part)
    if shared_caches:
        for cache in SHARED_CACHES:
            (ROOT / cache).mkdir(parents=True, exist_ok=True)
            (destination / cache).parent.mkdir(parents=True, exist_ok=True)
            (destination / cache).symlink_to(ROOT / cache, target_is_directory=True)
    return destination


def keep_entries(project: Path, *ids: str) -> Path:
    """Trim a copied project to the entries ``ids`` (a small site builds in a third of the time);
    they must not build on the others (gan and dcgan build a strict site on their own)."""
    milestones = project / "content" / "milestones"
    for path in milestones.glob("*.md"):
        if path.stem not in ids:
            path.unlink()
    assert sorted(path.stem for path in milestones.glob("*.md")) == sorted(ids)
    return project


def real_plan() -> Plan:
    """The plan of the project's own content (what the real site is built from)."""
    from imgsynth.plan import load_plan

    return load_plan(ROOT / "content", project_root=ROOT)


def built_page(site: Path, path: str, parser: str = "lxml") -> BeautifulSoup:
    """The parsed page at ``path`` in a built site: a folder (its ``index.html``) or an ``.html`` file.

    Parsed once per test process and shared by every test that asks for the same file (the suite
    reads the real site's pages many times over): read it, never change it (``copy.copy`` it first).
    """
    file = site / path if path.endswith(".html") else site / path / "index.html"
    assert file.is_file(), f"{file} was not built"
    stat = file.stat()
    return _parsed(str(file), stat.st_mtime_ns, stat.st_size, parser)


@functools.lru_cache(maxsize=1024)
def _parsed(file: str, _mtime_ns: int, _size: int, parser: str) -> BeautifulSoup:
    return BeautifulSoup(Path(file).read_text(encoding="utf-8"), parser)


def soup_of(site: Path, path: str) -> BeautifulSoup:
    """The parsed ``index.html`` of the page at ``path`` (a folder) in a built site (html.parser;
    shared, read only: see ``built_page``)."""
    return built_page(site, path, "html.parser")
