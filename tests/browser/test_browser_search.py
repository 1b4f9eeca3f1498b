"""Material's search in a browser: each language finds its entries in its own, smaller index.

In Debian's Chromium through Playwright; one server and one Chromium per test process, a browser
context per test (tests/browser_support.py). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest
from browser_support import PREFIX, PageProbe, requires_browser, sample_entry, site_path

pytestmark = [pytest.mark.browser, requires_browser]


def _search(probe: PageProbe, query: str) -> list[str]:
    """Type into Material's search box; return the paths of the results once they appear.

    Material ignores what is typed before its web worker has loaded the index: wait until it says
    so (its results line turns from "initializing" to the page language's "type to start
    searching"); should the results still not show, the query is typed again, as a user would.
    """
    page = probe.page
    box = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item a.md-search-result__link")
    page.wait_for_function(
        "() => { const config = JSON.parse(document.getElementById('__config').textContent);"
        " const meta = document.querySelector('.md-search-result__meta');"
        " return meta && meta.textContent.trim() === config.translations['search.result.placeholder']; }"
    )
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
    probe: PageProbe = new_page(warm=True)
    probe.goto(PREFIX[lang])
    results = _search(probe, query)
    wanted = f"{site_path()}{PREFIX[lang]}milestones/{entry['id']}/"
    assert any(r.split("#")[0] == wanted for r in results), f"{query!r}: {wanted} not among {results}"
    if lang == "zh":
        probe.screenshot("search-zh")
    probe.assert_no_script_errors()


HALF_OF_THE_OLD_INDEX = 79 * 1024 // 2
"""Bytes (gzipped): the one shared index was 79 KB gzipped when issue 12 was filed."""


@pytest.mark.parametrize(("lang", "query"), [("en", "diffusion"), ("en", "Goodfellow"), ("zh", "扩散"), ("zh", "对抗")])
def test_search_returns_only_pages_of_the_page_language(new_page, lang, query):
    probe: PageProbe = new_page(warm=True)
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
