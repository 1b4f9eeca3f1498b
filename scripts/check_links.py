#!/usr/bin/env python3
"""Check the links of the site: internal links and anchors (offline), external ones with --external.

Examples:
  python scripts/check_links.py                      # build the site into a temp folder, check internal links
  python scripts/check_links.py --site site          # check an already built site
  python scripts/check_links.py --external --report links.json --markdown links.md
  make links                                         # the same as the line above, for the content

Outcomes of external links: ok; broken (404, 410, unknown host, refused connection, a private
or loopback address, missing fragment where fragments are checked); unknown (403, 429 after
retries, 5xx, timeout, bot wall, including a challenge page answered with 200). Settings come
from mkdocs.yml (extra.links); exclusions from content/link-exclusions.yaml.

The JSON report, the Markdown summary and the cache are written while the check runs (every
few seconds) and once more when it is stopped (SIGTERM, SIGINT): a job killed by its time limit
keeps what it checked, and the report says it is incomplete ("complete": false).
Exit status: 1 when --fail-on is met or an internal link is broken, 2 on a usage or settings
error, 143/130 when stopped by SIGTERM/SIGINT (after writing what was checked).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))  # the MkDocs adapter: reads mkdocs.yml, runs mkdocs

from imgsynth.cli import script_parser  # noqa: E402
from imgsynth.links import LinksConfigError, Outcome, check_site  # noqa: E402
from imgsynth.links.collect import external_links  # noqa: E402
from imgsynth.links.external import CheckReport  # noqa: E402
from imgsynth.links.project import LinkProject  # noqa: E402
from imgsynth.links.redact import redact  # noqa: E402
from imgsynth.links.report import markdown_summary, write_json  # noqa: E402
from imgsynth_mkdocs.config import link_project_from_file, mkdocs_command  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = script_parser(__doc__, prog="check_links.py")
    parser.add_argument(
        "--site",
        type=Path,
        metavar="DIR",
        help="a built site to check (default: build the content into a temporary folder)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=ROOT / "mkdocs.yml",
        metavar="FILE",
        help="the mkdocs.yml holding extra.links settings (default: %(default)s)",
    )
    parser.add_argument("--external", action="store_true", help="also check links to other sites (network)")
    parser.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write the external results as JSON: [{url, outcome, status, reason, pages}]",
    )
    parser.add_argument(
        "--markdown", type=Path, metavar="FILE", help="write a Markdown summary (e.g. $GITHUB_STEP_SUMMARY)"
    )
    parser.add_argument(
        "--fail-on",
        choices=("broken", "unknown", "never"),
        default="broken",
        help="exit 1 when an external link is broken (default), broken or unknown, or never",
    )
    parser.add_argument("--no-cache", action="store_true", help="ignore and keep no cached successes")
    parser.add_argument("--no-second-pass", action="store_true", help="do not re-check failures after a delay")
    parser.add_argument(
        "--second-pass-delay", type=float, metavar="SECONDS", help="override extra.links.second_pass_delay"
    )
    parser.add_argument(
        "--checkpoint-every",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="rewrite the report, the summary and the cache this often while checking (default %(default)s)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser.parse_args(argv)


def build_site(config: Path, into: Path) -> None:
    """Build with the project's MkDocs, offline (the build's own hook checks internal links too)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CHECK_EXTERNAL_LINKS="0")
    command = mkdocs_command("build", "--quiet", "--config-file", str(config), "--site-dir", str(into))
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"check_links: the site does not build; fix the errors above (ran: {' '.join(command)})")


def progress_printer(quiet: bool):
    last = [0.0]

    def progress(name: str, done: int, total: int) -> None:
        now = time.monotonic()
        if quiet or (done < total and now - last[0] < 1.0):
            return
        last[0] = now
        print(f"  {name}: {done}/{total} links", file=sys.stderr, flush=True)

    return progress


