"""Real HTTP servers on 127.0.0.x for the link-checker tests and benchmark, with injected faults.

Each :class:`FaultServer` is one "host": it serves scripted routes, can add latency, and
counts simultaneous connections and requests (its own, and across all servers sharing a
:class:`Meter`), so tests can assert that the checker's politeness limits held.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    head_status: int | None = None
    """Answer HEAD with this status instead (e.g. 405), GET as usual."""


@dataclass
class Meter:
    """Counts requests in flight; ``peak`` is the most seen at once."""

    current: int = 0
    peak: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self) -> None:
        with self.lock:
            self.current += 1
            self.peak = max(self.peak, self.current)

    def leave(self) -> None:
        with self.lock:
            self.current -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
        pass

    def setup(self) -> None:
        super().setup()
        self.server.fault.connections.enter()

    def finish(self) -> None:
        self.server.fault.connections.leave()
        super().finish()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer("HEAD")

    def do_GET(self) -> None:  # noqa: N802
        self._answer("GET")

    def _answer(self, method: str) -> None:
        fault = self.server.fault
        meters = (fault.requests, *fault.shared)
        for meter in meters:
            meter.enter()
        answered = False
        try:
            reply = fault.next_reply(method, self.path, self.headers.get("User-Agent", ""))
            time.sleep(fault.latency + reply.delay)
            for meter in meters:  # before answering: the client cannot start its next request earlier
                meter.leave()
            answered = True
            status = reply.head_status if method == "HEAD" and reply.head_status else reply.status
            self.send_response(status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            if "Content-Type" not in reply.headers:
                self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            if method == "GET":
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            if not answered:
                for meter in meters:
                    meter.leave()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    fault: FaultServer


class FaultServer:
    """One host. ``routes`` maps a path to a :class:`Reply` or a list of replies used in turn (the last repeats)."""

    def __init__(self, address: str = "127.0.0.1", latency: float = 0.0, shared: tuple[Meter, ...] = ()) -> None:
        self.routes: dict[str, Reply | list[Reply]] = {}
        self.latency = latency
        self.shared = shared
        self.connections = Meter()
        self.requests = Meter()
        self.log: list[tuple[str, str]] = []
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()
        self._server = _Server((address, 0), _Handler)
        self._server.fault = self
        self.host = f"{address}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def hits(self, path: str) -> list[str]:
        """The methods of the requests made for ``path``, in order."""
        with self._lock:
            return [method for method, seen in self.log if seen == path]

    def next_reply(self, method: str, path: str, user_agent: str) -> Reply:
        with self._lock:
            self.log.append((method, path))
            self.user_agents.add(user_agent)
            route = self.routes.get(path.split("#", 1)[0], Reply(404))
            if isinstance(route, list):
                return route.pop(0) if len(route) > 1 else route[0]
            return route

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def servers(count: int, latency: float = 0.0, shared: tuple[Meter, ...] = ()) -> Iterator[list[FaultServer]]:
    """``count`` hosts on 127.0.0.1, 127.0.0.2, ... (Linux routes all of 127/8 to loopback)."""
    started = [FaultServer(f"127.0.0.{n + 1}", latency, shared) for n in range(count)]
    try:
        yield started
    finally:
        for server in started:
            server.close()


def refused_url() -> str:
    """A URL on a port where nothing listens (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
