"""Tiny content trees for the arXiv tests: real eras/kinds, entries cloned from gan.md."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_content(folder: Path, entries: dict[str, str]) -> Path:
    """``folder/content`` with one entry per ``{entry_id: arxiv_id}``."""
    content = folder / "content"
    (content / "milestones").mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copy2(ROOT / "content" / name, content / name)
    (content / "figures").symlink_to(ROOT / "content" / "figures")  # gan.md shows figures
    template = (ROOT / "content" / "milestones" / "gan.md").read_text(encoding="utf-8")
    for entry_id, arxiv_id in entries.items():
        text = template.replace("id: gan\n", f"id: {entry_id}\n", 1).replace(
            'arxiv: "1406.2661"', f'arxiv: "{arxiv_id}"', 1
        )
        (content / "milestones" / f"{entry_id}.md").write_text(text, encoding="utf-8")
    return content
