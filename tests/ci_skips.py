"""In CI a browser test may not be skipped: the skip becomes a failure (imported by conftest.py).

Locally, browser tests are skipped with the reason when Chromium or Playwright is missing. On
a CI runner (``CI`` set and not false) the same skip would hide that the browser tests never ran,
so it is reported as a failure naming the reason (an error when the skip came in setup). Expected failures (xfail) stay as they are.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # noqa: ARG001
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and in_ci() and item.get_closest_marker("browser"):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
        reason = str(reason).removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"a browser test was skipped in CI (CI={os.environ.get('CI')}); {reason}"
