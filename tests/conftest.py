"""Shared test setup. Tests never touch the network: servers they need run on 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ci_skips import pytest_runtest_makereport  # noqa: F401 - in CI, a skipped browser test fails

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session with ``mkdocs build --strict`` (read it, don't edit it)."""
    from site_support import build_site

    site_dir = tmp_path_factory.mktemp("real-site")
    result = build_site(site_dir)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({result.returncode}):\n{result.stderr[-4000:]}", pytrace=False)
    return site_dir
