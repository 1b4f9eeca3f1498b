"""The built site, proved in a real browser (Debian's Chromium through Playwright).

One build, one local server and one browser for the whole module (see browser_support.py).
Screenshots go to test-artifacts/screenshots/ for CI to upload.
"""

from __future__ import annotations

import gzip
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser_support import CONTENT_DIR, PRODUCTION, SCREENSHOTS, SEEN_PROBLEMS, PageProbe, requires_browser, site_path

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


# --- two languages without seams (issue 12) ------------------------------------------------------

HALF_OF_THE_OLD_INDEX = 79 * 1024 // 2
"""Bytes (gzipped): the one shared index was 79 KB gzipped when issue 12 was filed."""


@pytest.mark.parametrize(("lang", "query"), [("en", "diffusion"), ("en", "Goodfellow"), ("zh", "扩散"), ("zh", "对抗")])
def test_search_returns_only_pages_of_the_page_language(new_page, lang, query):
    probe: PageProbe = new_page()
    indexes = []
    probe.page.on("response", lambda r: indexes.append(r) if r.url.endswith("search_index.json") else None)
    probe.goto(PREFIX[lang])
    results = _search(probe, query)
    mine = f"{site_path()}{PREFIX[lang]}"
    assert results and all(r.startswith(mine) for r in results), f"{query!r} on /{PREFIX[lang]}: {results}"
    if lang == "zh":
        assert not [r for r in results if r.startswith(f"{site_path()}en/")], results
    # one index, the page language's, at most half of the old shared one
    assert [urlsplit(r.url).path for r in indexes] == [f"{mine}search/search_index.json"]
    size = len(gzip.compress(indexes[0].body(), compresslevel=6))
    assert size <= HALF_OF_THE_OLD_INDEX, f"{size} bytes gzipped"
    if query in ("diffusion", "扩散"):
        probe.screenshot(f"search-{lang}-{'diffusion'}")
    probe.assert_no_script_errors()


def _entries_by(field: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for path in entry_files():
        data = front_matter(path)
        for value in data.get(field) if field == "tags" else [data[field]]:
            result.setdefault(value, []).append(data["id"])
    return result


def test_filters_prune_links_count_options_keep_the_query_and_offer_a_skip_link(new_page):
    by_era = _entries_by("era")
    era = next(e for e, ids in sorted(by_era.items(), key=lambda x: len(x[1])) if 0 < len(ids) < len(entry_files()))
    probe: PageProbe = new_page()
    page = probe.page
    probe.goto(f"?era={era}")
    page.locator("form#ty-filters").wait_for(state="visible")
    # the jump links and the table of contents offer only the sections still shown
    jump = page.eval_on_selector_all(
        ".ty-jump a[href^='#era-']", "els => els.filter(a => !a.closest('[hidden]')).map(a => a.hash)"
    )
    assert jump == [f"#era-{era}"], jump
    toc = page.eval_on_selector_all(
        ".md-nav--secondary a[href^='#era-']", "els => els.filter(a => !a.closest('[hidden]')).map(a => a.hash)"
    )
    assert toc == [f"#era-{era}"], toc
    years = page.eval_on_selector_all(
        ".ty-jump a[href^='#y']", "els => els.filter(a => !a.closest('[hidden]')).map(a => a.hash)"
    )
    assert years and all(page.locator(f"[id='{h[1:]}']").is_visible() for h in years)
    # each option shows how many entries it would leave, given the other filters
    by_kind = _entries_by("kind")
    for value, label in page.eval_on_selector_all(
        'select[data-filter="kind"] option[value]:not([value=""])', "els => els.map(o => [o.value, o.textContent])"
    ):
        n = len(set(by_kind[value]) & set(by_era[era]))
        assert label.endswith(f"({n})"), (value, label)
    # a skip link leads to the filters
    skip = page.locator("a.ty-skip-filters")
    assert skip.count() == 1 and skip.get_attribute("href") == "#ty-filters"
    skip.focus()
    skip.press("Enter")
    assert page.evaluate("document.activeElement.matches('#ty-filters select')")
    probe.screenshot("home-zh-filtered-era")
    # the language switch keeps the filter
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(re.compile(r"/en/\?era="))
    page.locator("form#ty-filters").wait_for(state="visible")
    assert page.evaluate("new URLSearchParams(location.search).get('era')") == era
    assert page.locator('select[data-filter="era"]').input_value() == era
    assert _visible_entries(page) == sorted(by_era[era])
    probe.assert_no_script_errors()


def test_no_stale_hash_is_written_while_scrolling_a_filtered_timeline(new_page):
    by_era = _entries_by("era")
    era = max(by_era, key=lambda e: len(by_era[e]) if len(by_era[e]) < len(entry_files()) else 0)
    probe: PageProbe = new_page(viewport={"width": 1280, "height": 700})
    page = probe.page
    probe.goto(f"en/?era={era}")
    page.locator("form#ty-filters").wait_for(state="visible")
    height = page.evaluate("document.body.scrollHeight")
    for _y in range(0, height, 500):
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(120)
    page.wait_for_timeout(600)
    url = page.evaluate("({hash: location.hash, search: location.search})")
    assert url["search"] == f"?era={era}"
    if url["hash"]:
        target = page.locator(f"[id='{url['hash'][1:]}']")
        assert target.count() == 1 and target.is_visible(), f"stale #hash {url['hash']}"
    probe.assert_no_script_errors()


def test_print_shows_absolute_link_urls_the_site_address_and_the_date(new_page):
    probe: PageProbe = new_page()
    page = probe.page
    probe.goto("en/milestones/gan/")
    page.emulate_media(media="print")
    links = page.eval_on_selector_all(
        ".md-content a[data-ty-print]",
        "els => els.map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])",
    )
    relative = [(href, after) for href, after in links if href.startswith("../")]
    assert relative, "the entry page has relative links"
    for href, after in relative:
        assert after.startswith('" <http://127.0.0.1') and "../" not in after, (href, after)
    meta = page.locator(".ty-print-meta")
    assert meta.is_visible()
    text = meta.inner_text()
    assert f"{PRODUCTION.geturl().rstrip('/')}/en/milestones/gan/" in text and str(date.today().year) in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SCREENSHOTS / "print-entry-en.pdf"))
    page.emulate_media(media="screen")
    assert not meta.is_visible()
    probe.assert_no_script_errors()


