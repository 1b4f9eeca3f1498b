"""Fixtures for the browser tests: one site build, one local server, one Chromium per session.

The browser is Debian's ``/usr/bin/chromium`` driven by Playwright for Python; Playwright's own
browser download is never used. When Chromium (or Playwright) is missing, every browser test is
reported as SKIPPED with the reason. Nothing leaves 127.0.0.1: requests to any other host are
aborted and recorded, and a test that caused one fails.

``tests/conftest.py`` registers this module as a pytest plugin, so its fixtures are available to
every test module without an import. The browser tests are split by feature over several files
in tests/browser/, which pytest-xdist (``--dist loadfile``) spreads over its workers: each worker
starts one server and one Chromium (session fixtures) on the one shared build (``real_site``),
and every test gets its own browser context.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from imgsynth import languages
from imgsynth.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content" / "milestones"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PRODUCTION = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])
"""Where the site is published (mkdocs.yml site_url)."""


def _skip_reason() -> str | None:
    if shutil.which("chromium") is None:
        return (
            "Debian's chromium is not installed (shutil.which('chromium') is None); "
            "`make test` installs it via scripts/ensure_chromium.sh when run as root"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"Playwright for Python is not installed ({error}); run `make install-dev`"
    return None


SKIP_REASON = _skip_reason()
requires_browser = pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")

__all__ = [
    "site_path",
    "CONTENT_DIR",
    "PREFIX",
    "SCREENSHOTS",
    "PageProbe",
    "entries_by",
    "entry_files",
    "front_matter",
    "heading",
    "load_every_image",
    "sample_entry",
    "visible_entries",
    "browser",
    "built_site",
    "new_page",
    "requires_browser",
    "site_url",
]


def site_path() -> str:
    """The path the site is deployed under (from ``site_url``, e.g. '/ten-years/'); served there too.

    The build writes absolute links from it (i18n alternates), so serving the build at '/' would
    break them in the test and not in production.
    """
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    path = urlsplit(config.get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python/name...


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the build under the site's path; a missing path gets the root 404.html with status
    404, as GitHub Pages answers (for /en/... too)."""

    prefix = "/"

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site_path__")  # -> 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def built_site(real_site: Path) -> Path:
    """The real site, built once with ``mkdocs build --strict`` into a temporary folder.

    ``BROWSER_TEST_SITE=DIR`` tests an existing build instead (debugging only; `make test` uses the session build, ``real_site``).
    """
    prebuilt = os.environ.get("BROWSER_TEST_SITE")
    if prebuilt:
        assert (Path(prebuilt) / "index.html").is_file(), f"BROWSER_TEST_SITE={prebuilt} holds no build"
        return Path(prebuilt)
    return real_site


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Base URL (ending in '/') of a static server on 127.0.0.1 serving the build under site_path()."""
    prefix = site_path()
    handler = functools.partial(type("Handler", (_SiteHandler,), {"prefix": prefix}), directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="site-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Chromium, whose requests to any host but 127.0.0.1 go to a proxy that refuses them: nothing
    leaves the machine, without routing every request through Playwright (routing costs a round
    trip to Python per request and turns the HTTP cache off). ``new_page`` records them."""
    if SKIP_REASON:
        pytest.skip(SKIP_REASON)
    import socket

    from playwright.sync_api import sync_playwright

    with socket.socket() as dead_end, sync_playwright() as pw:
        dead_end.bind(("127.0.0.1", 0))  # bound, never listening: every connection is refused
        proxy = {"server": f"http://127.0.0.1:{dead_end.getsockname()[1]}", "bypass": "127.0.0.1,localhost"}
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, proxy=proxy)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageProbe:
    """A page plus what went wrong on it: console errors, page errors, failed/external requests."""

    page: object
    context: object | None  # None: a page of a shared context (new_page(warm=True))
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    checked: bool = False  # assert_clean() was called

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
            + [
                f"request to an external host (blocked; the site must be self-contained): {u}"
                for u in self.external_requests
            ]
            + [f"HTTP error from the local server: {r}" for r in self.bad_responses]
        )

    def assert_clean(self) -> None:
        """No console error, no exception, no external request, no HTTP error on this page."""
        self.checked = True
        problems = self.problems()
        assert not problems, "problems on the tested pages:\n" + "\n".join(problems)

    def assert_no_script_errors(self) -> None:
        """No uncaught exception. Console errors, failed loads and external requests are asserted
        when the test ends (``new_page``'s teardown), with everything recorded here."""
        problems = [f"uncaught exception: {m}" for m in self.page_errors]
        assert not problems, "\n".join(problems)

    def goto(self, url: str):
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url} answered {response and response.status}"
        return response

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def _record_external(external: list[str], request) -> None:
    """Request listener: a request to any host but 127.0.0.1 is recorded in ``external`` (the
    browser's proxy refuses it). The published host counts as external too: a page served
    elsewhere must not ask it for anything (its absolute hreflang alternates are for search
    engines, not for fetching)."""
    parts = urlsplit(request.url)
    if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
        external.append(request.url)


DEFAULT_VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def _warm_contexts(browser, site_url):
    """One browser context per locale for this test process, shared by the pages opened with
    ``new_page(warm=True)``: its HTTP cache is warm, as for a reader going from page to page.
    Requests to other hosts from its pages are recorded in the list returned with it."""
    contexts: dict[str, object] = {}
    external: list[str] = []

    def context_for(locale: str):
        if locale not in contexts:
            context = browser.new_context(
                base_url=site_url, locale=locale, viewport=DEFAULT_VIEWPORT, service_workers="block"
            )
            context.on("request", functools.partial(_record_external, external))
            contexts[locale] = context
        return contexts[locale]

    yield context_for, external
    for context in contexts.values():
        context.close()


