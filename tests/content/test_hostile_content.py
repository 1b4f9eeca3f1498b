"""Nothing active comes from content (issue 13): the hostile corpus against `make check`, a real
build and Chromium.

Each case of tests/hostile_corpus.py is the real GAN entry with one mutation. A case is either
refused by `make check` with its exact ``FILE:LINE: message``, or it builds, and then the built
HTML of both languages (parsed with lxml) holds no ``on…`` attribute, no script, iframe, object,
embed, base, form, style or meta refresh element and no ``javascript:``/``data:``/``vbscript:``
URL that a build of the valid entry alone does not have (only what the templates put there),
while the attack is shown to the reader as text. The browser test opens every page of that
build and asserts that no dialog opens and the Content-Security-Policy reports no violation.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import PRODUCTION, SKIP_REASON, site_path
from hostile_corpus import CASES, ROOT, Case, content_copy, expected_problem, write_case
from lxml import html as lxml_html
from site_support import build_env, build_site, copy_project

from imgsynth.content.html_policy import normalise_url
from imgsynth.content.load import load_content
from imgsynth.errors import ContentErrors

PRODUCTION_URL = PRODUCTION.geturl().rstrip("/") + "/"
REFUSED = [case for case in CASES if case.refused]
ACCEPTED = [case for case in CASES if not case.refused]

ACTIVE_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "style",
    "link",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "background", "ping", "cite"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def test_the_corpus_has_at_least_25_hostile_entries():
    assert len(CASES) >= 25
    assert len({case.name for case in CASES}) == len(CASES)
    print(f"\n{len(CASES)} hostile cases: {len(REFUSED)} refused by make check, {len(ACCEPTED)} built")


# --- make check -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", REFUSED, ids=[case.name for case in REFUSED])
def test_check_refuses_with_file_and_line(case: Case, tmp_path: Path):
    content = content_copy(tmp_path / "content")
    write_case(case, content)
    with pytest.raises(ContentErrors) as caught:
        load_content(content, project_root=tmp_path)
    reported = [str(error) for error in caught.value.errors]
    assert expected_problem(case, content, "content") in reported, "\n".join(reported)


def test_make_check_refuses_every_case_at_once(tmp_path: Path):
    """The command itself (`make check` = `python -m imgsynth check`): exit 1, every expected line.

    Without the cases that break eras.yaml or kinds.yaml: those make every entry unusable, which
    hides the checks that need loaded entries (lineage); they are refused one by one above.
    """
    content = content_copy(tmp_path / "content")
    cases = [case for case in REFUSED if not case.name.startswith(("era-", "kind-"))]
    for case in cases:
        write_case(case, content)
    result = subprocess.run(
        [sys.executable, "-m", "imgsynth", "check", "--content", "content"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=build_env(),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    printed = {line.strip() for line in result.stderr.splitlines()}
    missing = [expected_problem(case, content, "content") for case in cases]
    missing = [line for line in missing if line not in printed]
    assert not missing, "not reported:\n" + "\n".join(missing) + "\n\nreported:\n" + result.stderr


def test_accepted_cases_pass_the_check(tmp_path: Path):
    content = content_copy(tmp_path / "content")
    for case in ACCEPTED:
        write_case(case, content)
    loaded = load_content(content, project_root=tmp_path)
    assert {case.entry_id for case in ACCEPTED} <= {entry.id for entry in loaded.entries}


# --- the built site -------------------------------------------------------------------------------


def _project(folder: Path, cases: list[Case]) -> Path:
    project = copy_project(folder)
    shutil.rmtree(project / "content")
    content = content_copy(project / "content")
    for case in cases:
        write_case(case, content)
    # an Emacs lock file (a dangling link) and a backup next to the entries: never read, never published
    (content / "milestones" / ".#gan.md").symlink_to("someone@host.12345:1700000000")
    shutil.copy2(content / "milestones" / "gan.md", content / "milestones" / "gan.md~")
    (project / "docs" / ".#index.md").symlink_to("someone@host.12345:1700000000")
    shutil.copy2(project / "docs" / "about.md", project / "docs" / "about.md~")
    return project


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two strict builds: the valid entry alone (the templates' own output) and the hostile cases."""
    sites = {}
    for name, cases in (("valid", []), ("hostile", ACCEPTED)):
        folder = tmp_path_factory.mktemp(f"build-{name}")
        project = _project(folder / "project", cases)
        result = build_site(folder / "site", project)
        assert result.returncode == 0, f"{name} build failed:\n{result.stderr[-4000:]}"
        sites[name] = folder / "site"
    return sites


