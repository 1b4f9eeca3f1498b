#!/usr/bin/env python3
"""Summarise, as Markdown, the milestones changed between BASE and the working tree.

For a pull request: milestones added and removed, every fact that changed (front matter,
key by key), which languages' prose changed, and each changed entry's translation status.
The comparison starts at the merge base of BASE and HEAD, the way a pull request is shown,
and includes uncommitted edits. The pull-request CI job appends the output to the job page:

  python scripts/diff_entries.py origin/main >> "$GITHUB_STEP_SUMMARY"

Exit codes: 0 summary printed (also when nothing changed); 2 git problem (unknown BASE,
no common history: fetch the base branch, or check out with full history).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imgsynth.authoring.review import GitError, review  # noqa: E402
from imgsynth.cli import script_parser  # noqa: E402


def parser() -> argparse.ArgumentParser:
    p = script_parser(__doc__, prog="diff_entries.py")
    p.add_argument("base", metavar="BASE", help="the branch or commit the change is based on, e.g. origin/main")
    p.add_argument("--repo", type=Path, default=Path.cwd(), help="the repository (default: the current folder)")
    p.add_argument(
        "--entries",
        default="content/milestones",
        help="folder of the entry files, relative to the repository (default: content/milestones)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        print(review(args.repo, args.base, args.entries), end="")
    except GitError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
