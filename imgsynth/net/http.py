"""One HTTP request that always finishes, for the arXiv client and the link checker.

:meth:`Http.request` guarantees, whatever the server does:

- **an overall deadline** (``Limits.total``) over name resolution, connect, TLS, the headers and
  the body. Per-operation timeouts alone do not bound a server that drips one byte a second,
  so a watchdog thread shuts the request's socket down when the deadline passes, and the body is
  read in chunks with the elapsed time checked after each one;
- **a cap on the decoded body**: gzip and deflate are decoded here, a chunk at a time with a
  bound on each chunk's output, so a gzip bomb stops at the cap instead of filling memory;
- **typed failures** (:class:`NetError`) that say whether another try may help: a timeout, the
  deadline and a connection reset (also in the middle of the body) may; a refused connection,
  an unknown host, a TLS error, an oversized body or a refused address do not;
- optionally, **address rules** (:class:`~imgsynth.net.hosts.AddressPolicy`): the host is
  resolved here and every address it resolves to is checked before any connection is opened,
  and the connection goes to a checked address (no second lookup that could answer otherwise).

Redirects are not followed: callers decide (the arXiv client stays on its host, the link
checker checks every hop).
"""

from __future__ import annotations

import heapq
import ipaddress
import itertools
import os
import socket
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationParseError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from imgsynth.net.hosts import AddressPolicy, parse_address

CHUNK = 16 * 1024
"""Bytes asked of the socket at a time (and the most one chunk may decode to, beyond the cap)."""


class NetError(Exception):
    """A request that gave no usable answer. ``kind`` says what happened, ``retryable`` whether
    another try may help (timeouts, the deadline and resets only)."""

    KINDS = (
        "unknown-host",
        "refused",
        "connect",
        "timeout",
        "deadline",
        "reset",
        "tls",
        "too-large",
        "encoding",
        "blocked",
        "bad-url",
    )

    def __init__(self, kind: str, message: str, retryable: bool = False) -> None:
        assert kind in self.KINDS, kind
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retryable = retryable


@dataclass(frozen=True)
class Limits:
    connect: float = 10.0
    """Seconds to open the connection."""
    read: float = 30.0
    """Seconds to wait for any one read."""
    total: float = 60.0
    """Seconds for the whole request: resolution, connect, TLS, headers and body."""


@dataclass
class Answer:
    status: int
    reason: str
    headers: urllib3.HTTPHeaderDict
    url: str
    body: bytes = b""
    """The decoded body, at most the ``read`` bytes asked for."""
    truncated: bool = False
    """The body went on beyond what was asked for (and was not read)."""


# --- the deadline -----------------------------------------------------------------------------


