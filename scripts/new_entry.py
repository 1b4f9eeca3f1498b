#!/usr/bin/env python3
"""Create a new milestone entry, content/milestones/<id>.md, ready for its prose.

Give the facts as options; any that are missing are asked for (when run in a terminal).
With --arxiv, the English title and the date (first arXiv version) are taken from the
committed metadata in content/arxiv.json, or from the arXiv API with --fetch.

The new file has placeholder prose, TODO(zh) and TODO(en): `make check` fails until you
replace both with your own words. Then record that both languages agree:
`make translated ID=<id>`.

Examples:
  python scripts/new_entry.py --arxiv 2006.11239 --era transformers --kind paper --title-zh 去噪扩散概率模型
  python scripts/new_entry.py --id lascaux --date 2015 --era origins --kind artwork \\
      --title-zh 某作品 --title-en "Some artwork"

Exit codes: 0 created; 1 refused (duplicate id, existing file, bad facts); 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imgsynth.arxiv.enrich import PAPERS_FILE  # noqa: E402
from imgsynth.arxiv.store import StoreError, load_papers  # noqa: E402
from imgsynth.authoring.scaffold import (  # noqa: E402
    ORIGINS,
    Draft,
    create_entry,
    draft_problems,
    existing_entries,
    prefill,
    suggest_id,
)
from imgsynth.cli import script_parser  # noqa: E402
from imgsynth.content import MILESTONES_DIR  # noqa: E402
from imgsynth.content.load import load_entry  # noqa: E402
from imgsynth.content.vocabulary import load_terms  # noqa: E402
from imgsynth.errors import display_path  # noqa: E402
from imgsynth.languages import LANGUAGES  # noqa: E402

CREATED, REFUSED, USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = script_parser(__doc__, prog="new_entry.py")
    p.add_argument("--id", default="", help="the entry id and file name: lowercase-with-hyphens, e.g. stylegan2")
    p.add_argument("--date", default="", help="YYYY, YYYY-MM or YYYY-MM-DD (default with --arxiv: first version)")
    p.add_argument("--era", default="", help="an era id from content/eras.yaml")
    p.add_argument("--kind", default="", help="a kind id from content/kinds.yaml")
    p.add_argument("--arxiv", default="", metavar="ID", help="arXiv id without version, e.g. 1406.2661")
    p.add_argument(
        "--fetch", action="store_true", help="with --arxiv: ask the arXiv API (network) instead of content/arxiv.json"
    )
    p.add_argument("--title-zh", default="", help="the Chinese title")
    p.add_argument("--title-en", default="", help="the English title (default with --arxiv: the paper's title)")
    p.add_argument(
        "--origin",
        default="site",
        choices=ORIGINS,
        help="article: the article names it; reader: added after a reader's note; site: our addition (default)",
    )
    p.add_argument("--content", type=Path, default=ROOT / "content", help="content folder (default: the repository's)")
    p.add_argument("--no-input", action="store_true", help="never prompt; fail when a fact is missing")
    return p


def arxiv_record(arxiv_id: str, content: Path, fetch: bool) -> tuple[dict[str, Any] | None, str]:
    """The metadata record of ``arxiv_id`` and where it came from, or (None, why not)."""
    if fetch:
        try:
            from imgsynth.arxiv.client import Client
        except ImportError:
            return None, (
                "the arXiv client (imgsynth.arxiv) is not available in this checkout; "
                "give --title-en and --date yourself."
            )
        with Client(api_url=os.environ.get("ARXIV_API_URL") or "https://export.arxiv.org/api/query") as client:
            report = client.fetch([arxiv_id])
        if arxiv_id in report.records:
            return report.records[arxiv_id], "the arXiv API"
        reason = report.failed.get(arxiv_id) or "arXiv has no such id"
        return (
            None,
            f"could not fetch arXiv {arxiv_id}: {reason}. Check the id and your connection, or give --title-en and --date.",
        )
    papers_path = content / PAPERS_FILE
    try:
        papers = load_papers(papers_path, ROOT)
    except StoreError as error:
        return None, f"{display_path(papers_path)}:{error.line}: {error.message} (or give --title-en and --date)"
    if arxiv_id in papers:
        return papers[arxiv_id], display_path(papers_path, ROOT)
    return None, (
        f"no metadata for arXiv {arxiv_id} in {display_path(papers_path, ROOT)}; "
        "add --fetch to ask the arXiv API, or give --title-en and --date."
    )


def ask_missing(draft: Draft, eras: list[str], kinds: list[str], ask: Callable[[str], str]) -> None:
    """Prompt for every fact still empty, offering defaults where there is one."""
    questions: list[tuple[str, str, Callable[[], str]]] = [
        ("title_en", "English title", lambda: ""),
        ("title_zh", "Chinese title (中文标题)", lambda: ""),
        ("id", "id", lambda: suggest_id(draft.title.get("en", ""))),
        ("date", "date (YYYY, YYYY-MM or YYYY-MM-DD)", lambda: ""),
        ("era", f"era ({', '.join(eras)})", lambda: ""),
        ("kind", f"kind ({', '.join(kinds)})", lambda: ""),
    ]
    for name, label, default in questions:
        lang = name.removeprefix("title_") if name.startswith("title_") else None
        current = draft.title.get(lang, "") if lang else getattr(draft, name)
        if current:
            continue
        suggestion = default()
        answer = ask(f"{label}{f' [{suggestion}]' if suggestion else ''}: ").strip() or suggestion
        if lang:
            draft.title[lang] = answer
        else:
            setattr(draft, name, answer)


def missing_flags(draft: Draft) -> list[str]:
    flags = [f"--{name}" for name in ("id", "date", "era", "kind") if not getattr(draft, name)]
    return flags + [f"--title-{lang}" for lang in LANGUAGES if not draft.title.get(lang)]


def main(argv: list[str] | None = None, ask: Callable[[str], str] | None = None) -> int:
    args = parser().parse_args(argv)
    content: Path = args.content
    milestones = content / MILESTONES_DIR
    if not milestones.is_dir():
        print(
            f"error: no folder {display_path(milestones, ROOT)}; run from the repository or pass --content.",
            file=sys.stderr,
        )
        return USAGE
    eras_terms, era_errors = load_terms(content / "eras.yaml", ROOT)
    kinds_terms, kind_errors = load_terms(content / "kinds.yaml", ROOT)
    if era_errors or kind_errors:
        for error in era_errors + kind_errors:
            print(f"error: {error}", file=sys.stderr)
        return USAGE
    eras, kinds = [t.id for t in eras_terms], [t.id for t in kinds_terms]
    draft = Draft(
        id=args.id,
        date=args.date,
        era=args.era,
        kind=args.kind,
        arxiv=args.arxiv.strip(),
        title={
            lang: getattr(args, f"title_{lang}").strip() for lang in LANGUAGES if getattr(args, f"title_{lang}").strip()
        },
        origin=args.origin,
    )
    if args.fetch and not draft.arxiv:
        print("error: --fetch needs --arxiv ID.", file=sys.stderr)
        return USAGE
    if draft.arxiv:
        record, source = arxiv_record(draft.arxiv, content, args.fetch)
        if record is None:
            print(f"note: {source}", file=sys.stderr)
        else:
            for item in prefill(draft, record):
                print(f"from {source}: {item}")
    if ask is None and not args.no_input and sys.stdin.isatty():
        ask = input
    if ask is not None:
        ask_missing(draft, eras, kinds, ask)
    elif not draft.id and draft.title.get("en"):
        draft.id = suggest_id(draft.title["en"])
        print(f"id = {draft.id} (from the English title; pass --id to choose another)")
    missing = missing_flags(draft)
    if missing:
        print(f"error: missing {', '.join(missing)}; give them as options (see --help).", file=sys.stderr)
        return USAGE
    problems = draft_problems(draft, eras, kinds, existing_entries(milestones), milestones)
    if problems:
        print("refused: the entry was not created:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return REFUSED
    try:
        path = create_entry(milestones, draft)
    except FileExistsError:
        print(f"refused: {display_path(milestones / f'{draft.id}.md', ROOT)} already exists.", file=sys.stderr)
        return REFUSED
    shown = display_path(path, ROOT)
    print(f"created {shown}")
    _entry, remaining = load_entry(path, eras_terms, kinds_terms, ROOT)
    print("next:")
    for error in remaining:
        print(f"  - {error}")
    print(f"  - preview with `make serve`, validate with `make check`, then `make translated ID={draft.id}`.")
    return CREATED


if __name__ == "__main__":
    sys.exit(main())
