"""The errors of the core. Every error the core raises on purpose derives from :class:`ImgsynthError`;
the adapter (``hooks/``) turns them into its site generator's error at the boundary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ImgsynthError(Exception):
    """Root of the core's errors: content, arXiv, link-check settings, git (review aid)."""


@dataclass(frozen=True, order=True)
class EntryError(ImgsynthError):
    """A content mistake a contributor must fix: where it is and what to do."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentErrors(ImgsynthError):
    """Every problem found in one run, reported together."""

    def __init__(self, errors: list[EntryError]) -> None:
        self.errors = sorted(errors)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} in the content:"]
        lines.extend(f"  {error}" for error in self.errors)
        return "\n".join(lines)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as a contributor would type it: relative to ``root`` when it is inside."""
    if root is not None:
        if path.is_relative_to(root):  # the common case, without touching the file system
            return path.relative_to(root).as_posix()
        try:  # the folder resolved, not the file: a symbolic link is shown by its own name
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
