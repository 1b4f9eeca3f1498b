#!/usr/bin/env python3
"""Bytes per page view of a built site, gzipped, as a reader's browser fetches them.

Serves ``--site DIR`` on 127.0.0.1 under the site's path (``site_url`` of mkdocs.yml), opens
each page in Debian's Chromium (Playwright), waits until the network is idle (Material fetches
the search index and starts its worker on load) and adds up every response of the page view,
each body gzipped (level 6, as GitHub Pages serves text), by kind: HTML, CSS, JS, search index,
other (fonts, images, sitemaps...).

    python scripts/page_weight.py --site /tmp/site [--pages "" en/ milestones/gan/ en/milestones/gan/]
    python scripts/page_weight.py --site /tmp/site --json weights.json

Exit code 0; 2 when Chromium or Playwright is missing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ["", "en/", "milestones/gan/", "en/milestones/gan/"]
KINDS = ("html", "css", "js", "search index", "other")


def site_path() -> str:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    path = urlsplit(config.get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def kind_of(url: str, content_type: str) -> str:
    path = urlsplit(url).path
    if path.endswith("search_index.json"):
        return "search index"
    if "text/html" in content_type or path.endswith("/") or path.endswith(".html"):
        return "html"
    if path.endswith(".css"):
        return "css"
    if path.endswith(".js"):
        return "js"
    return "other"


def serve(directory: Path, prefix: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if not path.startswith(prefix):
                return str(Path(self.directory) / "__outside__")
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, format, *args):  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def measure(site: Path, pages: list[str]) -> dict[str, dict[str, int]]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site, site_path())
    results: dict[str, dict[str, int]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for page_path in pages:
                context = browser.new_context(service_workers="block")
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost")
                        or route.request.url.startswith("data:")
                        else route.abort()
                    ),
                )
                seen: dict[str, tuple[str, int]] = {}

                def record(response, seen=seen):
                    if urlsplit(response.url).hostname != "127.0.0.1" or response.status >= 300:
                        return
                    try:
                        body = response.body()
                    except Exception:  # noqa: BLE001 - a body the browser dropped (e.g. a redirect)
                        return
                    kind = kind_of(response.url, response.headers.get("content-type", ""))
                    seen[response.url] = (kind, len(gzip.compress(body, compresslevel=6, mtime=0)))

                page = context.new_page()
                page.on("response", record)
                page.goto(base + page_path, wait_until="load")
                page.wait_for_load_state("networkidle")
                totals = dict.fromkeys(KINDS, 0)
                for kind, size in seen.values():
                    totals[kind] += size
                totals["total"] = sum(totals[k] for k in KINDS)
                results["/" + page_path] = totals
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results


def table(results: dict[str, dict[str, int]]) -> str:
    head = "| page | " + " | ".join(KINDS) + " | total |\n|---|" + "---:|" * (len(KINDS) + 1)
    rows = [
        f"| `{page}` | " + " | ".join(f"{sizes[k] / 1024:.1f}" for k in (*KINDS, "total")) + " |"
        for page, sizes in results.items()
    ]
    return "\n".join([head, *rows]) + "\n(KiB, gzipped)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site (mkdocs build -d DIR)")
    parser.add_argument("--pages", nargs="*", default=DEFAULT_PAGES, help="paths under the site path")
    parser.add_argument("--json", type=Path, help="also write the numbers (bytes) as JSON")
    args = parser.parse_args(argv)
    if not shutil.which("chromium"):
        print("page_weight: Debian's chromium is not installed", file=sys.stderr)
        return 2
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("page_weight: Playwright is not installed (make install-dev)", file=sys.stderr)
        return 2
    results = measure(args.site, args.pages)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