class _Watch:
    """One request's deadline; the watchdog shuts the attached sockets down when it passes.

    It holds its own duplicate of each socket's file descriptor, so it can still shut the
    connection down after urllib3 has wrapped the socket for TLS (the handshake is covered too),
    and it never touches a descriptor that was closed and reused elsewhere.
    """

    def __init__(self, seconds: float) -> None:
        self.total = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self.finished = False
        self._copies: list[socket.socket] = []
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def error(self) -> NetError:
        return NetError("deadline", f"no complete answer within {self.total:g} s", retryable=True)

    def check(self) -> None:
        if self.expired or self.remaining() <= 0:
            self.expired = True
            raise self.error()

    def attach(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.finished:
                return
            try:
                copy = socket.socket(fileno=os.dup(sock.fileno()))
            except OSError:
                return
            self._copies.append(copy)
            if self.expired:
                _shutdown(copy)

    def fire(self) -> None:
        with self._lock:
            if self.finished:
                return
            self.expired = True
            for copy in self._copies:
                _shutdown(copy)

    def finish(self) -> None:
        """The request is over: close the copies (the connection itself may go back to the pool)."""
        with self._lock:
            self.finished = True
            for copy in self._copies:
                copy.close()
            self._copies.clear()


def _shutdown(sock: socket.socket) -> None:
    try:  # on the shared connection: blocked reads and writes on every descriptor return at once
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _Watchdog:
    """A single daemon thread that fires the deadlines of every request in flight."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Watch]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, watch: _Watch) -> None:
        with self._cond:
            heapq.heappush(self._heap, (watch.at, next(self._order), watch))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="imgsynth-net-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                at, _, watch = self._heap[0]
                if watch.finished:
                    heapq.heappop(self._heap)
                    continue
                delay = at - time.monotonic()
                if delay > 0:
                    self._cond.wait(delay)
                    continue
                heapq.heappop(self._heap)
            watch.fire()


_WATCHDOG = _Watchdog()
_RESOLVER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="imgsynth-net-resolve")
_local = threading.local()


# --- connections that keep to the deadline and the address rules ------------------------------


@dataclass
class _Context:
    watch: _Watch
    addresses: AddressPolicy | None

    def resolve(self, host: str, port: int) -> list[tuple[Any, ...]]:
        future = _RESOLVER.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
        try:
            return future.result(timeout=max(0.0, self.watch.remaining()))
        except FutureTimeout:
            self.watch.expired = True
            raise self.watch.error() from None
        except socket.gaierror as error:
            raise NetError("unknown-host", f"unknown host {host} ({error.strerror or error})") from None
        except UnicodeError:
            raise NetError("bad-url", f"not a valid host name: {host!r}") from None

    def open_socket(self, conn: HTTPConnection) -> socket.socket:
        host, port = conn._dns_host, conn.port  # noqa: SLF001 - the name urllib3 resolves
        literal = parse_address(host)  # 127.1, 2130706433, 0x7f.1, 10.0.0.1. ...: no lookup needed
        if literal is not None and self.addresses is not None:
            refusal = self.addresses.refusal(host.rstrip("."), literal)
            if refusal:
                raise NetError("blocked", refusal)
        infos = self.resolve(str(literal) if literal is not None else host, port)
        if self.addresses is not None:
            for *_, sockaddr in infos:
                address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
                refusal = self.addresses.refusal(host.rstrip("."), address)
                if refusal:
                    raise NetError("blocked", refusal)
        problem: NetError | None = None
        for family, kind, proto, _name, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                for option in conn.socket_options or ():
                    sock.setsockopt(*option)
                timeout = conn.timeout if isinstance(conn.timeout, (int, float)) else None
                sock.settimeout(min(timeout or 1e9, max(0.001, self.watch.remaining())))
                self.watch.attach(sock)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                if self.watch.expired:
                    raise self.watch.error() from None
                if isinstance(error, socket.timeout):
                    problem = NetError("timeout", f"connecting to {host} timed out", retryable=True)
                elif isinstance(error, ConnectionRefusedError):
                    problem = NetError("refused", f"connection refused by {host}")
                else:
                    problem = NetError("connect", f"cannot connect to {host} ({error.strerror or error})", True)
        raise problem or NetError("unknown-host", f"{host} has no address")


class _Guarded:
    """Mixed into urllib3's connections: sockets opened by :class:`_Context`, watched always."""

    def _new_conn(self) -> socket.socket:
        context: _Context | None = getattr(_local, "context", None)
        if context is None:
            return super()._new_conn()  # type: ignore[misc]
        return context.open_socket(self)  # type: ignore[arg-type]

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        context: _Context | None = getattr(_local, "context", None)
        if context is not None:
            context.watch.attach(self.sock)  # type: ignore[attr-defined]

    def request(self, *args: Any, **kwargs: Any) -> None:
        context: _Context | None = getattr(_local, "context", None)
        if context is not None:
            context.watch.attach(self.sock)  # type: ignore[attr-defined] - a kept-alive connection
        super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_Guarded, HTTPConnection):
    pass