def test_phone_headings_do_not_break_inside_dates_and_the_header_is_whole(new_page):
    for lang in LANGUAGES:
        probe: PageProbe = new_page(viewport={"width": 390, "height": 844}, locale="en-US" if lang == "en" else "zh-CN")
        page = probe.page
        probe.goto(PREFIX[lang])
        broken = page.eval_on_selector_all(
            "h1 .ty-nowrap, h2 .ty-nowrap, h3 .ty-nowrap",
            "els => els.filter(s => s.getClientRects().length > 1).map(s => s.textContent)",
        )
        assert not broken, f"{lang}: dates broken across lines: {broken}"
        assert page.locator("h1 .ty-nowrap").count() == 1
        title = page.locator(".md-header__topic:first-child .md-ellipsis")
        # a hidden word or line would overflow by a whole word or line; glyphs may stick out a few pixels
        whole = title.evaluate("e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 4")
        assert whole, f"{lang}: the header title is cut: {title.inner_text()!r}"
        probe.screenshot(f"phone-home-{lang}")
        probe.assert_no_script_errors()


def test_404_page_switches_to_the_reader_language(new_page):
    probe: PageProbe = new_page()
    page = probe.page
    for path, lang in (("en/no-such-page/", "en"), ("milestones/no-such-entry/", "zh")):
        response = page.goto(path, wait_until="load")
        assert response is not None and response.status == 404
        shown = page.eval_on_selector_all(
            "[data-ty-404-lang]", "els => els.filter(e => !e.hidden).map(e => e.getAttribute('data-ty-404-lang'))"
        )
        assert shown == [lang] and page.locator("html").get_attribute("lang") == lang
        home = page.locator(f"[data-ty-404-lang='{lang}'] a.md-button--primary")
        assert home.get_attribute("href") == f"{site_path()}{PREFIX[lang]}"
        probe.screenshot(f"404-{lang}")
    # the missing pages themselves answered 404, as expected: not a problem of the site
    probe.bad_responses[:] = [r for r in probe.bad_responses if "no-such" not in r]
    probe.console_errors[:] = [m for m in probe.console_errors if "no-such" not in m and "404" not in m]
    probe.assert_no_script_errors()


def test_data_page_table_sorts_by_column(new_page):
    probe: PageProbe = new_page()
    page = probe.page
    probe.goto("en/data/")
    table = page.locator(".ty-data-table table")
    titles = lambda: table.locator("tbody tr td:nth-child(2)").all_inner_texts()  # noqa: E731
    original = titles()
    table.locator("th:nth-child(2) button").click()
    ascending = titles()
    assert ascending == sorted(original, key=lambda s: s.lower()) or ascending != original
    assert table.locator("th:nth-child(2)").get_attribute("aria-sort") == "ascending"
    table.locator("th:nth-child(2) button").click()
    assert titles() == list(reversed(ascending))
    assert table.locator("th:nth-child(2)").get_attribute("aria-sort") == "descending"
    table.locator("th:nth-child(1) button").click()
    assert titles() == original, "date order is the timeline's order"
    probe.screenshot("data-en-sorted")
    probe.assert_no_script_errors()