def check(args: argparse.Namespace, site: Path, project: LinkProject) -> int:
    status = 0
    broken = check_site(site, project.sources, project.site_url)
    for link in broken:
        print(link)
    print(f"internal links: {len(broken)} broken", file=sys.stderr)
    if broken:
        status = 1
    if not args.external:
        return status
    links = external_links(site, project.sources, project.site_url)
    if args.second_pass_delay is not None:
        project = replace(project, settings=replace(project.settings, second_pass_delay=args.second_pass_delay))
    settings = project.settings
    print(
        f"checking {len(links)} external links (at most {settings.concurrency} requests at once, "
        f"{settings.per_host} per host)",
        file=sys.stderr,
    )
    checker = project.external_checker(
        use_cache=not args.no_cache, second_pass=not args.no_second_pass, progress=progress_printer(args.quiet)
    )
    for problem in checker.cache.problems:
        print(f"warning: {problem}", file=sys.stderr)
    shown = len(checker.cache.problems)
    outputs = Outputs(args)
    try:
        report = checker.check(links, checkpoint=outputs.write, checkpoint_every=args.checkpoint_every)
    except Stopped as stop:
        checker.cache.save()
        partial = checker.snapshot()
        outputs.write(partial)
        print(
            f"check_links: stopped by {stop.name}; {len(partial.results)} of {len(links)} external links were checked, "
            "the report and the cache keep them",
            file=sys.stderr,
        )
        return stop.code
    for problem in checker.cache.problems[shown:]:
        print(f"warning: {problem}", file=sys.stderr)
    emit(report, outputs)
    failing = {"broken": {Outcome.BROKEN}, "unknown": {Outcome.BROKEN, Outcome.UNKNOWN}, "never": set()}
    if any(result.outcome in failing[args.fail_on] for result in report.results):
        status = 1
    return status


class Outputs:
    """The JSON report and the Markdown summary, rewritten at every checkpoint.

    The summary file may hold other steps' text (``$GITHUB_STEP_SUMMARY``): what was there
    before this run is kept, and this run's part is replaced each time.
    """

    def __init__(self, args: argparse.Namespace) -> None:
        self.report = args.report
        self.markdown = args.markdown
        self.markdown_start = 0
        if self.markdown is not None:
            self.markdown.parent.mkdir(parents=True, exist_ok=True)
            with self.markdown.open("a", encoding="utf-8") as handle:
                self.markdown_start = handle.tell()

    def write(self, report: CheckReport) -> None:
        if self.report:
            write_json(report, self.report)
        if self.markdown:
            with self.markdown.open("r+", encoding="utf-8") as handle:
                handle.seek(self.markdown_start)
                handle.truncate()
                handle.write(markdown_summary(report))


def emit(report: CheckReport, outputs: Outputs) -> None:
    for result in report.results:
        if result.outcome is not Outcome.OK:
            where = ", ".join(result.pages)
            status = f" {result.status}" if result.status is not None else ""
            print(f"{result.outcome.value}{status}: {redact(result.url)} — {redact(result.reason)} (in {where})")
    print(
        f"external links: {report.count(Outcome.OK)} ok, {report.count(Outcome.BROKEN)} broken, "
        f"{report.count(Outcome.UNKNOWN)} unknown, {len(report.excluded)} excluded",
        file=sys.stderr,
    )
    outputs.write(report)


class Stopped(Exception):
    """The process was asked to stop (SIGTERM, SIGINT) while checking."""

    def __init__(self, name: str, code: int) -> None:
        super().__init__(name)
        self.name = name
        self.code = code


def stop_on_signals() -> None:
    """SIGTERM and SIGINT end the check through :class:`Stopped`, so what was checked is written."""

    def handler(number: int, frame: object) -> None:
        name = signal.Signals(number).name
        raise Stopped(name, 128 + number)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if __name__ == "__main__":
        stop_on_signals()
    try:
        project = link_project_from_file(args.config)
    except LinksConfigError as error:
        print(f"check_links: {error}", file=sys.stderr)
        return 2
    try:
        if args.site is not None:
            if not (args.site / "index.html").is_file():
                print(
                    f"check_links: {args.site} is not a built site (no index.html); run `make build` first",
                    file=sys.stderr,
                )
                return 2
            return check(args, args.site, project)
        with tempfile.TemporaryDirectory(prefix="imgsynth-links-") as tmp:
            print("building the site to check it...", file=sys.stderr)
            build_site(args.config, Path(tmp))
            return check(args, Path(tmp), project)
    except Stopped as stop:
        print(f"check_links: stopped by {stop.name} before the external links were checked", file=sys.stderr)
        return stop.code


if __name__ == "__main__":
    sys.exit(main())
