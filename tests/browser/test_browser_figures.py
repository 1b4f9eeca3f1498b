"""Figures in a browser: every image loads, and animations play, pause and respect reduced motion.

In Debian's Chromium through Playwright; one server and one Chromium per test process, a browser
context per test (tests/browser_support.py). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest
from browser_support import PREFIX, PageProbe, load_every_image, requires_browser

from imgsynth.languages import LANGUAGES

pytestmark = [pytest.mark.browser, requires_browser]


FIGURE_PAGES = ["", "milestones/dcgan/", "milestones/gan/", "credits/"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_image_loads(new_page, lang):
    """Every image on the pages with figures loads, on a phone."""
    probe: PageProbe = new_page(warm=True, viewport={"width": 390, "height": 844})
    for path in FIGURE_PAGES:
        probe.goto(PREFIX[lang] + path)
        load_every_image(probe.page)
        images = probe.page.eval_on_selector_all(
            "article img", "els => els.map(i => [i.currentSrc || i.src, i.complete, i.naturalWidth])"
        )
        assert images, f"no image on /{PREFIX[lang]}{path}"
        broken = [src for src, complete, width in images if not complete or width == 0]
        assert not broken, f"images that did not load on /{PREFIX[lang]}{path}: {broken}"
    probe.assert_no_script_errors()


def test_animation_plays_after_load_pauses_on_request_and_stays_still_under_reduced_motion(new_page):
    probe: PageProbe = new_page(warm=True)
    page = probe.page
    page.emulate_media(reduced_motion="reduce")
    probe.goto("milestones/gan/")
    load_every_image(page)
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