# --- figures, timeline order, overview, prev/next (issue 11) --------------------------------------


def _load_every_image(page) -> None:
    """Scroll through the page so that lazy images load, then wait for them."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight * 0.8) {
                window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 30));
            }
            window.scrollTo(0, 0);
        }"""
    )
    page.wait_for_load_state("networkidle")
    # decode() waits for an image to load; one that never starts would hang the test: cap the wait
    page.evaluate(
        "() => Promise.race([Promise.all([...document.images].map(i => i.decode().catch(() => null))),"
        " new Promise(r => setTimeout(r, 5000))])"
    )


FIGURE_PAGES = ["", "milestones/dcgan/", "milestones/gan/", "credits/"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_image_loads(new_page, lang):
    probe: PageProbe = new_page(viewport={"width": 390, "height": 844})
    for path in FIGURE_PAGES:
        probe.goto(PREFIX[lang] + path)
        _load_every_image(probe.page)
        images = probe.page.eval_on_selector_all(
            "article img", "els => els.map(i => [i.currentSrc || i.src, i.complete, i.naturalWidth])"
        )
        assert images, f"no image on /{PREFIX[lang]}{path}"
        broken = [src for src, complete, width in images if not complete or width == 0]
        assert not broken, f"images that did not load on /{PREFIX[lang]}{path}: {broken}"
    probe.assert_no_script_errors()


def test_animation_plays_after_load_pauses_on_request_and_stays_still_under_reduced_motion(new_page):
    probe: PageProbe = new_page()
    page = probe.page
    page.emulate_media(reduced_motion="reduce")
    probe.goto("milestones/gan/")
    _load_every_image(page)
    image = page.locator("article figure img[data-ty-animation]").first
    assert image.evaluate("i => i.currentSrc").endswith("-still.webp")
    page.emulate_media(reduced_motion="no-preference")
    probe.goto("milestones/gan/")
    page.wait_for_function(
        "() => { const i = document.querySelector('img[data-ty-animation]');"
        " return i.complete && i.currentSrc && !i.currentSrc.endsWith('-still.webp'); }"
    )
    button = page.locator("article figure .ty-figure__play").first
    assert button.is_visible() and button.get_attribute("aria-pressed") == "true"
    button.click()
    page.wait_for_function("() => document.querySelector('img[data-ty-animation]').currentSrc.endsWith('-still.webp')")
    assert button.get_attribute("aria-pressed") == "false"
    probe.assert_no_script_errors()


@pytest.mark.parametrize("width", [390, 1366])
def test_home_page_layout_does_not_shift(new_page, width):
    probe: PageProbe = new_page(viewport={"width": width, "height": 844})
    for lang in LANGUAGES:
        probe.page.add_init_script(
            """window.__cls = 0;
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
            }).observe({type: "layout-shift", buffered: true});"""
        )
        probe.goto(PREFIX[lang])
        _load_every_image(probe.page)
        probe.page.wait_for_timeout(300)
        cls = probe.page.evaluate("() => window.__cls")
        assert cls <= 0.05, f"/{PREFIX[lang]} at {width} px: cumulative layout shift {cls:.3f} > 0.05"
    probe.assert_no_script_errors()


def test_home_pages_are_in_date_order(new_page):
    probe: PageProbe = new_page()
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang])
        stamps = probe.page.eval_on_selector_all(
            "ol.ty-timeline time[datetime]", "els => els.map(e => e.getAttribute('datetime'))"
        )
        assert len(stamps) == len(entry_files())
        padded = [(stamp + "-00-00")[:10] for stamp in stamps]  # 2018 < 2018-07 < 2018-07-01
        out_of_order = [
            (a, b) for a, b in zip(stamps, stamps[1:], strict=False) if (a + "-00-00")[:10] > (b + "-00-00")[:10]
        ]
        assert padded == sorted(padded), f"/{PREFIX[lang]}: dates out of order: {out_of_order}"
    probe.assert_no_script_errors()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_overview_marks_are_named_readable_and_large_enough_on_a_phone(new_page, lang):
    probe: PageProbe = new_page(viewport={"width": 390, "height": 844})
    probe.goto(PREFIX[lang])
    page = probe.page
    marks = page.locator("a.ty-overview__mark")
    assert marks.count() == len(entry_files())
    names = marks.evaluate_all("els => els.map(a => a.getAttribute('aria-label') || '')")
    assert all(name.strip() for name in names), "an overview mark without an accessible name"
    # the accessible name as the browser computes it (Chromium's accessibility tree)
    snapshot = page.locator("svg.ty-overview__svg").aria_snapshot()
    assert snapshot.count('link "') == len(names), snapshot[:2000]
    sizes = marks.evaluate_all(
        "els => els.map(a => { const r = a.querySelector('.ty-overview__hit').getBoundingClientRect();"
        " return [r.width, r.height]; })"
    )
    assert min(h for _w, h in sizes) >= 24 and min(w for w, _h in sizes) >= 24, sizes[:5]
    fonts = page.eval_on_selector_all(
        "svg.ty-overview__svg text",
        "els => els.map(t => t.getBoundingClientRect().height / t.getBBox().height * parseFloat(t.getAttribute('font-size')))",
    )
    assert min(fonts) >= 12, f"overview text renders at {min(fonts):.1f} px at 390 px wide"
    # the figure scrolls sideways rather than shrinking
    assert page.locator(".ty-overview__scroll").evaluate("e => e.scrollWidth > e.clientWidth")
    probe.screenshot(f"overview-{lang}-390")
    probe.assert_no_script_errors()