def _pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html"))


def active_items(page: Path) -> set[tuple[str, ...]]:
    """What in a page can run code, load a document or send the reader elsewhere unasked."""
    tree = lxml_html.fromstring(page.read_bytes())
    found: set[tuple[str, ...]] = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().split("}")[-1]
        attrs = {key.lower(): value for key, value in element.attrib.items()}
        if tag in ACTIVE_ELEMENTS:
            if tag == "script" and not attrs.get("src") and not _is_javascript(attrs.get("type", "")):
                found.add(("script", "data", attrs.get("type", "")))  # JSON, JSON-LD: never run
            elif tag in ("script", "style") and not attrs.get("src"):
                digest = base64.b64encode(hashlib.sha256((element.text or "").encode()).digest()).decode()
                found.add((tag, "inline", digest))
            elif tag == "link":
                found.add((tag, attrs.get("rel", ""), _site_or_url(attrs.get("href", ""))))
            else:
                found.add((tag, *sorted(f"{k}={_path_only(v)}" for k, v in attrs.items() if k not in ("class", "id"))))
        if tag == "meta" and attrs.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            found.add(("meta", attrs["http-equiv"], attrs.get("content", "")))
        for key, value in attrs.items():
            name = key.split(":")[-1]
            if name.startswith("on"):
                found.add(("on-attribute", tag, key, value))
            if name in URL_ATTRIBUTES or name == "href":
                if normalise_url(value).lower().startswith(BAD_SCHEMES):
                    found.add(("url", tag, key, normalise_url(value)[:80]))
    return found


JAVASCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "text/ecmascript",
    "application/ecmascript",
}


def _is_javascript(script_type: str) -> bool:
    return script_type.strip().lower() in JAVASCRIPT_TYPES


def _site_or_url(url: str) -> str:
    """'site' for a link to the site itself (relative, or under site_url), else the URL."""
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", url) or url.startswith(PRODUCTION_URL):
        return "site"
    return url


def _path_only(url: str) -> str:
    """A template's link without the page-relative prefix ('../../'), to compare across pages."""
    return re.sub(r"^(\.\./)+|^\./", "", url)


def test_valid_build_has_no_handlers_or_script_urls(builds):
    """The templates themselves: no on… attribute, no javascript:/data:/vbscript: URL anywhere."""
    items = set().union(*(active_items(page) for page in _pages(builds["valid"])))
    assert not [item for item in items if item[0] in ("on-attribute", "url", "meta")], items


def test_hostile_build_has_nothing_active_from_content(builds):
    allowed = set().union(*(active_items(page) for page in _pages(builds["valid"])))
    extra = []
    for page in _pages(builds["hostile"]):
        for item in sorted(active_items(page) - allowed):
            extra.append(f"{page.relative_to(builds['hostile'])}: {item}")
    assert not extra, "active content from the hostile entries:\n" + "\n".join(extra)


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.name for case in ACCEPTED])
def test_accepted_case_is_shown_as_text_in_both_languages(case: Case, builds):
    site = builds["hostile"]
    for prefix in ("", "en/"):
        page = site / prefix / "milestones" / case.entry_id / "index.html"
        assert page.is_file(), f"{page} was not built"
    if case.visible:
        page = site / ("en/" if case.lang == "en" else "") / "milestones" / case.entry_id / "index.html"
        text = " ".join(lxml_html.fromstring(page.read_bytes()).text_content().split())
        assert " ".join(case.visible.split()) in text


def test_titles_are_escaped_in_the_head(builds):
    """Material's <title> un-escaped the heading (striptags): '&lt;/title&gt;' became a real </title>."""
    case = next(case for case in ACCEPTED if case.name == "title-entities")
    page = builds["hostile"] / "en" / "milestones" / case.entry_id / "index.html"
    tree = lxml_html.fromstring(page.read_bytes())
    assert tree.findtext(".//title").startswith(case.visible + " - ")
    assert tree.xpath("//h1")[0].text_content().strip().startswith(case.visible)


