"""`make audit`: Lighthouse and axe-core on the home page and an entry page, in both languages.

Builds the site (strict) into a scratch folder, serves it on 127.0.0.1 under the path of
``site_url`` (as deployed), installs the pinned npm tools (package.json / package-lock.json)
into .cache/audit-node/ on first use, then runs

- Lighthouse 12.2.3 (mobile preset, the default form factor) against Debian's Chromium, and
- axe-core (injected with Playwright into Chromium; desktop viewport, light and dark scheme),

prints a Markdown table and writes the JSON reports to test-artifacts/audit/.
Lighthouse runs each page ``--runs`` times (default 3) and keeps the median run, as chosen by
Lighthouse's own computeMedianRun (its guide on variability advises several runs and the
median): on these machines headless Chromium now and then holds its first frame until about
1.2 s after the navigation, whatever the page (seen in traces: the renderer idle, waiting for a
frame), and a single run then scores 3-8 points lower. The table shows every run's performance
score.
Goals: performance >= 95, accessibility 100, best practices >= 95, SEO 100, 0 axe violations.
Exit status 1 when a goal is missed (2 when a tool could not run). Offline: Chromium is started
with the no-network flags, and Playwright aborts any request to another host.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))  # the MkDocs adapter (mkdocs_command)
from browser_support import CHROMIUM_ARGS, LOCAL_HOSTS, _SiteHandler, site_path  # noqa: E402

from imgsynth_mkdocs.config import mkdocs_command  # noqa: E402

OUT = ROOT / "test-artifacts" / "audit"
TOOLS = ROOT / ".cache" / "audit-node"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}


def log(msg: str) -> None:
    print(f"audit: {msg}", file=sys.stderr, flush=True)


def install_tools() -> Path:
    """npm ci the pinned tools into .cache/audit-node/ (reinstalled when the lock changes)."""
    lock = (ROOT / "package-lock.json").read_bytes()
    TOOLS.mkdir(parents=True, exist_ok=True)
    stamp = TOOLS / ".lock-installed"
    if not (stamp.exists() and stamp.read_bytes() == lock and (TOOLS / "node_modules/.bin/lighthouse").exists()):
        shutil.copy(ROOT / "package.json", TOOLS / "package.json")
        shutil.copy(ROOT / "package-lock.json", TOOLS / "package-lock.json")
        log("installing lighthouse and axe-core (npm ci, pinned) into .cache/audit-node/ ...")
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], cwd=TOOLS, check=True
        )
        stamp.write_bytes(lock)
    return TOOLS / "node_modules"


def build(dest: Path, site_url: str) -> None:
    """Build as deployed, with ``site_url`` set to where this audit serves the site.

    The pages name their own absolute URLs (hreflang alternates, the feed); with the published
    ``site_url`` a browser here would try to reach the published site. A throw-away config in
    the project folder inherits mkdocs.yml and changes only ``site_url``.
    """
    log(f"building the site (mkdocs build --strict, site_url {site_url}) ...")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    config = ROOT / ".audit-mkdocs.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nsite_url: {site_url}\n", encoding="utf-8")
    try:
        subprocess.run(
            mkdocs_command("build", "--strict", "--quiet", "-f", str(config), "-d", str(dest)),
            cwd=ROOT,
            env=env,
            check=True,
        )
    finally:
        config.unlink(missing_ok=True)


class _CompressingHandler(_SiteHandler):
    """Serves text with gzip when the browser accepts it, as GitHub Pages does."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".bib")

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0].split("#", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSED:
            return super().send_head()
        if not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path):
    import functools
    import http.server
    import threading

    prefix = site_path()
    handler = functools.partial(type("Handler", (_CompressingHandler,), {"prefix": prefix}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@contextlib.contextmanager
def served_site(prebuilt: str | None, prefix: str, say: Callable[[str], None] = log) -> Iterator[tuple[Path, str]]:
    """The site (``prebuilt``, or built into a temporary folder with ``site_url`` set to where it
    is served), served on 127.0.0.1 for as long as the block runs: yields (folder, base URL)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        site = Path(prebuilt) if prebuilt else Path(tmp)
        server, base = serve(site)
        try:
            if not prebuilt:
                build(site, base)
            say(f"serving {site} at {base}")
            yield site, base
        finally:
            server.shutdown()


def pick_entry() -> str:
    files = sorted((ROOT / "content" / "milestones").glob("*.md"))
    return next((p.stem for p in files if p.stem == "gan"), files[0].stem if files else "")


def lighthouse_median(node_modules: Path, url: str, name: str, runs: int) -> dict:
    """Lighthouse ``runs`` times; the median run as Lighthouse's own ``computeMedianRun`` picks it
    (the run nearest the median first contentful paint and time to interactive), with every run's
    performance score (``perf_runs``). Its report is copied to lighthouse-<name>.json."""
    results = [lighthouse(node_modules, url, f"{name}-run{index + 1}") for index in range(runs)]
    pick = (
        "import {readFileSync} from 'node:fs';"
        f"import {{computeMedianRun}} from {json.dumps((node_modules / 'lighthouse/core/lib/median-run.js').as_uri())};"
        "const runs = process.argv.slice(1).map(p => JSON.parse(readFileSync(p, 'utf8')));"
        "console.log(runs.indexOf(computeMedianRun(runs)));"
    )
    reports = [str(ROOT / result["report"]) for result in results]
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", pick, *reports], capture_output=True, text=True, check=True, timeout=60
    )
    median = results[int(proc.stdout.strip())]
    shutil.copy(ROOT / median["report"], OUT / f"lighthouse-{name}.json")
    return {**median, "perf_runs": [result["scores"]["performance"] for result in results]}


def lighthouse(node_modules: Path, url: str, name: str) -> dict:
    report = OUT / f"lighthouse-{name}.json"
    cmd = [
        "node",
        str(node_modules / "lighthouse" / "cli" / "index.js"),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    if proc.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {proc.stderr[-2000:]}")
    data = json.loads(report.read_text())
    scores = {k: round((v["score"] or 0) * 100) for k, v in data["categories"].items()}
    failing = []
    for cat_id, cat in data["categories"].items():
        for ref in cat["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(
                    f"{cat_id}/{ref['id']} ({audit['score']}): {audit.get('displayValue') or audit['title']}"
                )
    return {"scores": scores, "failing": failing, "report": str(report.relative_to(ROOT))}


def axe(node_modules: Path, base: str, pages: dict[str, str]) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    axe_js = node_modules / "axe-core" / "axe.min.js"
    results: dict[str, dict] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for scheme in ("light", "dark"):
                # bypass_csp: axe-core is injected as an inline script, which the pages' CSP refuses
                context = browser.new_context(
                    base_url=base, color_scheme=scheme, viewport={"width": 1280, "height": 900}, bypass_csp=True
                )
                context.route(
                    "**/*",
                    lambda route: (
                        route.abort("blockedbyclient")
                        if urlsplit(route.request.url).hostname not in LOCAL_HOSTS
                        and urlsplit(route.request.url).scheme.startswith("http")
                        else route.continue_()
                    ),
                )
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(path, wait_until="load")
                    page.wait_for_load_state("networkidle")
                    page.add_script_tag(path=str(axe_js))
                    res = page.evaluate("""() => axe.run(document, {resultTypes: ['violations']})""")
                    key = f"{name}-{scheme}"
                    (OUT / f"axe-{key}.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
                    results[key] = {
                        "count": sum(len(v["nodes"]) for v in res["violations"]),
                        "violations": [
                            f"{v['id']} ({v['impact']}): {v['help']} — "
                            + "; ".join(
                                " ".join(n["target"]) if isinstance(n["target"][0], str) else str(n["target"])
                                for n in v["nodes"][:4]
                            )
                            for v in res["violations"]
                        ],
                    }
                context.close()
        finally:
            browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="audit an existing build (made with site_url set to where it is served)")
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="Lighthouse runs per page; the median run (Lighthouse's computeMedianRun) is kept (default 3)",
    )
    args = parser.parse_args()
    if shutil.which("chromium") is None:
        log("Debian's chromium is not installed (apt-get install chromium); cannot audit")
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    node_modules = install_tools()
    entry = pick_entry()
    pages = {
        "home-zh": "",
        "home-en": "en/",
        f"{entry}-zh": f"milestones/{entry}/",
        f"{entry}-en": f"en/milestones/{entry}/",
    }

    with served_site(args.site, "audit-site-") as (_site, base):
        lh = {}
        for name, path in pages.items():
            log(f"lighthouse {name} ({args.runs} runs) ...")
            lh[name] = lighthouse_median(node_modules, base + path, name, max(1, args.runs))
        log("axe-core (light and dark) ...")
        ax = axe(node_modules, base, pages)

    rows = [
        "| page | perf (median; each run) | a11y | best practices | SEO | axe violations (light / dark) |",
        "|---|---|---|---|---|---|",
    ]
    missed = []
    for name, path in pages.items():
        s = lh[name]["scores"]
        light, dark = ax[f"{name}-light"]["count"], ax[f"{name}-dark"]["count"]
        rows.append(
            f"| `/{path}` | {s['performance']} ({', '.join(map(str, lh[name]['perf_runs']))}) | {s['accessibility']} | {s['best-practices']} | {s['seo']} | {light} / {dark} |"
        )
        for cat, goal in GOALS.items():
            if s[cat] < goal:
                missed.append(f"{name}: {cat} {s[cat]} < {goal}")
        if light or dark:
            missed.append(f"{name}: {light} / {dark} axe violation nodes")
    print("\n".join(rows))
    summary = {"pages": pages, "lighthouse": lh, "axe": ax, "missed": missed}
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print()
    if missed:
        print("Goals missed:")
        print("\n".join(f"- {m}" for m in missed))
        print("\nCauses (Lighthouse audits below 1 with weight, axe rules):")
        for name in pages:
            for f in lh[name]["failing"]:
                print(f"- {name}: {f}")
            for scheme in ("light", "dark"):
                for v in ax[f"{name}-{scheme}"]["violations"]:
                    print(f"- {name} ({scheme}): axe {v}")
    else:
        print("All goals met.")
    print(f"\nReports: {OUT.relative_to(ROOT)}/")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
