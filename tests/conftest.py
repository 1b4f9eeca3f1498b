"""Shared test setup. Tests never touch the network: servers they need run on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ci_skips import pytest_runtest_makereport  # noqa: F401 - in CI, a skipped browser test fails

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# fixtures of the browser tests (built_site, site_url, browser, new_page), shared without `import *`
pytest_plugins = ["browser_support"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REAL_SITE_WAIT = 600
"""Seconds a test waits at most for the session's build of the real site."""


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder that every pytest-xdist worker of this run shares."""
    shared = tmp_path_factory.getbasetemp()
    return shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared


def _start_real_site_build(shared: Path) -> threading.Thread | None:
    """Starts the real site's build into ``shared`` unless a test process of this run has; returns
    the thread that waits for it and records its outcome (``real-site.done``, ``.failed``)."""
    from filelock import FileLock
    from site_support import build_command, build_env

    with FileLock(str(shared / "real-site.lock")):
        if (shared / "real-site.started").exists():
            return None
        (shared / "real-site.started").touch()
    log = (shared / "real-site.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        build_command(shared / "real-site"), cwd=ROOT, env=build_env(), stdout=log, stderr=subprocess.STDOUT, text=True
    )

    def wait() -> None:
        try:
            returncode = process.wait(timeout=REAL_SITE_WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            returncode = process.wait()
        log.close()
        if returncode != 0:
            output = (shared / "real-site.log").read_text(encoding="utf-8")
            (shared / "real-site.failed").write_text(f"({returncode}):\n{output[-4000:]}", encoding="utf-8")
        (shared / "real-site.done").touch()

    waiter = threading.Thread(target=wait, name="real-site-build", daemon=True)
    waiter.start()
    return waiter


@pytest.fixture(scope="session", autouse=True)
def _real_site_build_started(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Starts the real site's build as soon as the run starts, if a collected test reads it.

    The build (a subprocess) runs while the first tests run, so no worker sits idle waiting for
    it when it first asks for ``real_site``. The first worker starts it (a file lock in the run's
    shared folder); a thread of that worker waits for it and records its outcome.
    """
    waiter = None
    if any("real_site" in item.fixturenames for item in request.session.items):
        waiter = _start_real_site_build(_shared_folder(tmp_path_factory))
    yield
    if waiter is not None:
        waiter.join()  # this process records the outcome: it ends only once the build has


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, _real_site_build_started: None) -> Path:
    """The real site, built once per test run with ``mkdocs build --strict`` (read it, don't edit it).

    The build starts with the run (``_real_site_build_started``); every test process (with
    pytest-xdist, every worker) waits here until it is done, polling every 0.05 s.
    """
    shared = _shared_folder(tmp_path_factory)
    _start_real_site_build(shared)  # unless started: a test may ask for it by name only (getfixturevalue)
    deadline = time.monotonic() + REAL_SITE_WAIT + 10
    while not (shared / "real-site.done").exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the real site's build did not finish within {REAL_SITE_WAIT} s", pytrace=False)
        time.sleep(0.05)
    failure = shared / "real-site.failed"
    if failure.is_file():
        pytest.fail(f"mkdocs build --strict failed {failure.read_text(encoding='utf-8')}", pytrace=False)
    return shared / "real-site"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Heavy files first, so that two workers (``make test``: ``--dist loadfile
    --no-loadscope-reorder``) end together: files with a test marked ``slow`` or ``browser`` that
    builds its own site (they run while the real site's build runs in the background), then the
    files that read the real site, then the rest. A file's tests stay together and in order."""

    def weight(item: pytest.Item) -> int:
        heavy = item.get_closest_marker("slow") or item.get_closest_marker("browser")
        if "real_site" in item.fixturenames:
            return 1
        return 0 if heavy else 2

    by_file: dict[str, int] = {}
    for item in items:
        key = item.nodeid.split("::", 1)[0]
        by_file[key] = min(by_file.get(key, 2), weight(item))
    order = {id(item): index for index, item in enumerate(items)}
    items.sort(key=lambda item: (by_file[item.nodeid.split("::", 1)[0]], order[id(item)]))
