#!/usr/bin/env python3
"""Benchmark: our link checker against linkinator@6.1.4 on a generated site of external links.

The site links to ``--links`` URLs spread over ``--hosts`` local servers (127.0.0.1, .2, ...,
run in a separate process so neither checker shares its interpreter) that answer after
``--latency`` seconds; a known tenth of the links answer 404 or 410 and some redirect. Both
checkers run as command-line programs with the same concurrency (hosts x per-host limit,
linkinator's ``--concurrency`` being global only). Prints a Markdown table: wall time, ratio,
whether each found exactly the known broken set, and the peak requests seen by one host.
linkinator is installed with npm into ``--scratch`` on first use (pinned, Node >= 18).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imgsynth.cli import script_parser  # noqa: E402

LINKINATOR = "linkinator@6.1.4"


def serve(hosts: int, latency: float, links: int) -> None:
    """Child process: start the hosts, print their routes as JSON, then answer `stats` / `quit` on stdin."""
    from tests.links_support import Meter, Reply, servers

    with servers(hosts, latency=latency, shared=(Meter(),)) as started:
        urls, broken = [], []
        for n in range(links):
            server, k = started[n % hosts], n // hosts  # k: the link's rank on its host
            path = f"/paper/{n}"
            if (k + n) % 10 == 3:  # a tenth of each host's links, whatever the number of hosts
                server.routes[path] = Reply(404 if k % 2 else 410)
                broken.append(server.url(path))
            elif (k + n) % 10 == 7:
                server.routes[path] = Reply(301, {"Location": f"/moved/{n}"})
                server.routes[f"/moved/{n}"] = Reply(200)
            else:
                server.routes[path] = Reply(200)
            urls.append(server.url(path))
        print(json.dumps({"urls": urls, "broken": broken}), flush=True)
        for line in sys.stdin:
            if line.strip() == "stats":
                peaks = {s.host: s.requests.peak for s in started}
                for s in started:
                    s.requests.peak = 0
                print(json.dumps(peaks), flush=True)
            elif line.strip() == "quit":
                return


def write_site(folder: Path, urls: list[str], per_page: int = 25) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pages = [urls[i : i + per_page] for i in range(0, len(urls), per_page)]
    index = "".join(f'<li><a href="p{n}.html">page {n}</a></li>' for n in range(len(pages)))
    (folder / "index.html").write_text(f"<html><body><article><ul>{index}</ul></article></body></html>")
    for n, chunk in enumerate(pages):
        items = "".join(f'<li><a href="{url}">{url}</a></li>' for url in chunk)
        (folder / f"p{n}.html").write_text(
            f'<html><body><article><a href="index.html">home</a><ul>{items}</ul></article></body></html>'
        )


def ensure_linkinator(scratch: Path) -> Path:
    binary = scratch / "node_modules" / ".bin" / "linkinator"
    if not binary.exists():
        scratch.mkdir(parents=True, exist_ok=True)
        print(f"installing {LINKINATOR} into {scratch} ...", file=sys.stderr)
        subprocess.run(
            ["npm", "i", "-E", "--no-audit", "--no-fund", "--silent", "--prefix", str(scratch), LINKINATOR], check=True
        )
    return binary


def run_ours(site: Path, work: Path, concurrency: int, per_host: int) -> tuple[float, set[str]]:
    config = work / "mkdocs.yml"
    config.write_text(
        f"extra:\n  links:\n    concurrency: {concurrency}\n    per_host: {per_host}\n    timeout: 10\n    retries: 0\n"
        "    allow_addresses: [127.0.0.0/8]\n"  # the benchmark's servers are local; never allowed by default
    )
    report = work / "ours.json"
    command = [
        sys.executable,
        str(ROOT / "scripts/check_links.py"),
        "--config",
        str(config),
        "--site",
        str(site),
        "--external",
        "--no-cache",
        "--no-second-pass",
        "--quiet",
        "--fail-on",
        "never",
        "--report",
        str(report),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    found = {r["url"] for r in json.loads(report.read_text())["results"] if r["outcome"] == "broken"}
    return wall, found


def run_linkinator(binary: Path, site: Path, concurrency: int) -> tuple[float, set[str]]:
    command = [
        str(binary),
        str(site),
        "--recurse",
        "--concurrency",
        str(concurrency),
        "--timeout",
        "10000",
        "--format",
        "json",
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    data = json.loads(done.stdout)
    found = {link["url"] for link in data["links"] if link["state"] == "BROKEN" and "//127.0.0." in link["url"]}
    return wall, found


def main(argv: list[str] | None = None) -> int:
    parser = script_parser(__doc__)
    parser.add_argument("--links", type=int, default=1100, help="external links in the site (default %(default)s)")
    parser.add_argument("--hosts", type=int, default=20, help="local hosts serving them (default %(default)s)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds before each answer (default %(default)s)")
    parser.add_argument("--per-host", type=int, default=4, help="requests in flight per host (default %(default)s)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds; each runs both checkers, alternating which goes first; the best run counts (default %(default)s)",
    )
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out" / "links", help="scratch folder")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.hosts, args.latency, args.links)
        return 0

    args.work.mkdir(parents=True, exist_ok=True)
    binary = ensure_linkinator(args.work / "linkinator")
    child = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            "--hosts",
            str(args.hosts),
            "--links",
            str(args.links),
            "--latency",
            str(args.latency),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdin and child.stdout
        plan = json.loads(child.stdout.readline())
        known = set(plan["broken"])
        site = args.work / "site"
        write_site(site, plan["urls"])
        concurrency = args.hosts * args.per_host

        def stats() -> int:
            child.stdin.write("stats\n")
            child.stdin.flush()
            return max(json.loads(child.stdout.readline()).values())

        checkers = (
            ("imgsynth (scripts/check_links.py)", lambda: run_ours(site, args.work, concurrency, args.per_host)),
            (f"linkinator {LINKINATOR.split('@')[1]}", lambda: run_linkinator(binary, site, concurrency)),
        )
        best = {name: float("inf") for name, _run in checkers}
        exact = dict.fromkeys(best, True)
        peak = dict.fromkeys(best, 0)
        for round_number in range(args.rounds):  # alternating, run by run: drift in the machine hits both alike
            for name, run in checkers if round_number % 2 == 0 else checkers[::-1]:
                stats()  # reset the servers' peak counters
                wall, found = run()
                best[name] = min(best[name], wall)
                exact[name] = exact[name] and found == known
                peak[name] = max(peak[name], stats())
                print(f"round {round_number + 1}, {name}: {wall:.2f}s", file=sys.stderr)
        rows = [(name, best[name], exact[name], peak[name]) for name, _run in checkers]
        child.stdin.write("quit\n")
        child.stdin.flush()
    finally:
        child.wait(timeout=10)

    ours, theirs = rows[0][1], rows[1][1]
    print(
        f"\n{args.links} external links over {args.hosts} hosts, {args.latency * 1000:.0f} ms latency, "
        f"{len(known)} known broken; concurrency {concurrency} ({args.per_host} per host); best of {args.rounds}\n"
    )
    print("| Checker | Wall time | vs. ours | Exactly the known broken set | Peak requests on one host |")
    print("|---|---|---|---|---|")
    for name, wall, exact, peak in rows:
        print(f"| {name} | {wall:.2f} s | {wall / ours:.2f}x | {'yes' if exact else 'no'} | {peak} |")
    goal = "met" if rows[0][2] and ours <= theirs else "missed"
    print(f"\nours / linkinator = {ours / theirs:.2f}; goal (exact broken set, at least as fast): {goal}")
    return 0 if rows[0][2] else 1  # a wrong verdict is a failure; a slow run is reported


if __name__ == "__main__":
    sys.exit(main())