def test_one_tab_and_the_skip_link_get_past_the_overview(new_page):
    probe: PageProbe = new_page()
    probe.goto("")
    page = probe.page
    # focus the last focusable element before the overview, then Tab once: the skip link
    page.evaluate(
        """() => {
            const block = document.querySelector('.ty-overview-block');
            const all = [...document.querySelectorAll('a[href], button, input, select, [tabindex]')]
                .filter(e => e.tabIndex >= 0 && !e.closest('[hidden]') && e.getClientRects().length);
            const before = all.filter(e => block.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING);
            before[before.length - 1].focus();
        }"""
    )
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('ty-skip-overview')")
    assert page.locator(".ty-skip-overview").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(
        """() => {
            const svg = document.querySelector('svg.ty-overview__svg');
            const el = document.activeElement;
            return !svg.contains(el) && (svg.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
        }"""
    ), "after the skip link, Tab must reach what follows the overview"
    probe.assert_no_script_errors()


@pytest.mark.parametrize("width", [390, 1366])
def test_prev_next_is_a_navigation_block_with_large_targets(new_page, width):
    probe: PageProbe = new_page(viewport={"width": width, "height": 844})
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang] + "milestones/dcgan/")
        page = probe.page
        links = page.locator("nav.ty-pager a")
        assert links.count() == 3
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            assert box["height"] >= 24, (lang, width, links.nth(index).inner_text(), box)
        # direction, title and date each on their own line; the direction never breaks (下一条)
        for direction in page.locator(".ty-pager__dir").all():
            rects = direction.evaluate("e => e.getClientRects().length")
            height = direction.evaluate("e => e.getBoundingClientRect().height")
            line = direction.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20")
            assert rects == 1 and height <= line * 1.3, (lang, width, direction.inner_text())
        for link in page.locator("a.ty-pager__link").all():
            parts = link.evaluate(
                "a => [...a.children].map(c => c.getBoundingClientRect()).map(r => [r.top, r.bottom])"
            )
            assert all(b[0] >= a[1] - 1 for a, b in zip(parts, parts[1:], strict=False)), "pager parts overlap"
        probe.screenshot(f"pager-{PREFIX[lang].strip('/') or 'zh'}-{width}")
    probe.assert_no_script_errors()


def test_corrections_are_body_size_and_the_card_is_not_an_admonition(new_page):
    probe: PageProbe = new_page()
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang] + "milestones/gan/")
        page = probe.page
        body = page.locator("article > p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
        sizes = page.locator(".admonition.correction p:not(.admonition-title)").evaluate_all(
            "ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))"
        )
        assert sizes and min(sizes) >= body, (lang, body, sizes)
        card = page.locator("section.ty-card")
        assert card.count() == 1 and not card.evaluate("c => !!c.closest('.admonition, details.correction')")
        for summary in card.locator("summary").all():  # plain disclosures: no admonition icon
            assert summary.evaluate("s => getComputedStyle(s, '::before').display") == "none"
    probe.assert_no_script_errors()


# --- last: nothing went wrong on any tested page --------------------------------------------------

TESTED_PAGES = ["", "en/", "milestones/{id}/", "en/milestones/{id}/", "about/", "en/about/", "data/", "en/data/"]


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
