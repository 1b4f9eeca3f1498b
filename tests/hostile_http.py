"""Hostile HTTP servers on 127.0.0.x for the network tests: real sockets, scripted misbehaviour.

Each route is a *behaviour*: a function that gets the connected socket and writes whatever it
likes — a drip of one byte at a time (headers or body), a gzip bomb, a body cut off by a reset,
a redirect to another host. Every connection is closed after one answer. ``tls_files`` makes a
self-signed certificate for 127.0.0.1 (with ``openssl``) so a server can speak https.
"""

from __future__ import annotations

import functools
import socket
import ssl
import struct
import subprocess
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

Behaviour = Callable[[socket.socket, str], None]
"""Called with the connection and the request path; writes the answer."""


def head(status: int, headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Status'}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def answer(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> Behaviour:
    def behave(sock: socket.socket, path: str) -> None:
        sock.sendall(head(status, {"Content-Type": "text/html; charset=utf-8", **(headers or {})}, len(body)) + body)

    return behave


def redirect(location: str, status: int = 302) -> Behaviour:
    return answer(status, b"", {"Location": location})


def drip(body: bytes, every: float = 1.0, headers_too: bool = False, status: int = 200) -> Behaviour:
    """One byte every ``every`` seconds: of the body, or (``headers_too``) of the whole answer."""

    def behave(sock: socket.socket, path: str) -> None:
        top = head(status, {"Content-Type": "application/atom+xml"}, len(body))
        data = top + body
        start = 0
        if not headers_too:
            sock.sendall(top)
            start = len(top)
        for index in range(start, len(data)):
            sock.sendall(data[index : index + 1])
            time.sleep(every)

    return behave


def reset_mid_body(body: bytes, after: int, status: int = 200, content_type: str = "text/html") -> Behaviour:
    """Announce the whole body, send ``after`` bytes of it, then reset the connection (RST)."""

    def behave(sock: socket.socket, path: str) -> None:
        sock.sendall(head(status, {"Content-Type": content_type}, len(body)) + body[:after])
        time.sleep(0.05)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST

    return behave


@functools.cache
@functools.lru_cache(maxsize=4)
def gzip_bomb(decoded_mib: int = 256) -> bytes:
    """A gzip body of ``decoded_mib`` MiB of zeros (about a thousandth of that on the wire).

    Made once per size and test process; run-length matching packs zeros as tightly as level 9's
    search, in half the time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS, 9, zlib.Z_RLE)
    block = b"\0" * (1 << 20)
    parts = [packer.compress(block) for _ in range(decoded_mib)]
    return b"".join(parts) + packer.flush()


def bomb(decoded_mib: int = 256, content_type: str = "application/atom+xml") -> Behaviour:
    body = gzip_bomb(decoded_mib)
    return answer(200, body, {"Content-Encoding": "gzip", "Content-Type": content_type})


def gzipped(body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8") -> Behaviour:
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    data = packer.compress(body) + packer.flush()
    return answer(status, data, {"Content-Encoding": "gzip", "Content-Type": content_type})


class HostileServer:
    """One host on ``address``; ``routes`` maps a path (query ignored) to a behaviour or a list
    of behaviours used in turn (the last repeats). ``hits`` lists the paths asked for."""

    def __init__(self, address: str = "127.0.0.1", tls: tuple[Path, Path] | None = None) -> None:
        self.routes: dict[str, Behaviour | list[Behaviour]] = {}
        self.hits: list[str] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server((address, 0))
        self._listener.settimeout(0.05)  # how soon close() ends the accept loop
        self.address = address
        self.port = self._listener.getsockname()[1]
        self.scheme = "https" if tls else "http"
        self._tls: ssl.SSLContext | None = None
        if tls:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(str(tls[0]), str(tls[1]))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def host(self) -> str:
        return f"{self.address}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.host}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            if self._tls is not None:
                conn = self._tls.wrap_socket(conn, server_side=True)
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1].decode("latin-1")
            with self._lock:
                self.hits.append(path)
                route = self.routes.get(path.split("?", 1)[0], answer(404, b"not here"))
                if isinstance(route, list):
                    route = route.pop(0) if len(route) > 1 else route[0]
            route(conn, path)
        except (OSError, ssl.SSLError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._listener.close()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def tls_files(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate (and key) for 127.0.0.1, made with openssl; also the CA to trust."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key
