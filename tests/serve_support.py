"""A `make serve` process under test: a free port, and its log read in a thread."""

from __future__ import annotations

import socket
import subprocess
import threading
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServeLog:
    """The server's log lines, collected in a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.process = process
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

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
        """Until ``text`` has shown up ``count`` times; fails with the log's tail after ``timeout``
        seconds or when the server has exited."""
        deadline = time.monotonic() + timeout
        while self.count(text) < count:
            if time.monotonic() > deadline or self.process.poll() is not None:
                time.sleep(0.2)  # the last lines
                raise AssertionError(f"no {count}x '{text}' in:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.05)
