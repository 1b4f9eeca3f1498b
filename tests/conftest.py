"""Shared test setup. Tests never touch the network: servers they need run on 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ci_skips import pytest_runtest_makereport  # noqa: F401 - in CI, a skipped browser test fails

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# fixtures of the browser tests (built_site, site_url, browser, new_page), shared without `import *`
pytest_plugins = ["browser_support"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with ``mkdocs build --strict`` (read it, don't edit it).

    With pytest-xdist every worker asks for it: the first builds it, the others wait for that
    build (a file lock in the run's shared temporary folder) instead of building it again.
    """
    from filelock import FileLock
    from site_support import build_site

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers of this run share
    site_dir, failure = shared / "real-site", shared / "real-site.failed"
    with FileLock(str(shared / "real-site.lock")):
        if not (site_dir / "index.html").is_file() and not failure.is_file():
            result = build_site(site_dir)
            if result.returncode != 0:
                failure.write_text(f"({result.returncode}):\n{result.stderr[-4000:]}", encoding="utf-8")
    if failure.is_file():
        pytest.fail(f"mkdocs build --strict failed {failure.read_text(encoding='utf-8')}", pytrace=False)
    return site_dir
