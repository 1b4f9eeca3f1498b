"""Nothing goes wrong on the tested pages: no console error, exception, failed load or external
request, in the light and the dark scheme.

Every browser test fails on whatever went wrong on the pages it opened (``new_page``'s teardown,
tests/browser_support.py); this one visits the main pages in both schemes, so that holds under
``-k`` too: a first visit (a new browser context, nothing cached), then page to page.
"""

from __future__ import annotations

import pytest
from browser_support import PageProbe, requires_browser, sample_entry

pytestmark = [pytest.mark.browser, requires_browser]

TESTED_PAGES = ["", "en/", "milestones/{id}/", "en/milestones/{id}/", "about/", "en/about/", "data/", "en/data/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_console_errors_on_the_tested_pages(new_page, scheme):
    """Console errors (incl. failed loads), uncaught exceptions, external requests, HTTP errors,
    each page waited for until its network is idle."""
    entry = sample_entry()
    probe: PageProbe = new_page(color_scheme=scheme)
    for url in TESTED_PAGES:
        probe.goto(url.format(id=entry["id"]))
        probe.page.wait_for_load_state("networkidle")
    probe.assert_clean()
