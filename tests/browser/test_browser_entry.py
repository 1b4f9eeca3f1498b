"""Entry pages and the other pages in a browser: the language switch, BibTeX copy, print, 404,
the data table, prev/next and corrections.

In Debian's Chromium through Playwright; one server and one Chromium per test process, a browser
context per test (tests/browser_support.py). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from browser_support import (
    PREFIX,
    PRODUCTION,
    SCREENSHOTS,
    PageProbe,
    heading,
    requires_browser,
    sample_entry,
    site_path,
)

from imgsynth.languages import LANGUAGES

pytestmark = [pytest.mark.browser, requires_browser]


def test_language_switch_lands_on_the_counterpart(new_page):
    entry = sample_entry()
    eid = entry["id"]
    probe: PageProbe = new_page(warm=True)
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


def test_print_shows_absolute_link_urls_the_site_address_and_the_date(new_page):
    probe: PageProbe = new_page(warm=True)
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


def test_404_page_switches_to_the_reader_language(new_page):
    probe: PageProbe = new_page(warm=True)
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
    probe: PageProbe = new_page(warm=True)
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


@pytest.mark.parametrize("width", [390, 1366])
def test_prev_next_is_a_navigation_block_with_large_targets(new_page, width):
    probe: PageProbe = new_page(warm=True, viewport={"width": width, "height": 844})
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
    probe: PageProbe = new_page(warm=True)
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