def test_every_inline_script_is_allowed_by_the_csp_hashes(builds):
    """The Content-Security-Policy <meta> lists the hash of each inline script the templates write."""
    for page in _pages(builds["valid"]):
        tree = lxml_html.fromstring(page.read_bytes())
        policies = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
        assert len(policies) == 1, f"{page}: {len(policies)} CSP <meta>"
        assert tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/preceding::script') == [], page
        hashes = set(re.findall(r"'sha256-([^']+)'", policies[0]))
        for script in tree.xpath("//script[not(@src)]"):
            if not _is_javascript(script.get("type", "")):
                continue
            digest = base64.b64encode(hashlib.sha256((script.text or "").encode()).digest()).decode()
            assert digest in hashes, f"{page}: inline script not allowed by the CSP: {(script.text or '')[:80]}"
        assert not tree.xpath("//style | //*[@style]"), f"{page}: inline styles are blocked by style-src 'self'"


def test_editor_files_and_links_stay_out_of_the_build(builds):
    for site in builds.values():
        names = [path.name for path in site.rglob("*")]
        assert not [name for name in names if name.endswith("~") or name.startswith(("#", ".#"))], names


# --- in Chromium ----------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format, *args):  # noqa: A002
        pass


TABS = 4
"""Pages of the hostile build that load at once, each in its own browser context."""
CSP_REPORTER = (
    "document.addEventListener('securitypolicyviolation',"
    " e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
)


@pytest.mark.browser
@pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")
def test_no_dialog_opens_on_any_page_of_the_hostile_build(builds, browser):
    # `browser` is the suite's one Chromium (tests/browser_support.py, a session fixture): a second
    # sync_playwright() here would fail while that one's asyncio loop runs in this thread
    site = builds["hostile"]
    prefix = site_path()
    handler = functools.partial(type("H", (_Handler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    dialogs: list[str] = []
    violations: list[str] = []
    errors: list[str] = []
    external: list[str] = []
    contexts = []
    try:

        def published(route):  # absolute links to the published site: served from the local build
            local = base + urlsplit(route.request.url).path.removeprefix(PRODUCTION.path).lstrip("/")
            route.fulfill(response=route.fetch(url=local))

        def other_hosts(request):  # Chromium's proxy refuses them (tests/browser_support.py)
            parts = urlsplit(request.url)
            if parts.hostname not in ("127.0.0.1", PRODUCTION.hostname, None):
                external.append(request.url)

        def tab():
            # a context per tab: tabs of one context wait in the background (throttled)
            context = browser.new_context(service_workers="block")
            contexts.append(context)
            context.add_init_script(CSP_REPORTER)
            context.route(f"{PRODUCTION.scheme}://{PRODUCTION.netloc}/**", published)
            context.on("request", other_hosts)
            page = context.new_page()
            page.set_default_timeout(10_000)
            page.on(
                "dialog",
                lambda dialog: (dialogs.append(f"{page.url}: {dialog.type} {dialog.message}"), dialog.dismiss()),
            )
            page.on(
                "console", lambda m: violations.append(f"{page.url}: {m.text}") if "CSP violation" in m.text else None
            )
            page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
            return page

        tabs = [tab() for _ in range(TABS)]
        pages = _pages(site)
        for start in range(0, len(pages), TABS):  # TABS pages load at once, then the pointer crosses each
            batch = list(zip(tabs, pages[start : start + TABS], strict=False))
            for page, path in batch:
                page.goto(base + path.relative_to(site).as_posix().removesuffix("index.html"), wait_until="commit")
            for page, _path in batch:
                page.wait_for_load_state("load")
                page.mouse.move(10, 10)
                page.mouse.move(600, 400)
    finally:
        for context in contexts:
            context.close()
        server.shutdown()
        server.server_close()
    assert len(pages) > 20
    assert not dialogs, "dialogs opened:\n" + "\n".join(dialogs)
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
    assert not errors, "uncaught exceptions:\n" + "\n".join(errors)
    assert not external, "requests to other hosts:\n" + "\n".join(external)


def test_root_is_the_repository():
    assert (ROOT / "mkdocs.yml").is_file()
