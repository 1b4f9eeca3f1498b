"""The home page's timeline in a browser: entries, date order, filters and their URL, the overview,
layout stability, phone headings and the dark scheme.

In Debian's Chromium through Playwright; one server and one Chromium per test process, a browser
context per test (tests/browser_support.py). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from browser_support import (
    PREFIX,
    PageProbe,
    entries_by,
    entry_files,
    front_matter,
    load_every_image,
    requires_browser,
    sample_entry,
    visible_entries,
)

from imgsynth.languages import LANGUAGES

pytestmark = [pytest.mark.browser, requires_browser]


def test_timeline_renders_every_entry(new_page):
    expected = sorted(p.stem for p in entry_files())
    probe: PageProbe = new_page(warm=True)
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
    probe: PageProbe = new_page(color_scheme="dark")  # a context of its own: Material keeps the palette in localStorage
    for lang, prefix in PREFIX.items():
        probe.goto(prefix)
        assert probe.page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        probe.screenshot(f"home-{lang}-dark")
    probe.goto(f"milestones/{entry['id']}/")
    assert probe.page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    probe.screenshot("entry-zh-dark")
    probe.assert_no_script_errors()


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

    probe: PageProbe = new_page(warm=True)
    page = probe.page
    probe.goto("")
    form = page.locator("form#ty-filters")
    form.wait_for(state="visible")  # rendered `hidden`, shown by the script
    assert visible_entries(page) == sorted(e["id"] for e in entries)

    page.select_option('select[data-filter="era"]', era)
    assert visible_entries(page) == by_era, f"era={era}"
    assert len(by_era) < len(entries), "the chosen filter must narrow the timeline"
    page.select_option('select[data-filter="kind"]', kind)
    assert visible_entries(page) == by_era_kind, f"era={era}&kind={kind}"
    query = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    assert query.get("era") == era and query.get("kind") == kind, query
    assert str(len(by_era_kind)) in page.locator("#ty-filter-count").inner_text()
    probe.screenshot("home-zh-filtered", full_page=True)

    page.reload(wait_until="load")
    form.wait_for(state="visible")
    assert page.locator('select[data-filter="era"]').input_value() == era
    assert page.locator('select[data-filter="kind"]').input_value() == kind
    assert visible_entries(page) == by_era_kind, "reloading the URL did not restore the filter"

    page.locator("form#ty-filters button[type=reset]").click()
    page.wait_for_function("!new URLSearchParams(location.search).has('era')")
    assert visible_entries(page) == sorted(e["id"] for e in entries)

    # a shared link in the other language
    tag = "gan" if any("gan" in e.get("tags", []) for e in entries) else entries[0]["tags"][0]
    probe.goto(f"en/?tag={tag}")
    form.wait_for(state="visible")
    assert visible_entries(page) == sorted(e["id"] for e in entries if tag in e.get("tags", []))
    assert page.locator('select[data-filter="tag"]').input_value() == tag
    probe.screenshot("home-en-filtered")
    probe.assert_no_script_errors()


def test_filters_prune_links_count_options_keep_the_query_and_offer_a_skip_link(new_page):
    by_era = entries_by("era")
    era = next(e for e, ids in sorted(by_era.items(), key=lambda x: len(x[1])) if 0 < len(ids) < len(entry_files()))
    probe: PageProbe = new_page(warm=True)
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
    by_kind = entries_by("kind")
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
    assert visible_entries(page) == sorted(by_era[era])
    probe.assert_no_script_errors()


def test_no_stale_hash_is_written_while_scrolling_a_filtered_timeline(new_page):
    by_era = entries_by("era")
    era = max(by_era, key=lambda e: len(by_era[e]) if len(by_era[e]) < len(entry_files()) else 0)
    probe: PageProbe = new_page(warm=True, viewport={"width": 1280, "height": 700})
    page = probe.page
    probe.goto(f"en/?era={era}")
    page.locator("form#ty-filters").wait_for(state="visible")
    # Material's navigation.tracking would write the heading in view into the URL (250 ms after
    # scrolling stops), stale where its section is hidden: it stays off
    features = page.evaluate("JSON.parse(document.getElementById('__config').textContent).features")
    assert "navigation.tracking" not in features, features
    height = page.evaluate("document.body.scrollHeight")
    for y in range(500, height, 500):
        page.mouse.wheel(0, 500)
        # the wheel's scroll has landed (or the page ends) and a frame has been drawn there
        page.wait_for_function(
            "y => window.scrollY >= Math.min(y, document.documentElement.scrollHeight - window.innerHeight) - 1",
            arg=y,
        )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    url = page.evaluate("({hash: location.hash, search: location.search})")
    assert url["search"] == f"?era={era}"
    if url["hash"]:
        target = page.locator(f"[id='{url['hash'][1:]}']")
        assert target.count() == 1 and target.is_visible(), f"stale #hash {url['hash']}"
    probe.assert_no_script_errors()


def test_home_pages_are_in_date_order(new_page):
    probe: PageProbe = new_page(warm=True)
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


def test_phone_headings_do_not_break_inside_dates_and_the_header_is_whole(new_page):
    for lang in LANGUAGES:
        probe: PageProbe = new_page(
            warm=True, viewport={"width": 390, "height": 844}, locale="en-US" if lang == "en" else "zh-CN"
        )
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


@pytest.mark.parametrize("width", [390, 1366])
def test_home_page_layout_does_not_shift(new_page, width):
    probe: PageProbe = new_page(viewport={"width": width, "height": 844})
    probe.page.add_init_script(  # once: it runs on every page load (twice would count each shift twice)
        """window.__cls = 0; window.__shifts = [];
        new PerformanceObserver(list => {
            for (const entry of list.getEntries()) {
                if (entry.hadRecentInput) continue;
                window.__cls += entry.value;
                window.__shifts.push(`${entry.value.toFixed(3)} at ${Math.round(entry.startTime)} ms: ` + entry.sources
                    .map(s => `${s.node ? s.node.nodeName + "." + s.node.className : "?"} y ${s.previousRect.y}` +
                              `->${s.currentRect.y} h ${s.previousRect.height}->${s.currentRect.height}`).join("; "));
            }
        }).observe({type: "layout-shift", buffered: true});"""
    )
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang])
        # the load's own shifts count from the start; the entries skipped at load are rendered by
        # timeline.js in idle time, and a reader scrolling while that happens is
        # test_browser_home_render.py's scrolling test: here the scroll-through loads the lazy
        # images once every entry has its real height (under CPU load, jumping a screen every two
        # frames outran the idle rendering and counted its height changes as the images')
        probe.page.wait_for_function(
            "() => !document.querySelector('li.ty-entry:not(.ty-entry--rendered)')", timeout=15_000
        )
        load_every_image(probe.page)
        # shifts are reported after the frame that made them: two frames, then the observer's task
        cls = probe.page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))"
            ".then(() => window.__cls)"
        )
        shifts = "\n".join(probe.page.evaluate("window.__shifts"))
        assert cls <= 0.05, f"/{PREFIX[lang]} at {width} px: cumulative layout shift {cls:.3f} > 0.05:\n{shifts}"
    probe.assert_no_script_errors()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_overview_marks_are_named_readable_and_large_enough_on_a_phone(new_page, lang):
    probe: PageProbe = new_page(warm=True, viewport={"width": 390, "height": 844})
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
    # rendered on screen at load, the overview keeps the placeholder height of pages.css: no shift
    placeholder = page.locator(".ty-overview__scroll").evaluate("e => getComputedStyle(e).containIntrinsicHeight")
    height = page.locator("svg.ty-overview__svg").evaluate("e => e.getBoundingClientRect().height")
    assert placeholder == f"auto {height:g}px", f"pages.css holds {placeholder} for an overview {height} px tall"
    probe.screenshot(f"overview-{lang}-390")
    probe.assert_no_script_errors()


def test_one_tab_and_the_skip_link_get_past_the_overview(new_page):
    probe: PageProbe = new_page(warm=True)
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
