"""`make serve` (its command: imgsynth_mkdocs.config.serve_command) builds once, rebuilds once per
edit of an entry, and never loops."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from site_support import build_env, copy_project

from imgsynth_mkdocs.config import serve_command

pytestmark = pytest.mark.slow

WATCH_INTERVAL = 0.5
"""How often mkdocs serve's watcher looks for changes (its polling observer's default)."""
QUIET = 3 * WATCH_INTERVAL
"""A rebuild loop would show within a few watcher intervals: watch that long for one."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServeLog:
    """Collects the server's log lines in a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self.lines.append(line.rstrip())

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    def appears(self, text: str, count: int = 1, within: float = 1.0) -> bool:
        """Whether ``text`` shows up ``count`` times within ``within`` seconds (polled)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.count(text) >= count:
                return True
            time.sleep(0.05)
        return self.count(text) >= count

    def wait_for(self, text: str, count: int = 1, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while self.count(text) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {count}x '{text}' in:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.05)


def test_serve_rebuilds_once_per_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = _free_port()
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
