"""What one site build needs from the content, loaded once and reused while nothing changes.

MkDocs-free: the hook calls :func:`load_site` on every (per-language) build; the content is
parsed again only when a file under ``content/`` changed (fingerprint of paths, sizes and
modification times), so ``mkdocs serve`` and the per-language builds stay cheap. The arXiv
metadata (``content/arxiv.json``) is part of the content; with ``fetch_papers`` the missing
records are first fetched from arXiv (opt-in: the build is offline by default).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from imgsynth.arxiv.enrich import PAPERS_FILE, enrich
from imgsynth.arxiv.store import StoreError
from imgsynth.content import load_content
from imgsynth.errors import ContentErrors, EntryError, display_path
from imgsynth.site import SiteGenerator

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass
class BuildInputs:
    """The generator for this content, and what an author should see once per build."""

    site: SiteGenerator
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """One-line progress worth an ``info`` log (e.g. what an opt-in arXiv fetch did)."""


def fingerprint(content_dir: Path) -> Fingerprint:
    items = []
    for folder, _dirs, names in os.walk(content_dir):
        for name in names:
            stat = os.stat(os.path.join(folder, name))
            items.append((os.path.join(folder, name), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(items))


_cache: dict[tuple[Path, bool], tuple[Fingerprint, BuildInputs]] = {}


def load_site(content_dir: Path, project_root: Path, fetch_papers: bool = False) -> BuildInputs:
    """Load (or reuse) the content and what is rendered from it. Raises ContentErrors."""
    key = (content_dir.resolve(), fetch_papers)
    current = fingerprint(content_dir)
    cached = _cache.get(key)
    if cached and cached[0] == current:
        return cached[1]
    content = load_content(content_dir, project_root=project_root)
    papers_path = content_dir / PAPERS_FILE
    try:
        enrichment = enrich(content, papers_path, fetch=fetch_papers)
    except StoreError as error:
        path = display_path(papers_path, project_root)
        raise ContentErrors([EntryError(path, error.line, error.message)]) from None
    inputs = BuildInputs(
        site=SiteGenerator(content, papers=enrichment.papers), warnings=enrichment.warnings, notes=enrichment.notes
    )
    _cache[key] = (fingerprint(content_dir), inputs)
    return inputs
