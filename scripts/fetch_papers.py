#!/usr/bin/env python3
"""Fetch arXiv metadata for the timeline's papers into content/arxiv.json.

Collects the arXiv id of every entry under content/milestones/ and asks the arXiv API for
the ones whose record is missing or incomplete (--refresh: all; --ids: these), in batches,
politely: https, one connection, at least --delay seconds between requests, connect/read
timeouts and a --deadline for each whole request (however slowly the server answers), a cap
on the decoded answer, an honest User-Agent, retries (with exponential backoff honouring
Retry-After, capped) only for 429, 5xx, timeouts, connection resets and unusable bodies; a
400 is never retried and arXiv's own message is reported. Redirects are followed only on the
API's host, never from https to http. Ids missing from an answer are asked once more, then
reported as not found. An entry without a title, authors or dates, over the size limits or
given twice is a failure and never replaces a record. The file is written atomically, keeping
its permissions, and only when something changed: after a failure or Ctrl-C it is exactly what
it was. Two runs at once take turns (a lock file, .arxiv.json.lock, beside it).

Offline helpers: --check reports every entry whose id has no metadata (no network);
--seed-from PATH fills absent records from checked reference facts (papers.yaml), marking
fields the facts leave empty as incomplete so that an online run completes them.

Exit codes:
  0  every requested id was fetched (or --check/--seed-from found nothing missing)
  1  some ids failed or were not found (the others are saved); --check: ids lack metadata
  2  usage or configuration error (bad option, bad --api-url, unreadable content or file)
130  interrupted (the file is unchanged)
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imgsynth.arxiv.client import DEFAULT_API_URL, Client  # noqa: E402
from imgsynth.arxiv.enrich import PAPERS_FILE, arxiv_ids, now_utc  # noqa: E402
from imgsynth.arxiv.ids import normalise_id  # noqa: E402
from imgsynth.arxiv.seed import seed_records  # noqa: E402
from imgsynth.arxiv.store import (  # noqa: E402
    SOURCE_API,
    StoreError,
    is_complete,
    load_papers,
    locked,
    merge_papers,
    to_fetch,
    write_papers,
)
from imgsynth.cli import script_parser  # noqa: E402
from imgsynth.content.datafile import DataError  # noqa: E402
from imgsynth.content.load import load_content  # noqa: E402
from imgsynth.errors import ContentErrors  # noqa: E402

OK, SOME_FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130


def parser() -> argparse.ArgumentParser:
    p = script_parser(__doc__, prog="fetch_papers.py")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--refresh", action="store_true", help="fetch every id again, not only missing/incomplete ones")
    which.add_argument("--ids", nargs="+", metavar="ID", help="fetch these ids (versions and 'arXiv:' are dropped)")
    which.add_argument("--check", action="store_true", help="no network: list entries whose id has no metadata")
    which.add_argument(
        "--seed-from",
        type=Path,
        metavar="PATH",
        help="no network: fill absent records from reference facts (papers.yaml)",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would be fetched; no network, no write")
    p.add_argument(
        "--api-url",
        default=os.environ.get("ARXIV_API_URL") or DEFAULT_API_URL,
        help="arXiv API endpoint (env ARXIV_API_URL; default %(default)s); https only, "
        "http is accepted for a loopback test server",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="read timeout per request (connect timeout: min(10, this)); default %(default)s",
    )
    p.add_argument(
        "--deadline",
        type=float,
        default=90.0,
        metavar="SECONDS",
        help="most time for one request, headers and body included, however slowly the server "
        "answers; default %(default)s",
    )
    p.add_argument(
        "--delay",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="seconds between requests (arXiv asks for >= 3); default %(default)s",
    )
    p.add_argument(
        "--backoff",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="first retry wait, doubled each retry, at most 120 s (Retry-After wins if longer, "
        "same cap); default %(default)s",
    )
    p.add_argument("--batch-size", type=int, default=20, metavar="N", help="ids per request; default %(default)s")
    p.add_argument(
        "--content",
        type=Path,
        default=ROOT / "content",
        metavar="DIR",
        help=f"content folder; the metadata file is DIR/{PAPERS_FILE}",
    )
    return p


def config_problem(args: argparse.Namespace) -> str:
    url = urlsplit(args.api_url)
    loopback = False
    try:
        loopback = url.hostname in ("localhost",) or ipaddress.ip_address(url.hostname or "").is_loopback
    except ValueError:
        pass
    if not url.hostname or not (url.scheme == "https" or (url.scheme == "http" and loopback)):
        return f"--api-url must be an https URL (http only for a loopback test server): {args.api_url!r}"
    if args.timeout <= 0:
        return "--timeout must be > 0"
    if args.deadline <= 0:
        return "--deadline must be > 0"
    if args.delay < 0:
        return "--delay must be >= 0"
    if args.backoff < 0:
        return "--backoff must be >= 0"
    if args.batch_size < 1:
        return "--batch-size must be >= 1"
    return ""


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    problem = config_problem(args)
    if problem:
        say(f"error: {problem}")
        return USAGE
    papers_path = args.content / PAPERS_FILE
    try:
        content = load_content(args.content, project_root=ROOT)
    except ContentErrors as errors:
        say(errors.report())
        return USAGE
    sources = arxiv_ids(content)
    try:
        if args.check or args.dry_run:  # reading only
            return act(args, sources, papers_path)
        with locked(papers_path, waiting=say):  # one run at a time changes the file
            return act(args, sources, papers_path)
    except StoreError as error:
        say(f"error: {error}")
        return USAGE


def act(args: argparse.Namespace, sources: dict[str, str], papers_path: Path) -> int:
    papers = load_papers(papers_path, args.content.parent)
    if args.check:
        missing = [i for i in sources if i not in papers]
        for arxiv_id in missing:
            say(f"{sources[arxiv_id]}: arXiv {arxiv_id} has no metadata in {papers_path.name}")
        unconfirmed = [i for i in sources if i in papers and not is_complete(papers[i])]
        if unconfirmed:
            say(
                f"note: {len(unconfirmed)} record(s) not yet confirmed by arXiv (incomplete or seeded); "
                "an online run of this script completes them: " + " ".join(unconfirmed)
            )
        say(f"{len(sources) - len(missing)} of {len(sources)} arXiv ids have metadata")
        return SOME_FAILED if missing else OK

    if args.seed_from:
        try:
            records, unknown = seed_records(args.seed_from, [i for i in sources if i not in papers])
        except DataError as error:
            say(f"{args.seed_from}:{error.line}: {error.message}")
            return USAGE
        except (OSError, ValueError) as error:
            say(f"error: cannot read {args.seed_from}: {error}")
            return USAGE
        for arxiv_id in unknown:
            say(f"{sources[arxiv_id]}: arXiv {arxiv_id} is not in {args.seed_from}")
        if not args.dry_run and write_papers(papers_path, {**papers, **records}):
            say(f"wrote {papers_path}")
        incomplete = sum(1 for r in records.values() if r["incomplete"])
        say(
            f"seeded {len(records)} record(s) from reference/{args.seed_from.name} ({incomplete} incomplete); "
            f"{len(unknown)} id(s) without reference facts"
        )
        return SOME_FAILED if unknown else OK

    wanted = [normalise_id(i) for i in args.ids] if args.ids else to_fetch(papers, sources, refresh=args.refresh)
    wanted = list(dict.fromkeys(wanted))
    batches = -(-len(wanted) // args.batch_size)
    if not wanted:
        say(f"nothing to fetch: all {len(sources)} arXiv ids have complete metadata from {SOURCE_API}")
        return OK
    if args.dry_run:
        say(f"would fetch {len(wanted)} id(s) in {batches} request(s) from {args.api_url}: {' '.join(wanted)}")
        return OK

    say(f"fetching {len(wanted)} id(s) in {batches} batch(es) from {args.api_url}")
    with Client(
        args.api_url,
        batch_size=args.batch_size,
        delay=args.delay,
        connect_timeout=min(10.0, args.timeout),
        read_timeout=args.timeout,
        deadline=args.deadline,
        backoff=args.backoff,
        progress=say,
    ) as client:
        report = client.fetch(wanted)
    merged = merge_papers(papers, report.records, now_utc())
    changed = write_papers(papers_path, merged) if report.records else False
    for arxiv_id, reason in report.failed.items():
        say(f"failed: {arxiv_id}: {reason}")
    for arxiv_id in report.not_found:
        say(f"not found: {arxiv_id} (asked twice; arXiv has no such paper)")
    say(
        f"done: {len(report.records)} fetched, {len(report.not_found)} not found, {len(report.failed)} failed, "
        f"{report.requests} request(s); {papers_path.name} {'updated' if changed else 'unchanged'}"
    )
    return OK if report.ok else SOME_FAILED


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        say(f"interrupted: {PAPERS_FILE} is unchanged")
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
