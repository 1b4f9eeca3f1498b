"""`make screenshots`: build and serve the site, photograph the pages a reader meets, make a contact sheet.

Builds the site (strict, ``site_url`` set to the local server, as ``make audit`` does), serves it
on 127.0.0.1 under the deployed path and drives Debian's Chromium through Playwright (no
browser download). For each page, in both languages, at 390 and 1366 px wide, in the light and
the dark scheme, it scrolls once through the page (so lazy images load), then writes a
full-page PNG (cut at ``--max-height`` px) to ``test-artifacts/screenshots/`` and an
``index.html`` contact sheet beside them. Offline: requests to any other host are aborted and
reported.

    .venv/bin/python scripts/screenshots.py [--site DIR] [--only home,dcgan] [--max-height 6000]
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
from audit import served_site  # noqa: E402
from browser_support import CHROMIUM_ARGS, LOCAL_HOSTS  # noqa: E402

OUT = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

PAGES = {
    "home": "",
    "dcgan": "milestones/dcgan/",  # a paper with figures
    "obvious-christies": "milestones/obvious-christies/",  # an event
    "conceptual-captions": "milestones/conceptual-captions/",  # an entry without a figure
    "annotations": "annotations/",
    "credits": "credits/",
}
LANGUAGES = {"zh": "", "en": "en/"}
WIDTHS = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 900}}
SCHEMES = ("light", "dark")


def log(message: str) -> None:
    print(f"screenshots: {message}", file=sys.stderr, flush=True)


def settle(page) -> None:
    """Scroll to the end and back (lazy images load), then wait for the network to rest."""
    page.evaluate(
        """async () => {
            const step = Math.max(200, window.innerHeight * 0.8);
            for (let y = 0; y < document.body.scrollHeight; y += step) {
                window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 40));
            }
            window.scrollTo(0, 0);
        }"""
    )
    # any lazy image the scroll went past too fast: load it now (decode() of an image that never
    # starts loading would wait forever), and give up waiting after a few seconds
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    # a full-page shot is taken with the screen where it is: what content-visibility: auto skips
    # (the home page's entries, timeline.css) would be blank; render everything, as when scrolled to
    page.evaluate(
        "() => document.querySelectorAll('li.ty-entry').forEach(e => { e.style.contentVisibility = 'visible'; })"
    )
    page.wait_for_load_state("networkidle")
    page.evaluate(
        "() => Promise.race([Promise.all([...document.images].map(i => i.complete ? 0 : i.decode().catch(() => 0))),"
        " new Promise(r => setTimeout(r, 5000))])"
    )
    time.sleep(0.7)  # Material fades the header tabs back in after a scroll


def shoot(base: str, pages: dict[str, str], max_height: int) -> tuple[list[dict], list[str]]:
    from playwright.sync_api import sync_playwright

    shots: list[dict] = []
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for scheme in SCHEMES:
                for width_name, viewport in WIDTHS.items():
                    context = browser.new_context(
                        base_url=base, color_scheme=scheme, viewport=viewport, service_workers="block"
                    )

                    def route(route):
                        parts = urlsplit(route.request.url)
                        if parts.scheme.startswith("http") and parts.hostname not in LOCAL_HOSTS:
                            problems.append(f"request to another host (blocked): {route.request.url}")
                            route.abort("blockedbyclient")
                        else:
                            route.continue_()

                    context.route("**/*", route)
                    page = context.new_page()
                    page.on("pageerror", lambda exc, page=page: problems.append(f"{page.url}: {exc}"))
                    page.on(
                        "response",
                        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
                    )
                    for name, path in pages.items():
                        for lang, prefix in LANGUAGES.items():
                            response = page.goto(prefix + path, wait_until="load")
                            if response is None or not response.ok:
                                problems.append(f"{prefix + path} answered {response and response.status}")
                                continue
                            settle(page)
                            height = page.evaluate("() => document.documentElement.scrollHeight")
                            file = f"{name}-{lang}-{width_name}-{scheme}.png"
                            clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, max_height)}
                            page.screenshot(path=str(OUT / file), full_page=True, clip=clip)
                            shots.append(
                                {
                                    "file": file,
                                    "page": name,
                                    "lang": lang,
                                    "width": width_name,
                                    "scheme": scheme,
                                    "height": height,
                                    "cut": height > max_height,
                                }
                            )
                            log(f"{file} ({height} px tall{', cut' if height > max_height else ''})")
                    context.close()
        finally:
            browser.close()
    return shots, problems


def contact_sheet(shots: list[dict], problems: list[str]) -> str:
    rows = []
    columns = [(w, s) for w in WIDTHS for s in SCHEMES]
    by_key = {(s["page"], s["lang"], s["width"], s["scheme"]): s for s in shots}
    for name in dict.fromkeys(s["page"] for s in shots):
        for lang in LANGUAGES:
            cells = []
            for width, scheme in columns:
                shot = by_key.get((name, lang, width, scheme))
                if not shot:
                    cells.append("<td></td>")
                    continue
                note = f"{shot['height']} px" + (" (cut)" if shot["cut"] else "")
                cells.append(
                    f'<td><a href="{html.escape(shot["file"])}"><img src="{html.escape(shot["file"])}" '
                    f'alt="{html.escape(name)} {lang} {width} px {scheme}" loading="lazy"></a>'
                    f"<br><small>{note}</small></td>"
                )
            rows.append(f"<tr><th>{html.escape(name)}<br>{lang}</th>{''.join(cells)}</tr>")
    header = "".join(f"<th>{w} px · {s}</th>" for w, s in columns)
    issues = (
        "<h2>Problems</h2><ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in problems) + "</ul>"
        if problems
        else "<p>No failed request, page error or request to another host.</p>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Screenshots</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 1em; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: 4px; vertical-align: top; }}
td img {{ width: 180px; max-height: 600px; object-fit: cover; object-position: top; display: block; }}
</style></head><body>
<h1>Screenshots</h1>
<p>{len(shots)} pages photographed: home, three entries (a paper with figures, an event, an entry
without a figure), annotations and credits; both languages, 390 and 1366 px, light and dark.
Full-page PNGs, cut at the height shown.</p>
{issues}
<table><tr><th></th>{header}</tr>
{chr(10).join(rows)}
</table></body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="photograph an existing build (made with site_url set to where it is served)")
    parser.add_argument("--only", help="comma-separated page names: " + ", ".join(PAGES))
    parser.add_argument("--max-height", type=int, default=6000)
    args = parser.parse_args(argv)
    if shutil.which("chromium") is None:
        log("Debian's chromium is not installed (scripts/ensure_chromium.sh installs it as root)")
        return 2
    pages = {k: v for k, v in PAGES.items() if not args.only or k in args.only.split(",")}
    OUT.mkdir(parents=True, exist_ok=True)
    with served_site(args.site, "screenshots-site-", log) as (_site, base):
        shots, problems = shoot(base, pages, args.max_height)
    (OUT / "index.html").write_text(contact_sheet(shots, problems), encoding="utf-8")
    log(f"{len(shots)} screenshots and index.html in {OUT.relative_to(ROOT)}/")
    for problem in problems:
        log(f"problem: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