class _HTTPSConnection(_Guarded, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


# --- decoding with a bound --------------------------------------------------------------------


class _Decoder:
    """gzip / deflate / identity, never producing more than asked for per call."""

    def __init__(self, encoding: str | None) -> None:
        parts = [p.strip().lower() for p in (encoding or "").split(",") if p.strip()]
        parts = [p for p in parts if p != "identity"]
        if len(parts) > 1:
            raise NetError("encoding", f"stacked content encodings are not accepted: {encoding!r}")
        self.kind = parts[0] if parts else "identity"
        if self.kind in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
        elif self.kind == "deflate":
            self._wbits = zlib.MAX_WBITS
        elif self.kind != "identity":
            raise NetError("encoding", f"unsupported Content-Encoding {encoding!r} (asked for gzip or deflate)")
        self._inflate: Any = zlib.decompressobj(self._wbits) if self.kind != "identity" else None
        self._pending = b""
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode ``data``; at most ``room`` bytes come out (the rest waits for the next call)."""
        if self._inflate is None:
            return data
        self._pending += data
        out = bytearray()
        while self._pending and len(out) < room:
            try:
                chunk = self._inflate.decompress(self._pending, room - len(out))
            except zlib.error as error:
                if self.kind == "deflate" and not self._started:  # raw deflate, as some servers send
                    self._inflate, self._started = zlib.decompressobj(-zlib.MAX_WBITS), True
                    continue
                raise NetError("encoding", f"the {self.kind} body does not decode ({error})") from None
            self._started = True
            out += chunk
            if self._inflate.eof:
                rest = self._inflate.unused_data
                self._pending = rest
                if rest.strip(b"\0"):  # another gzip member
                    self._inflate = zlib.decompressobj(self._wbits)
                else:
                    self._pending = b""
            else:
                self._pending = self._inflate.unconsumed_tail
                if not chunk and not self._pending:
                    break
        return bytes(out)

    def has_more(self) -> bool:
        return bool(self._pending)


# --- the client -------------------------------------------------------------------------------


def _classify(error: BaseException, watch: _Watch, host: str) -> NetError:
    if watch.expired:
        return watch.error()
    if isinstance(error, NetError):
        return error
    if isinstance(error, LocationParseError):
        return NetError("bad-url", f"not a valid address: {error}")
    if isinstance(error, NameResolutionError):
        return NetError("unknown-host", f"unknown host {host}")
    if isinstance(error, ConnectTimeoutError):
        return NetError("timeout", f"connecting to {host} timed out", retryable=True)
    if isinstance(error, ReadTimeoutError | TimeoutError | socket.timeout):
        return NetError("timeout", f"{host} did not answer in time", retryable=True)
    if isinstance(error, SSLError):
        return NetError("tls", f"TLS error with {host}: {error}")
    if isinstance(error, NewConnectionError):
        if isinstance(error.__context__, ConnectionRefusedError) or "refused" in str(error).lower():
            return NetError("refused", f"connection refused by {host}")
        return NetError("connect", f"cannot connect to {host}", retryable=True)
    if isinstance(error, ProtocolError | ConnectionError | HTTPError | OSError):
        return NetError("reset", f"connection reset by {host} before the answer was complete", retryable=True)
    raise error


@dataclass
class Http:
    """A connection pool whose every request keeps to :class:`Limits` (see the module)."""

    user_agent: str
    addresses: AddressPolicy | None = None
    """Refuse hosts that are (or resolve to) addresses the policy does not permit; None: any."""
    ca_certs: str | None = None
    """A CA bundle to trust instead of the system's (tests with a local TLS server)."""
    num_pools: int = 64
    pool: urllib3.PoolManager = field(init=False, repr=False)

    def __post_init__(self) -> None:
        options: dict[str, Any] = {"num_pools": self.num_pools, "cert_reqs": "CERT_REQUIRED"}
        if self.ca_certs:
            options["ca_certs"] = self.ca_certs
        self.pool = urllib3.PoolManager(**options)
        self.pool.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def close(self) -> None:
        self.pool.clear()

    def request(
        self,
        method: str,
        url: str,
        limits: Limits,
        *,
        read: int = 0,
        headers: dict[str, str] | None = None,
        pool_kwargs: dict[str, Any] | None = None,
    ) -> Answer:
        """``method url``, reading at most ``read`` decoded bytes of the body. Raises NetError."""
        watch = _Watch(limits.total)
        _WATCHDOG.add(watch)
        previous = getattr(_local, "context", None)
        _local.context = _Context(watch, self.addresses)
        response = None
        complete = False
        host = url
        try:
            try:
                parts = urllib3.util.parse_url(url)
                host = parts.host or url
                if parts.scheme not in ("http", "https") or not parts.host:
                    raise NetError("bad-url", f"not an http(s) address: {url}")
                pool = self.pool.connection_from_url(url, pool_kwargs=pool_kwargs)
                remaining = max(0.001, watch.remaining())
                response = pool.urlopen(
                    method,
                    parts.request_uri,
                    headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate", **(headers or {})},
                    redirect=False,
                    retries=False,
                    preload_content=False,
                    decode_content=False,
                    assert_same_host=False,
                    release_conn=False,
                    timeout=urllib3.Timeout(connect=min(limits.connect, remaining), read=min(limits.read, remaining)),
                )
                watch.check()
                body, truncated, complete = self._read(response, read if method != "HEAD" else 0, watch)
            except Exception as error:  # noqa: BLE001 - every failure becomes a NetError
                raise _classify(error, watch, host) from None
            return Answer(response.status, response.reason or "", response.headers, url, body, truncated)
        finally:
            watch.finish()
            _local.context = previous
            if response is not None:
                if not complete:
                    response.close()  # the rest of the body is not wanted: drop the connection
                response.release_conn()

    @staticmethod
    def _read(response: urllib3.BaseHTTPResponse, wanted: int, watch: _Watch) -> tuple[bytes, bool, bool]:
        """(body, truncated, complete): at most ``wanted`` decoded bytes, checking the deadline per chunk."""
        if wanted <= 0:
            return b"", False, response.length_remaining == 0
        decoder = _Decoder(response.headers.get("Content-Encoding"))
        body = bytearray()
        while True:
            watch.check()
            room = wanted + 1 - len(body)
            if decoder.has_more():
                body += decoder.feed(b"", room)
            else:
                chunk = response.read1(CHUNK, decode_content=False)
                if not chunk:
                    break
                body += decoder.feed(chunk, room)
            if len(body) > wanted:
                return bytes(body[:wanted]), True, False
        if watch.expired:
            raise watch.error()
        return bytes(body), False, True
