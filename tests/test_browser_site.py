"""The built site, proved in a real browser (Debian's Chromium through Playwright).

One build, one local server and one browser for the whole module (see browser_support.py).
Screenshots go to test-artifacts/screenshots/ for CI to upload.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from browser_support import *  # noqa: F403
from browser_support import CONTENT_DIR, SEEN_PROBLEMS, PageProbe, requires_browser, site_path

from imgsynth import languages
from imgsynth.languages import LANGUAGES

pytestmark = [pytest.mark.browser, requires_browser]


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


PREFIX = {lang: languages.prefix(lang) for lang in LANGUAGES}


def heading(page) -> str:
    """The page's h1 text without Material's permalink (¶)."""
    return page.locator("h1").first.evaluate(
        "h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('').trim()"
    )


# --- timeline -----------------------------------------------------------------------------------


def test_timeline_renders_every_entry(new_page):
    expected = sorted(p.stem for p in entry_files())
    probe: PageProbe = new_page()
    for lang, prefix in PREFIX.items():
        probe.goto(prefix)
        page = probe.page
        assert page.locator("html").get_attribute("lang").startswith(lang)
        ids = page.eval_on_selector_all("ol.ty-timeline li.ty-entry", "els => els.map(e => e.id)")
        assert len(ids) == len(expected), f"{lang}: {len(ids)} entries on the timeline, {len(expected)} files"
        assert sorted(ids) == expected
        # every entry is actually displayed (not hidden by a filter or CSS by default)
        hidden = page.eval_on_selector_all(
            "li.ty-entry", "els => els.filter(e => !e.offsetParent && e.getClientRects().length === 0).map(e => e.id)"
        )
        assert not hidden, f"{lang}: entries hidden on an unfiltered timeline: {hidden}"
        probe.screenshot(f"home-{lang}")
    probe.assert_no_script_errors()


def test_dark_mode_follows_the_system_preference(new_page):
    entry = sample_entry()
    probe: PageProbe = new_page(color_scheme="dark")
    for lang, prefix in PREFIX.items():
        probe.goto(prefix)
        assert probe.page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        probe.screenshot(f"home-{lang}-dark")
    probe.goto(f"milestones/{entry['id']}/")
    assert probe.page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    probe.screenshot("entry-zh-dark")
    probe.assert_no_script_errors()


# --- filters (reader engineer's contract) -------------------------------------------------------


def _visible_entries(page) -> list[str]:
    return sorted(
        page.eval_on_selector_all(
            "li.ty-entry", "els => els.filter(e => !e.hidden && e.getClientRects().length > 0).map(e => e.id)"
        )
    )


def test_filter_narrows_the_timeline_and_the_url_restores_it(new_page):
    """Contract of docs/assets/javascripts/timeline.js: form#ty-filters with
    select[data-filter=era|kind|tag], state in ?era=&kind=&tag=, hidden entries get `hidden`."""
    entries = [front_matter(p) for p in entry_files()]
    eras = sorted({e["era"] for e in entries}, key=lambda era: sum(e["era"] == era for e in entries))
    era = next((x for x in eras if 0 < sum(e["era"] == x for e in entries) < len(entries)), eras[0])
    by_era = sorted(e["id"] for e in entries if e["era"] == era)
    kinds = sorted({e["kind"] for e in entries if e["era"] == era})
    kind = kinds[0]
    by_era_kind = sorted(e["id"] for e in entries if e["era"] == era and e["kind"] == kind)

    probe: PageProbe = new_page()
    page = probe.page
    probe.goto("")
    form = page.locator("form#ty-filters")
    form.wait_for(state="visible")  # rendered `hidden`, shown by the script
    assert _visible_entries(page) == sorted(e["id"] for e in entries)

    page.select_option('select[data-filter="era"]', era)
    assert _visible_entries(page) == by_era, f"era={era}"
    assert len(by_era) < len(entries), "the chosen filter must narrow the timeline"
    page.select_option('select[data-filter="kind"]', kind)
    assert _visible_entries(page) == by_era_kind, f"era={era}&kind={kind}"
    query = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    assert query.get("era") == era and query.get("kind") == kind, query
    assert str(len(by_era_kind)) in page.locator("#ty-filter-count").inner_text()
    probe.screenshot("home-zh-filtered", full_page=True)

    page.reload(wait_until="load")
    form.wait_for(state="visible")
    assert page.locator('select[data-filter="era"]').input_value() == era
    assert page.locator('select[data-filter="kind"]').input_value() == kind
    assert _visible_entries(page) == by_era_kind, "reloading the URL did not restore the filter"

    page.locator("form#ty-filters button[type=reset]").click()
    page.wait_for_function("!new URLSearchParams(location.search).has('era')")
    assert _visible_entries(page) == sorted(e["id"] for e in entries)

    # a shared link in the other language
    tag = "gan" if any("gan" in e.get("tags", []) for e in entries) else entries[0]["tags"][0]
    probe.goto(f"en/?tag={tag}")
    form.wait_for(state="visible")
    assert _visible_entries(page) == sorted(e["id"] for e in entries if tag in e.get("tags", []))
    assert page.locator('select[data-filter="tag"]').input_value() == tag
    probe.screenshot("home-en-filtered")
    probe.assert_no_script_errors()


# --- entry pages --------------------------------------------------------------------------------


def test_language_switch_lands_on_the_counterpart(new_page):
    entry = sample_entry()
    eid = entry["id"]
    probe: PageProbe = new_page()
    page = probe.page
    probe.goto(f"milestones/{eid}/")
    assert heading(page) == entry["title"]["zh"]
    probe.screenshot("entry-zh")

    for target, prefix in (("en", "en/"), ("zh", "")):
        page.locator(".md-header__option .md-select").hover()
        link = page.locator(f'.md-select__link[hreflang="{target}"]')
        link.click()
        page.wait_for_url(re.compile(rf"/{re.escape(prefix)}milestones/{eid}/$"))
        path = page.evaluate("location.pathname")
        assert path == f"{site_path()}{prefix}milestones/{eid}/", path
        assert page.locator("html").get_attribute("lang").startswith(target)
        assert heading(page) == entry["title"][target]
        if target == "en":
            probe.screenshot("entry-en")
    probe.assert_no_script_errors()


def _search(probe: PageProbe, query: str) -> list[str]:
    """Type into Material's search box; return the paths of the results once they appear.

    Material ignores what is typed before its web worker has loaded the index, so the query is
    typed again (like a user would) until results show up, for at most ~12 s.
    """
    page = probe.page
    box = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item a.md-search-result__link")
    page.wait_for_load_state("networkidle")
    for _attempt in range(4):
        box.click()
        # fill() commits the text at once, as an input method does for Chinese (key-by-key typing
        # of CJK characters never reaches Material's query handler); the key release that ends
        # the composition is what Material listens to
        box.fill(query)
        box.press("End")
        try:
            results.first.wait_for(state="visible", timeout=3_000)
            break
        except Exception:  # noqa: BLE001 - playwright TimeoutError; retried, then reported below
            continue
    meta = page.locator(".md-search-result__meta").inner_text()
    assert results.count() > 0, f"no search results for {query!r} (Material says: {meta!r})"
    return page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link",
        "els => els.map(a => new URL(a.href).pathname + new URL(a.href).hash)",
    )


@pytest.mark.parametrize(("lang", "query"), [("zh", "对抗"), ("en", "adversarial")])
def test_search_finds_the_entry(new_page, lang, query):
    entry = sample_entry()
    if entry["id"] != "gan":
        pytest.skip("the search terms are chosen for the GAN entry, which is missing")
    title = entry["title"][lang]
    assert query.lower() in title.lower() and not title.lower().startswith(query.lower())
    probe: PageProbe = new_page()
    probe.goto(PREFIX[lang])
    results = _search(probe, query)
    wanted = f"{site_path()}{PREFIX[lang]}milestones/{entry['id']}/"
    assert any(r.split("#")[0] == wanted for r in results), f"{query!r}: {wanted} not among {results}"
    if lang == "zh":
        probe.screenshot("search-zh")
    probe.assert_no_script_errors()


def test_bibtex_copy_button_puts_the_record_on_the_clipboard(new_page):
    entry = sample_entry()
    probe: PageProbe = new_page(permissions=["clipboard-read", "clipboard-write"])
    page = probe.page
    for lang, prefix in PREFIX.items():
        probe.goto(f"{prefix}milestones/{entry['id']}/")
        blocks = page.locator("pre:has(> code)").filter(has_text=re.compile(r"@\w+\s*\{"))
        assert blocks.count() > 0, "no BibTeX block (pre > code with an @type{...} record) on the entry page"
        block = blocks.first
        # the record may sit in a closed <details> (the paper card's "BibTeX" disclosure): open it
        summary = page.locator("details:not([open]):has(pre > code) > summary").filter(
            has=page.locator("xpath=..").filter(has=block)
        )
        if summary.count():
            summary.first.click()
        block.wait_for(state="visible")
        record = block.locator("> code").inner_text()
        block.hover()
        # Material 9.8: pre > nav.md-code__nav > button.md-code__button[data-md-type=copy] (older: .md-clipboard)
        button = block.locator('button.md-code__button[data-md-type="copy"], button.md-clipboard')
        assert button.count() == 1, "Material's copy button (content.code.copy) is missing on the BibTeX block"
        page.evaluate("navigator.clipboard.writeText('')")
        button.click()
        page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0", timeout=5_000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.strip() == record.strip(), f"{lang}: clipboard holds {copied!r}"
        assert re.match(r"@\w+\s*\{", copied.strip()), copied
        if entry.get("arxiv"):
            assert entry["arxiv"] in copied, f"{lang}: the arXiv id is not in the copied record"
    probe.assert_no_script_errors()


# --- last: nothing went wrong on any tested page --------------------------------------------------

TESTED_PAGES = ["", "en/", "milestones/{id}/", "en/milestones/{id}/", "about/", "en/about/"]


def test_no_console_errors_on_the_tested_pages(new_page):
    """Visits the tested pages again (so this holds under ``-k``) and fails on anything recorded:
    console errors (incl. failed loads), uncaught exceptions, external requests, HTTP errors,
    here or in any browser test that ran before it."""
    entry = sample_entry()
    for scheme in ("light", "dark"):
        probe: PageProbe = new_page(color_scheme=scheme)
        for url in TESTED_PAGES:
            probe.goto(url.format(id=entry["id"]))
            probe.page.wait_for_load_state("networkidle")
        probe.assert_clean()
    problems = sorted(set(SEEN_PROBLEMS))
    assert not problems, f"{len(problems)} problems on the tested pages:\n" + "\n".join(problems)
