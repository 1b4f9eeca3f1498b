"""Tiny content trees for the arXiv tests: real eras/kinds, entries cloned from gan.md."""

from __future__ import annotations

from pathlib import Path

from content_support import gan_content

ROOT = Path(__file__).resolve().parent.parent


def make_content(folder: Path, entries: dict[str, str]) -> Path:
    """``folder/content`` with one entry per ``{entry_id: arxiv_id}``."""
    content = gan_content(folder)
    gan = content / "milestones" / "gan.md"
    template = gan.read_text(encoding="utf-8")  # the GAN entry is the template of every entry
    gan.unlink()
    for entry_id, arxiv_id in entries.items():
        text = template.replace("id: gan\n", f"id: {entry_id}\n", 1).replace(
            'arxiv: "1406.2661"', f'arxiv: "{arxiv_id}"', 1
        )
        (content / "milestones" / f"{entry_id}.md").write_text(text, encoding="utf-8")
    return content
