"""A small content folder to mutate in a test: the real eras and kinds, the figures and the valid GAN entry."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gan_content(folder: Path) -> Path:
    """``folder/content`` with the real ``eras.yaml`` and ``kinds.yaml``, the figures (a link: gan.md
    shows some) and ``milestones/gan.md``; returns the content folder."""
    content = folder / "content"
    (content / "milestones").mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    (content / "figures").symlink_to(ROOT / "content" / "figures")
    shutil.copyfile(ROOT / "content" / "milestones" / "gan.md", content / "milestones" / "gan.md")
    return content
