"""The home page renders only the entries near the screen (timeline.css: content-visibility: auto
on each entry, with a placeholder height): what a reader does must work as on a page rendered
whole. Jump links and links to an entry land on their target and stay there, find in page
reaches an entry far down, scrolling moves nothing on screen, and the placeholder heights are
near the entries' real heights (so the scroll bar and jumps are about right before an entry is
shown).

In Debian's Chromium through Playwright (tests/browser_support.py).
"""

from __future__ import annotations

import statistics

import pytest
from browser_support import PREFIX, PageProbe, requires_browser

from imgsynth.languages import LANGUAGES

pytestmark = [pytest.mark.browser, requires_browser]

FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))"


def settle(page, ms: int = 400) -> None:
    page.evaluate(FRAMES)
    page.wait_for_timeout(ms)
    page.evaluate(FRAMES)


def top_of(page, selector: str) -> float:
    return page.locator(selector).evaluate("e => e.getBoundingClientRect().top")


def header_height(page) -> float:
    return page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")


@pytest.mark.parametrize("width", [390, 1366])
def test_jump_links_and_entry_links_land_on_their_target_and_stay(new_page, width):
    probe: PageProbe = new_page(viewport={"width": width, "height": 844})
    page = probe.page
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang])
        settle(page)
        header = header_height(page)
        # the last era: almost every entry lies between it and the top, none of them shown yet
        link = page.locator(".ty-jump a[href^='#era-']").last
        target = link.get_attribute("href")
        link.click()
        settle(page, 800)
        first = top_of(page, target)
        assert header - 2 <= first <= header + 80, f"/{PREFIX[lang]} {target}: heading at {first} px (header {header})"
        settle(page, 600)
        assert abs(top_of(page, target) - first) <= 2, f"/{PREFIX[lang]} {target} moved after landing"

        # a link to an entry two thirds down, from elsewhere (a new load with the fragment; the
        # last entries cannot reach the top of the screen: the page ends)
        entries = page.locator("li.ty-entry")
        entry = entries.nth(entries.count() * 2 // 3).get_attribute("id")
        page.goto("about:blank")
        probe.goto(f"{PREFIX[lang]}#{entry}")
        settle(page, 800)
        top = top_of(page, f"[id='{entry}']")
        assert header - 2 <= top <= header + 80, f"/{PREFIX[lang]}#{entry}: entry at {top} px (header {header})"
        settle(page, 600)
        assert abs(top_of(page, f"[id='{entry}']") - top) <= 2, f"/{PREFIX[lang]}#{entry} moved after landing"
    probe.assert_no_script_errors()


def test_find_in_page_reaches_an_entry_far_down(new_page):
    probe: PageProbe = new_page(viewport={"width": 1366, "height": 844})
    page = probe.page
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang])
        settle(page)
        title = page.locator("li.ty-entry .ty-entry__title").last.text_content().strip()
        # window.find is the browser's find in page (Ctrl+F): it matches text not yet rendered
        found = page.evaluate("t => window.find(t, false, false, true)", title)
        assert found, f"/{PREFIX[lang]}: find in page did not find {title!r}"
        settle(page)
        top = page.evaluate("() => window.getSelection().getRangeAt(0).getBoundingClientRect().top")
        assert 0 <= top <= 844, f"/{PREFIX[lang]}: the match {title!r} is at {top} px, off screen"
    probe.assert_no_script_errors()


@pytest.mark.parametrize("width", [390, 1366])
def test_scrolling_through_the_timeline_moves_nothing_on_screen(new_page, width):
    probe: PageProbe = new_page(viewport={"width": width, "height": 844})
    page = probe.page
    page.add_init_script(
        """window.__cls = 0;
        new PerformanceObserver(list => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
        }).observe({type: "layout-shift", buffered: true});"""
    )
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang])
        settle(page)
        before = page.evaluate("() => window.__cls")
        for _ in range(200):
            page.mouse.wheel(0, 600)
            page.wait_for_timeout(40)
            if page.evaluate("() => innerHeight + scrollY >= document.body.scrollHeight - 2"):
                break
        else:
            pytest.fail(f"/{PREFIX[lang]}: the end of the page was not reached")
        for _ in range(200):  # and back up: entries above a jump get their real height now
            page.mouse.wheel(0, -900)
            page.wait_for_timeout(40)
            if page.evaluate("() => scrollY <= 0"):
                break
        settle(page)
        shift = page.evaluate("() => window.__cls") - before
        assert shift <= 0.05, f"/{PREFIX[lang]} at {width} px: layout shift {shift:.3f} while scrolling"
    probe.assert_no_script_errors()


@pytest.mark.parametrize("width", [390, 768, 1366])
def test_placeholder_heights_are_near_the_entries_real_heights(new_page, width):
    probe: PageProbe = new_page(viewport={"width": width, "height": 844})
    page = probe.page
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang])
        settle(page)
        placeholder = page.locator("li.ty-entry").last.evaluate(
            "e => parseFloat(getComputedStyle(e).containIntrinsicHeight.split(' ').pop())"
        )
        assert placeholder > 0, f"/{PREFIX[lang]}: no placeholder height on the entries"
        heights = page.evaluate(
            """() => {
                const items = [...document.querySelectorAll('li.ty-entry')];
                items.forEach(e => e.style.contentVisibility = 'visible');
                return items.map(e => e.getBoundingClientRect().height);
            }"""
        )
        median = statistics.median(heights)
        assert 0.67 <= placeholder / median <= 1.5, (
            f"/{PREFIX[lang]} at {width} px: placeholder {placeholder:.0f} px, median entry {median:.0f} px; "
            "update contain-intrinsic-size in docs/assets/stylesheets/timeline.css"
        )
    probe.assert_no_script_errors()


def test_every_entry_is_in_the_accessibility_tree_soon_after_the_load(new_page):
    """Chromium leaves what content-visibility skips out of its accessibility tree: a screen reader
    would not find the entries off screen. timeline.js renders them all once the page has loaded."""
    probe: PageProbe = new_page(viewport={"width": 390, "height": 844})
    page = probe.page
    cdp = probe.context.new_cdp_session(page)
    cdp.send("Accessibility.enable")
    for lang in LANGUAGES:
        probe.goto(PREFIX[lang])
        titles = [t.strip() for t in page.locator("li.ty-entry .ty-entry__title").all_text_contents()]
        names: list[str] = []
        for _ in range(40):  # up to 8 s on a loaded machine; about 1 s on a quiet one
            nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
            names = [
                n.get("name", {}).get("value", "").strip()
                for n in nodes
                if n.get("role", {}).get("value") == "heading"
                and not n.get("ignored")
                and any(p["name"] == "level" and p["value"]["value"] == 4 for p in n.get("properties", []))
            ]
            if len(names) >= len(titles):
                break
            page.wait_for_timeout(200)
        missing = [t for t in titles if t not in names]
        assert not missing, f"/{PREFIX[lang]}: {len(missing)} entry headings not in the accessibility tree: {missing[:3]}"
    probe.assert_no_script_errors()
