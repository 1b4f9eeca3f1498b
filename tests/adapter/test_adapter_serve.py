"""`make serve` (its command: imgsynth_mkdocs.config.serve_command) builds once, rebuilds once per
edit of an entry, and never loops."""

from __future__ import annotations

import subprocess
import urllib.request
from pathlib import Path

import pytest
from serve_support import ServeLog, free_port
from site_support import build_env, copy_project

from imgsynth_mkdocs.config import serve_command

pytestmark = pytest.mark.slow

WATCH_INTERVAL = 0.5
"""How often mkdocs serve's watcher looks for changes (its polling observer's default)."""
QUIET = 3 * WATCH_INTERVAL
"""A rebuild loop would show within a few watcher intervals: watch that long for one."""


def test_serve_rebuilds_once_per_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen(
        serve_command("-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"),
        cwd=project,
        env=build_env(),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        log = ServeLog(process)
        log.wait_for("Serving on")
        assert not log.appears("Detected file changes", within=QUIET), "the first build triggered a rebuild"

        entry = project / "content" / "milestones" / "gan.md"
        entry.write_text(entry.read_text(encoding="utf-8") + "\nAn edit made by the serve test.\n", encoding="utf-8")
        log.wait_for("Detected file changes", timeout=60)
        log.wait_for("Reloading browsers", timeout=120)
        assert not log.appears("Detected file changes", count=2, within=QUIET), "\n".join(log.lines[-40:])

        base = "/ten-years/"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{base}en/milestones/gan/", timeout=10) as response:
            assert "An edit made by the serve test." in response.read().decode("utf-8")
        assert not list((project / "docs").rglob("milestones"))
    finally:
        process.terminate()
        process.wait(timeout=20)
