"""What one site build needs from the content, loaded once and reused while nothing changes.

MkDocs-free: the hook calls :func:`load_site` on every (per-language) build; the content is
parsed again only when a file under ``content/`` changed (fingerprint of paths, sizes and
modification times), so ``mkdocs serve`` and the per-language builds stay cheap.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from imgsynth.content import load_content
from imgsynth.site import SiteGenerator

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass
class BuildInputs:
    """The generator for this content, and warnings an author should see once per build."""

    site: SiteGenerator
    warnings: list[str] = field(default_factory=list)


def fingerprint(content_dir: Path) -> Fingerprint:
    items = []
    for folder, _dirs, names in os.walk(content_dir):
        for name in names:
            stat = os.stat(os.path.join(folder, name))
            items.append((os.path.join(folder, name), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(items))


_cache: dict[Path, tuple[Fingerprint, BuildInputs]] = {}


def load_site(content_dir: Path, project_root: Path) -> BuildInputs:
    """Load (or reuse) the content and what is rendered from it. Raises ContentErrors."""
    key = content_dir.resolve()
    current = fingerprint(content_dir)
    cached = _cache.get(key)
    if cached and cached[0] == current:
        return cached[1]
    content = load_content(content_dir, project_root=project_root)
    inputs = BuildInputs(site=SiteGenerator(content, papers={}))
    _cache[key] = (current, inputs)
    return inputs
