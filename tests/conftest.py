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


@pytest.fixture(scope="session", autouse=True)
def _real_site_build_started(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Starts the real site's build as soon as the run starts, if any collected test reads it.

    The build (a subprocess) runs while the first tests run, so no worker sits idle waiting for
    it when it first asks for ``real_site``. The first worker starts it (a file lock in the run's
    shared folder); a thread of that worker waits for it and records its outcome.
    """
    if not any("real_site" in item.fixturenames for item in request.session.items):
        yield
        return
    from filelock import FileLock
    from site_support import build_command, build_env

    shared = _shared_folder(tmp_path_factory)
    with FileLock(str(shared / "real-site.lock")):
        started = (shared / "real-site.started").exists()
        (shared / "real-site.started").touch()
    if started:
        yield
        return
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
    yield
    waiter.join()  # this process records the outcome: it ends only once the build has


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, _real_site_build_started: None) -> Path:
    """The real site, built once per test run with ``mkdocs build --strict`` (read it, don't edit it).

    The build starts with the run (``_real_site_build_started``); every test process (with
    pytest-xdist, every worker) waits here until it is done, polling every 0.05 s.
    """
    shared = _shared_folder(tmp_path_factory)
    deadline = time.monotonic() + REAL_SITE_WAIT + 10
    while not (shared / "real-site.done").exists():
        assert (shared / "real-site.started").exists(), "the real site's build was never started"
        if time.monotonic() > deadline:
            pytest.fail(f"the real site's build did not finish within {REAL_SITE_WAIT} s", pytrace=False)
        time.sleep(0.05)
    failure = shared / "real-site.failed"
    if failure.is_file():
        pytest.fail(f"mkdocs build --strict failed {failure.read_text(encoding='utf-8')}", pytrace=False)
    return shared / "real-site"
