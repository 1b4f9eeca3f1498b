"""Command line of the core: ``python -m imgsynth check [--content DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from imgsynth.content.load import lineage_warnings, load_content
from imgsynth.content.translation import warnings as translation_warnings
from imgsynth.errors import ContentErrors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m imgsynth",
        description="Tools for the 'Ten Years of Image Synthesis' content.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="validate every entry under content/ (exit 1 when there are problems)",
        description="Validate eras, kinds and every milestone entry; print each problem as "
        "FILE:LINE: MESSAGE and exit 1 if there is any. Needs no network.",
    )
    check.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.content)
    return 2


def run_check(content_dir: Path) -> int:
    if not content_dir.is_dir():
        print(
            f"error: no content folder at '{content_dir}'; run from the repository root or pass --content.",
            file=sys.stderr,
        )
        return 2
    try:
        content = load_content(content_dir, project_root=Path.cwd())
    except ContentErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    entries = f"{len(content.entries)} {'entry' if len(content.entries) == 1 else 'entries'}"
    print(f"ok: {entries}, {len(content.eras)} eras, {len(content.kinds)} kinds.")
    for warning in translation_warnings(content.entries) + lineage_warnings(content.entries):  # never a failure
        print(f"warning: {warning}")
    return 0