@pytest.fixture
def new_page(browser, site_url, request, _warm_contexts):
    """Factory: ``new_page(color_scheme="dark", permissions=[...], warm=True)`` -> PageProbe.

    A page in a new browser context (a first visit: nothing cached, nothing stored), or with
    ``warm=True`` a new page in this process's shared context for its locale (HTTP cache warm,
    localStorage shared with earlier tests: Material keeps the palette there; no permissions):
    a first visit costs Chromium about four times the CPU of a later one, so tests whose meaning
    depends neither on a cold cache nor on what is stored ask for a warm page.

    At teardown, whatever went wrong on its pages and was not asserted in the test (console
    errors, failed loads, external requests, HTTP errors, also during interactions) fails it:
    a console error on any tested page fails the run, in whichever file or worker it ran.
    """
    probes: list[PageProbe] = []
    context_for, shared_external = _warm_contexts
    shared_external.clear()

    def factory(
        *,
        color_scheme: str = "light",
        permissions: list[str] | None = None,
        viewport: dict | None = None,
        locale: str = "zh-CN",
        warm: bool = False,
    ) -> PageProbe:
        if warm:
            assert not permissions, "permissions are granted to a whole context: ask for a page with its own"
            context = context_for(locale)
            page = context.new_page()
            if viewport and viewport != DEFAULT_VIEWPORT:
                page.set_viewport_size(viewport)
            page.emulate_media(color_scheme=color_scheme)
            probe = PageProbe(page=page, context=None)
        else:
            context = browser.new_context(
                base_url=site_url,
                color_scheme=color_scheme,
                locale=locale,
                viewport=viewport or DEFAULT_VIEWPORT,
                service_workers="block",
            )
            if permissions:
                context.grant_permissions(permissions, origin="{0.scheme}://{0.netloc}".format(urlsplit(site_url)))
            page = context.new_page()
            probe = PageProbe(page=page, context=context)
            context.on("request", functools.partial(_record_external, probe.external_requests))
        page.set_default_timeout(10_000)
        page.on(
            "console",
            lambda msg: probe.console_errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: probe.page_errors.append(f"{page.url}: {exc}"))
        page.on("response", lambda r: probe.bad_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        probes.append(probe)
        return probe

    yield factory
    problems = [problem for probe in probes for problem in probe.problems()]
    problems += [
        f"request to an external host (blocked; the site must be self-contained): {url}" for url in shared_external
    ]
    shared_external.clear()
    for probe in probes:
        if probe.context is not None:
            probe.context.close()
        else:
            probe.page.close()
    if problems:
        pytest.fail(
            f"{len(problems)} problem(s) on the pages {request.node.name} opened:\n" + "\n".join(sorted(set(problems))),
            pytrace=False,
        )


# --- what the browser test files share -----------------------------------------------------------

PREFIX = {lang: languages.prefix(lang) for lang in LANGUAGES}


def entry_files() -> list[Path]:
    return sorted(p for p in CONTENT_DIR.glob("*.md") if not p.name.startswith("."))


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, f"{path} has no front matter"
    return yaml.safe_load(match.group(1))


def sample_entry() -> dict:
    """The entry the page-level tests use: GAN (its titles fit the search terms), else the first."""
    files = entry_files()
    assert files, "content/milestones/ is empty"
    chosen = next((p for p in files if p.stem == "gan"), files[0])
    return front_matter(chosen)


def entries_by(field_name: str) -> dict[str, list[str]]:
    """Entry ids by era, kind or tag (``field_name``), from the content files."""
    result: dict[str, list[str]] = {}
    for path in entry_files():
        data = front_matter(path)
        for value in data.get(field_name) if field_name == "tags" else [data[field_name]]:
            result.setdefault(value, []).append(data["id"])
    return result


def heading(page) -> str:
    """The page's h1 text without Material's permalink (¶)."""
    return page.locator("h1").first.evaluate(
        "h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('').trim()"
    )


def visible_entries(page) -> list[str]:
    """Ids of the timeline entries shown (not ``hidden``, laid out)."""
    return sorted(
        page.eval_on_selector_all(
            "li.ty-entry", "els => els.filter(e => !e.hidden && e.getClientRects().length > 0).map(e => e.id)"
        )
    )


def load_every_image(*pages) -> None:
    """Scroll through each page so that lazy images load, then wait for them.

    Steps of one viewport: Chromium starts a lazy image well before it scrolls into view (at
    least 1,250 px ahead), so no image is passed over; each step waits for a rendering update.
    Several pages scroll at the same time.
    """
    for page in pages:
        page.evaluate(
            """() => {
                // two frames: the scroll position has been through one whole rendering update
                const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())));
                window.__tyScrolled = (async () => {
                    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
                        window.scrollTo(0, y);
                        await frame();
                    }
                    window.scrollTo(0, document.body.scrollHeight);
                    await frame();
                    window.scrollTo(0, 0);
                })();
            }"""
        )
    for page in pages:
        page.evaluate("() => window.__tyScrolled")
        page.wait_for_load_state("networkidle")
        # decode() waits for an image to load; one that never starts would hang the test: cap the wait
        page.evaluate(
            "() => Promise.race([Promise.all([...document.images].map(i => i.decode().catch(() => null))),"
            " new Promise(r => setTimeout(r, 5000))])"
        )
