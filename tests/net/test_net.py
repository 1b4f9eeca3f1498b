"""The shared HTTP layer against hostile servers on 127.0.0.x: it always finishes, and finishes clearly."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hostile_http import HostileServer, answer, bomb, drip, gzipped, reset_mid_body

from imgsynth.net import AddressPolicy, Http, Limits, NetError, RetryPolicy, normalise_host

pytestmark = pytest.mark.timeout(60)

LOOPBACK = AddressPolicy.allowing(["127.0.0.0/8"])
LIMITS = Limits(connect=2, read=5, total=1.5)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with HostileServer() as running:
        yield running


def http(addresses: AddressPolicy | None = LOOPBACK) -> Http:
    return Http("imgsynth-test", addresses=addresses)


def failure(call) -> tuple[NetError, float]:
    start = time.monotonic()
    with pytest.raises(NetError) as caught:
        call()
    return caught.value, time.monotonic() - start


def test_a_plain_answer_and_its_body(server: HostileServer) -> None:
    server.routes["/"] = answer(200, b"hello")
    got = http().request("GET", server.url("/"), LIMITS, read=100)
    assert (got.status, got.body, got.truncated) == (200, b"hello", False)


def test_reading_stops_at_what_was_asked_for(server: HostileServer) -> None:
    server.routes["/"] = answer(200, b"x" * 100_000)
    got = http().request("GET", server.url("/"), LIMITS, read=1000)
    assert (len(got.body), got.truncated) == (1000, True)


def test_a_body_dripping_byte_by_byte_stops_at_the_deadline(server: HostileServer) -> None:
    server.routes["/"] = drip(b"<feed>" + b"x" * 100 + b"</feed>", every=0.25)
    error, took = failure(lambda: http().request("GET", server.url("/"), LIMITS, read=10_000))
    assert (error.kind, error.retryable, str(error)) == ("deadline", True, "no complete answer within 1.5 s")
    assert 1.4 < took < 2.5  # the read timeout (5 s) never fires: every read gets a byte


def test_headers_dripping_stop_at_the_deadline_too(server: HostileServer) -> None:
    server.routes["/"] = drip(b"body", every=0.25, headers_too=True)
    error, took = failure(lambda: http().request("GET", server.url("/"), LIMITS, read=10_000))
    assert error.kind == "deadline" and 1.4 < took < 2.5


def test_a_gzip_bomb_stops_at_the_cap_without_filling_memory(server: HostileServer) -> None:
    server.routes["/"] = bomb(256)  # 256 MiB of zeros, ~250 KB on the wire
    tracemalloc.start()
    try:
        got = http().request("GET", server.url("/"), Limits(total=10), read=1 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (len(got.body), got.truncated) == (1 << 20, True)
    assert peak < 16 << 20, f"peak {peak / 2**20:.1f} MiB"


def test_gzip_is_decoded(server: HostileServer) -> None:
    server.routes["/"] = gzipped(b"<p id='x'>compressed</p>")
    assert http().request("GET", server.url("/"), LIMITS, read=1000).body == b"<p id='x'>compressed</p>"


def test_a_reset_in_the_middle_of_the_body_is_a_retryable_reset(server: HostileServer) -> None:
    server.routes["/"] = reset_mid_body(b"y" * 50_000, after=1000)
    error, _ = failure(lambda: http().request("GET", server.url("/"), LIMITS, read=100_000))
    assert (error.kind, error.retryable) == ("reset", True)
    assert str(error) == "connection reset by 127.0.0.1 before the answer was complete"


def test_refused_and_unknown_hosts_are_final() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error, _ = failure(lambda: http().request("GET", f"http://127.0.0.1:{port}/", LIMITS))
    assert (error.kind, error.retryable, str(error)) == ("refused", False, "connection refused by 127.0.0.1")
    error, _ = failure(lambda: http().request("GET", "http://no-such-host.invalid/", LIMITS))
    assert (error.kind, error.retryable) == ("unknown-host", False)


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f.1", "127.1", "0177.0.0.1", "localhost", "[::1]"])
def test_loopback_is_never_contacted_unless_allowed(server: HostileServer, host: str) -> None:
    server.routes["/"] = answer(200, b"secret")
    url = f"http://{host}:{server.port}/"
    error, _ = failure(lambda: http(AddressPolicy()).request("GET", url, LIMITS, read=100))
    assert error.kind == "blocked" and "a loopback address; not contacted" in str(error)
    assert server.hits == []


def test_the_refusal_names_what_the_host_resolves_to() -> None:
    error, _ = failure(lambda: http(AddressPolicy()).request("GET", "http://localhost:9/", LIMITS))
    assert str(error).startswith("localhost resolves to ")
    error, _ = failure(lambda: http(AddressPolicy()).request("GET", "http://169.254.169.254/latest/", LIMITS))
    assert str(error) == (
        "169.254.169.254 is a link-local address; not contacted (allow its network explicitly to check it)"
    )
    error, _ = failure(lambda: http(AddressPolicy()).request("GET", "http://10.1.2.3/", LIMITS))
    assert "a private address" in str(error)


def test_an_allowed_network_is_contacted_and_nothing_else(server: HostileServer) -> None:
    server.routes["/"] = answer(200, b"ok")
    only_one = AddressPolicy.allowing(["127.0.0.1/32"])
    assert http(only_one).request("GET", server.url("/"), LIMITS).status == 200
    with HostileServer("127.0.0.2") as other:
        error, _ = failure(lambda: http(only_one).request("GET", other.url("/"), LIMITS))
        assert error.kind == "blocked" and other.hits == []


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("Example.COM.", "example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("[::1]", "::1"),
        ("[0:0:0:0:0:0:0:1]", "::1"),
    ],
)
def test_host_spellings_share_one_key(spelling: str, key: str) -> None:
    assert normalise_host(spelling) == key


def test_the_retry_policy() -> None:
    policy = RetryPolicy(attempts=4, backoff=2.0, max_wait=60.0)
    assert [policy.wait(n) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert policy.wait(1, retry_after=7.0) == 7.0  # the server asks for more than the backoff
    assert policy.wait(1, retry_after=0.5) == 2.0  # never less than the backoff
    assert policy.wait(10) == 60.0 and policy.wait(1, retry_after=86_400) == 60.0
    assert policy.retry_after("12") == 12.0 and policy.retry_after("99999") == 60.0
    assert policy.retry_after("soon") is None and policy.retry_after(None) is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (policy.retry_after(later) or 0) <= 30
    assert [s for s in (400, 401, 404, 429, 500, 502, 503, 504) if policy.retry_status(s)] == [429, 500, 502, 503, 504]


def test_a_tls_handshake_dripping_stops_at_the_deadline() -> None:
    """The server answers the TLS hello one byte at a time: the deadline covers the handshake too."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            try:
                for byte in b"\x16\x03\x03\x40\x00" + b"\x02" * 1000:  # a handshake record, never finished
                    conn.sendall(bytes([byte]))
                    time.sleep(0.2)
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    try:
        error, took = failure(lambda: http().request("GET", f"https://127.0.0.1:{port}/", LIMITS))
    finally:
        listener.close()
    assert error.kind == "deadline" and 1.4 < took < 2.5
