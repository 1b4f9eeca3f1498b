#!/usr/bin/env python3
"""Benchmark the arXiv enrichment (offline): requests cold/warm, build time with/without cards.

Requests are counted at a local 127.0.0.1 server (tests/arxiv_server.py): a cold fetch of K
ids should take ceil(K / batch) requests, a warm one (every record present) none. Build
times are medians of in-process `mkdocs build` runs of the real site, with the paper cards
and with render_card stubbed out.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.pop("ARXIV_FETCH", None)

from arxiv_server import ArxivServer  # noqa: E402
from markupsafe import Markup  # noqa: E402

from imgsynth.arxiv import Client, merge_papers, write_papers  # noqa: E402
from imgsynth.arxiv.store import load_papers, to_fetch  # noqa: E402


def requests_for(k: int, batch: int) -> tuple[int, int]:
    ids = [f"2001.{n:05d}" for n in range(1, k + 1)]
    with ArxivServer() as server, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "arxiv.json"
        with Client(server.url, batch_size=batch, delay=0) as client:
            report = client.fetch(to_fetch(load_papers(path), ids))
        write_papers(path, merge_papers({}, report.records, "bench"))
        cold = len(server.requests)
        wanted = to_fetch(load_papers(path), ids)
        if wanted:
            with Client(server.url, batch_size=batch, delay=0) as client:
                client.fetch(wanted)
        return cold, len(server.requests) - cold


def build_seconds(runs: int, cards: bool) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import imgsynth.render.pages

    original = imgsynth.render.pages.render_card
    if not cards:
        imgsynth.render.pages.render_card = lambda entry, paper, lang: Markup("")
    import imgsynth.plan

    times = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(runs + 1):
                imgsynth.plan._cache.clear()  # every run parses the content and renders the cards again
                config = load_config(str(ROOT / "mkdocs.yml"), site_dir=tmp, strict=True)
                start = time.perf_counter()
                build(config)
                times.append(time.perf_counter() - start)
    finally:
        imgsynth.render.pages.render_card = original
    return statistics.median(times[1:])  # the first run warms imports and caches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ids", type=int, nargs="+", default=[19, 45, 100], help="K values (default 19 45 100)")
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    print("arXiv requests (counted at the local server)")
    print(f"{'K ids':>6} {'batch':>6} {'cold':>5} {'expected':>9} {'warm':>5}")
    for k in args.ids:
        cold, warm = requests_for(k, args.batch_size)
        print(f"{k:>6} {args.batch_size:>6} {cold:>5} {-(-k // args.batch_size):>9} {warm:>5}")
    with_cards = build_seconds(args.runs, cards=True)
    without = build_seconds(args.runs, cards=False)
    print(
        f"site build (median of {args.runs}, both languages): with cards {with_cards:.2f} s, "
        f"without cards {without:.2f} s, difference {with_cards - without:+.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
