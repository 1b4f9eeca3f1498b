#!/usr/bin/env python3
"""Record that a language of an entry is up to date (its `translation:` hash in the front matter).

Run it after you wrote or updated the prose, when it says the same as the facts and the
other language:

  make translated ID=gan            both languages agree (you wrote or checked both)
  make translated ID=gan LANG=zh    only the Chinese is up to date; the English stays
                                    marked "may be out of date" for a translator

The hash of language L covers the front matter (all of it except `translation`) and the
*other* language's prose. Editing L's own prose therefore never marks L stale, but marks the
other language stale until someone records it. Only the `translation:` line is rewritten.

Exit codes: 0 recorded; 1 the entry has problems (fix them first, see `make check`); 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imgsynth.authoring.record import record  # noqa: E402
from imgsynth.cli import script_parser  # noqa: E402
from imgsynth.content import MILESTONES_DIR  # noqa: E402
from imgsynth.content.load import load_entry  # noqa: E402
from imgsynth.content.translation import entry_status  # noqa: E402
from imgsynth.content.vocabulary import load_terms  # noqa: E402
from imgsynth.errors import display_path  # noqa: E402
from imgsynth.languages import LANGUAGES  # noqa: E402
from imgsynth.languages import label as language_label  # noqa: E402

OK, PROBLEMS, USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = script_parser(__doc__, prog="mark_translated.py")
    p.add_argument("ids", nargs="*", metavar="ID", help="entry ids (file names without .md)")
    p.add_argument("--all", action="store_true", help="every entry under content/milestones")
    p.add_argument(
        "--lang", choices=LANGUAGES, action="append", help="the language to record (repeatable; default: both)"
    )
    p.add_argument("--content", type=Path, default=ROOT / "content", help="content folder (default: the repository's)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    milestones: Path = args.content / MILESTONES_DIR
    if bool(args.ids) == args.all:
        print("error: name entry ids (e.g. `gan`) or pass --all, not both.", file=sys.stderr)
        return USAGE
    paths = sorted(milestones.glob("*.md")) if args.all else [milestones / f"{i}.md" for i in args.ids]
    eras, era_errors = load_terms(args.content / "eras.yaml", ROOT)
    kinds, kind_errors = load_terms(args.content / "kinds.yaml", ROOT)
    langs = args.lang or list(LANGUAGES)
    status = OK
    for error in era_errors + kind_errors:
        print(f"error: {error}", file=sys.stderr)
        status = PROBLEMS
    for path in paths:
        if not path.is_file():
            print(f"error: no entry {display_path(path, ROOT)}; check the id.", file=sys.stderr)
            status = PROBLEMS
            continue
        entry, problems = load_entry(path, eras, kinds, ROOT)
        if entry is None:
            for problem in problems:
                print(f"error: {problem}", file=sys.stderr)
            print(f"error: {display_path(path, ROOT)} was not recorded; fix the problems above first.", file=sys.stderr)
            status = PROBLEMS
            continue
        entry.translation = record(entry, langs)
        states = entry_status(entry)
        summary = ", ".join(f"{language_label(lang)} {states[lang].state}" for lang in LANGUAGES)
        print(f"{entry.source_path}: recorded {' and '.join(langs)} ({summary})")
    return status


if __name__ == "__main__":
    sys.exit(main())
