"""Command line of the core: ``python -m imgsynth check [--content DIR]``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from imgsynth.arxiv.store import StoreError, load_papers
from imgsynth.content import glossary, originality
from imgsynth.content.load import lineage_warnings, load_content
from imgsynth.content.translation import warnings as translation_warnings
from imgsynth.errors import ContentErrors, EntryError, display_path

PAPERS_FILE = "arxiv.json"


def script_parser(doc: str | None, prog: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of a script in ``scripts/``: its docstring's first paragraph is the
    description and the rest the epilog of ``--help``, laid out as written."""
    description, _, epilog = (doc or "").partition("\n\n")
    return argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog=epilog or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


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
        "FILE:LINE: MESSAGE and exit 1 if there is any. Warnings (stale translations, prose that "
        "copies or tracks its paper's abstract) do not fail the check unless --strict is given "
        "or CI=true is set, which turns the originality warnings into errors. Needs no network.",
    )
    check.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    check.add_argument(
        "--strict",
        action="store_true",
        help="originality warnings are errors (exit 1); the default when the environment sets CI=true",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        strict = args.strict or os.environ.get("CI", "").lower() == "true"
        return run_check(args.content, strict=strict)
    return 2


def run_check(content_dir: Path, strict: bool = False) -> int:
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
    papers_path = content_dir / PAPERS_FILE
    try:
        papers = load_papers(papers_path, root=Path.cwd())
    except StoreError as error:
        shown = display_path(papers_path, Path.cwd())
        print(ContentErrors([EntryError(shown, error.line, error.message)]).report(), file=sys.stderr)
        return 1
    copied = list(originality.check(content.entries, papers))
    if strict and copied:
        report = ContentErrors([EntryError(f.path, f.line, f.message) for f in copied]).report()
        print(
            f"{report}\n(strict, as in CI: prose that copies or tracks its abstract fails the check)", file=sys.stderr
        )
        return 1
    entries = f"{len(content.entries)} {'entry' if len(content.entries) == 1 else 'entries'}"
    print(f"ok: {entries}, {len(content.eras)} eras, {len(content.kinds)} kinds.")
    for warning in translation_warnings(content.entries) + lineage_warnings(content.entries):  # never a failure
        print(f"warning: {warning}")
    for finding in copied:  # an error with --strict or CI=true
        print(f"warning: {finding}")
    files = [(entry.source_path, entry.path, False) for entry in content.entries]
    eras_file = content_dir / "eras.yaml"
    files.append((display_path(eras_file, Path.cwd()), eras_file, True))
    for avoided in glossary.check(content.glossary, files):  # never a failure
        print(f"warning: {avoided}")
    return 0
