"""The client against a real local server: batching, spacing, retries, and what it never retries."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from arxiv_server import ArxivServer, Reply, feed, fixture, synthetic_entry
from hostile_http import HostileServer, answer, bomb, drip, redirect, reset_mid_body, tls_files

from imgsynth.arxiv import ApiError, Client, FetchError
from imgsynth.arxiv.client import USER_AGENT

pytestmark = pytest.mark.timeout(60)


class FakeTime:
    """An injected clock: sleeping advances it and is recorded, nothing really waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def server() -> Iterator[ArxivServer]:
    with ArxivServer() as running:
        yield running


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def client(server: ArxivServer, fake: FakeTime, **options: object) -> Client:
    settings: dict = {
        "delay": 3.0,
        "backoff": 2.0,
        "max_backoff": 60.0,
        "read_timeout": 5.0,
        "sleep": fake.sleep,
        "clock": fake.clock,
        **options,
    }
    return Client(server.url, **settings)


def ids(count: int, start: int = 1) -> list[str]:
    return [f"2001.{n:05d}" for n in range(start, start + count)]


def test_batches_spacing_and_politeness(server: ArxivServer, fake: FakeTime) -> None:
    lines: list[str] = []
    with client(server, fake, batch_size=20, progress=lines.append) as c:
        report = c.fetch(ids(45))
    assert report.ok and len(report.records) == 45
    assert report.requests == 3 == len(server.requests)  # ceil(45/20)
    assert [len(r.ids) for r in server.requests] == [20, 20, 5]
    assert [r.max_results for r in server.requests] == ["20", "20", "5"]
    assert {r.user_agent for r in server.requests} == {USER_AGENT}
    assert fake.sleeps == [3.0, 3.0]  # the configured spacing, between requests only
    assert len(lines) == 3 and lines[0].startswith("batch 1/3: 20 ids, 20 found")


def test_recorded_answer_replayed(server: ArxivServer, fake: FakeTime) -> None:
    report = client(server, fake).fetch(["1706.03762"])
    assert report.records["1706.03762"]["version"] == 7
    assert server.requests[0].ids == ["1706.03762"]


def test_400_error_feed_is_not_retried_and_reports_arxivs_message(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(Reply(400, fixture("error-400-incorrect-id.xml")))
    c = client(server, fake)
    with pytest.raises(ApiError) as caught:
        c.query(["abc"])
    assert caught.value.status == 400 and caught.value.attempt == 1
    assert "incorrect id format for abc" in str(caught.value)
    assert len(server.requests) == 1 and fake.sleeps == []


def test_200_without_entries_is_asked_once_more_then_not_found(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(Reply(200, fixture("empty-200-no-entries.xml")), Reply(200, fixture("empty-200-no-entries.xml")))
    report = client(server, fake).fetch(["9901.00001"])
    assert report.not_found == ["9901.00001"] and not report.records and not report.failed
    assert len(server.requests) == 2 and server.requests[1].ids == ["9901.00001"]


def test_id_missing_from_a_batch_is_asked_again_alone(server: ArxivServer, fake: FakeTime) -> None:
    wanted = ids(5)
    server.hide_once = {wanted[2]}
    report = client(server, fake).fetch(wanted)
    assert report.ok and sorted(report.records) == wanted
    assert [r.ids for r in server.requests] == [wanted, [wanted[2]]]


def test_redirect_to_another_path_is_followed(server: ArxivServer, fake: FakeTime) -> None:
    moved = server.url.replace("/api/query", "/api/moved") + "?id_list=1706.03762&max_results=1"
    server.queue(Reply(301, b"", {"Location": moved}, content_type="text/plain"))
    report = client(server, fake).fetch(["1706.03762"])
    assert report.ok
    assert [r.path for r in server.requests] == ["/api/query", "/api/moved"]


def test_429_retry_after_is_honoured(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(Reply(429, b"slow down", {"Retry-After": "7"}, content_type="text/plain"))
    report = client(server, fake).fetch(["2001.00001"])
    assert report.ok and len(server.requests) == 2
    assert fake.sleeps[0] == 7.0  # Retry-After (7) beats the first backoff (2)


def test_retry_after_is_capped(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(Reply(429, b"", {"Retry-After": "86400"}, content_type="text/plain"))
    client(server, fake, max_backoff=60.0).fetch(["2001.00001"])
    assert fake.sleeps[0] == 60.0


def test_503_backs_off_exponentially(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(*[Reply(503, b"busy", content_type="text/plain")] * 3)
    report = client(server, fake, max_attempts=4).fetch(["2001.00001"])
    assert report.ok and len(server.requests) == 4
    # backoff * 2**(attempt-1): 2, 4, 8; after the 2 s wait the 3 s spacing still wants 1 s more
    assert fake.sleeps == [2.0, 1.0, 4.0, 8.0]


def test_gives_up_after_max_attempts(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(*[Reply(503, b"busy", content_type="text/plain")] * 5)
    report = client(server, fake, max_attempts=3).fetch(["2001.00001", "2001.00002"])
    assert set(report.failed) == {"2001.00001", "2001.00002"} and "HTTP 503" in report.failed["2001.00001"]
    assert "after 3 attempt(s)" in report.failed["2001.00001"]
    assert len(server.requests) == 3


def test_answer_slower_than_the_timeout_is_retried(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(Reply(200, fixture("new-backend-1706.03762.xml"), delay=1.5))
    report = client(server, fake, read_timeout=0.3).fetch(["1706.03762"])
    assert report.ok and len(server.requests) == 2 and fake.sleeps[0] == 2.0


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, fixture("new-backend-1706.03762.xml")[:700]),
        Reply(200, fixture("html-error-page.html"), content_type="text/html"),
        Reply(200, b""),
        Reply(502, fixture("html-error-page.html"), content_type="text/html"),
    ],
    ids=["truncated-xml", "html-page", "empty-body", "502-html"],
)
def test_unusable_answers_are_temporary(server: ArxivServer, fake: FakeTime, reply: Reply) -> None:
    server.queue(reply)
    report = client(server, fake).fetch(["1706.03762"])
    assert report.ok and len(server.requests) == 2


def test_persistent_truncation_fails_with_a_typed_error(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(*[Reply(200, fixture("new-backend-1706.03762.xml")[:700])] * 2)
    with pytest.raises(FetchError) as caught:
        client(server, fake, max_attempts=2).query(["1706.03762"])
    assert caught.value.attempt == 2 and "not well-formed XML" in caught.value.reason


def test_hostile_text_is_kept_as_text(server: ArxivServer, fake: FakeTime) -> None:
    server.queue(Reply(200, feed([synthetic_entry("2001.00001", "&lt;script&gt;alert(1)&lt;/script&gt; {{ x }}")])))
    record = client(server, fake).fetch(["2001.00001"]).records["2001.00001"]
    assert record["title"] == "<script>alert(1)</script> {{ x }}"


# --- hostile servers ---------------------------------------------------------------------------

ENTRY = fixture("new-backend-1706.03762.xml")


def hostile_client(url: str, **options: object) -> Client:
    settings: dict = {"delay": 0, "backoff": 0, "max_attempts": 2, "read_timeout": 5.0, "deadline": 1.5, **options}
    return Client(url, **settings)


def test_a_dripping_answer_ends_at_the_deadline_and_is_retried() -> None:
    with HostileServer() as server:
        server.routes["/api/query"] = [drip(ENTRY, every=0.2), answer(200, ENTRY)]
        start = time.monotonic()
        report = hostile_client(server.url("/api/query")).fetch(["1706.03762"])
        took = time.monotonic() - start
    assert report.ok and report.records["1706.03762"]["version"] == 7
    assert len(server.hits) == 2 and 1.4 < took < 3.0  # read timeout 5 s never fires: a byte every 0.2 s


def test_dripping_headers_fail_after_every_attempt_within_the_deadlines() -> None:
    with HostileServer() as server:
        server.routes["/api/query"] = drip(ENTRY, every=0.2, headers_too=True)
        start = time.monotonic()
        report = hostile_client(server.url("/api/query")).fetch(["1706.03762"])
        took = time.monotonic() - start
    assert report.failed["1706.03762"].endswith("after 2 attempt(s): no complete answer within 1.5 s")
    assert took < 4.5


def test_a_gzip_bomb_fails_clearly_and_is_not_retried() -> None:
    with HostileServer() as server:
        server.routes["/api/query"] = bomb(64)
        report = hostile_client(server.url("/api/query"), max_body=1 << 20, deadline=10).fetch(["1706.03762"])
    assert report.failed["1706.03762"].endswith(
        "after 1 attempt(s): the answer is larger than 1,048,576 bytes once decoded; refused"
    )
    assert len(server.hits) == 1


def test_a_reset_in_the_middle_of_the_body_is_retried() -> None:
    with HostileServer() as server:
        server.routes["/api/query"] = [reset_mid_body(ENTRY, after=500), answer(200, ENTRY)]
        report = hostile_client(server.url("/api/query")).fetch(["1706.03762"])
    assert report.ok and len(server.hits) == 2


def test_a_redirect_to_another_host_is_refused() -> None:
    with HostileServer("127.0.0.1") as api, HostileServer("127.0.0.2") as elsewhere:
        elsewhere.routes["/api/query"] = answer(200, ENTRY)
        api.routes["/api/query"] = redirect(elsewhere.url("/api/query"), 301)
        report = hostile_client(api.url("/api/query")).fetch(["1706.03762"])
    assert report.failed["1706.03762"].endswith(
        f"after 1 attempt(s): refused a redirect to another host ({elsewhere.host}); "
        f"only {api.host} answers for the arXiv API"
    )
    assert elsewhere.hits == []


def test_an_https_to_http_downgrade_is_refused(tmp_path: Path) -> None:
    cert, key = tls_files(tmp_path)
    with HostileServer("127.0.0.1", tls=(cert, key)) as api, HostileServer("127.0.0.1") as plain:
        plain.routes["/api/query"] = answer(200, ENTRY)
        api.routes["/api/query"] = [answer(200, ENTRY), redirect(plain.url("/api/query"), 302)]
        client = hostile_client(api.url("/api/query"), ca_certs=str(cert))
        assert client.fetch(["1706.03762"]).ok  # the TLS server itself is trusted and answers
        report = client.fetch(["1706.03762"])
    assert "refused a redirect from https to http (http://127.0.0.1:" in report.failed["1706.03762"]
    assert plain.hits == []


# --- what an answer must hold ------------------------------------------------------------------


def without(entry: str, element: str) -> str:
    start = entry.index(f"<{element}>")
    end = entry.index(f"</{element}>") + len(f"</{element}>")
    return entry[:start] + entry[end:]


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (lambda e: e.replace("<title>Paper 2001.00001</title>", "<title>  </title>"), "the answer has no title"),
        (lambda e: without(e, "author"), "the answer has no authors"),
        (lambda e: without(e, "published"), "the answer has no published"),
        (lambda e: without(without(e, "updated"), "published"), "the answer has no published, updated"),
        (lambda e: e.replace("Paper 2001.00001", "T" * 1025), "'title' is 1,025 bytes, more than 1,024"),
        (
            lambda e: e.replace("Abstract of 2001.00001", "a" * 10241),
            "'abstract' is 10,241 bytes, more than 10,240",
        ),
        (
            lambda e: e.replace("<author><name>A. Author</name></author>", "<author><name>A</name></author>" * 501),
            "it names 501 authors, more than 500",
        ),
        (
            lambda e: e.replace("2020-01-01T00:00:00Z", "yesterday"),
            "'published' is not a date (YYYY-MM-DD): 'yesterday'",
        ),
    ],
    ids=[
        "no-title",
        "no-authors",
        "no-published",
        "no-dates",
        "long-title",
        "long-abstract",
        "501-authors",
        "bad-date",
    ],
)
def test_an_incomplete_or_oversized_entry_is_a_failure(server: ArxivServer, fake: FakeTime, broken, problem) -> None:
    server.queue(Reply(200, feed([broken(synthetic_entry("2001.00001")), synthetic_entry("2001.00002")])))
    report = client(server, fake).fetch(["2001.00001", "2001.00002"])
    assert list(report.records) == ["2001.00002"]  # the good one of the batch is kept
    assert report.failed == {
        "2001.00001": f"arXiv's answer for 2001.00001 is unusable ({problem}); the stored record is kept"
    }


def test_an_id_given_twice_in_one_answer_is_a_failure(server: ArxivServer, fake: FakeTime) -> None:
    twice = [synthetic_entry("2001.00001", title="One"), synthetic_entry("2001.00001", title="Other")]
    server.queue(Reply(200, feed(twice)))
    lines: list[str] = []
    report = client(server, fake, progress=lines.append).fetch(["2001.00001"])
    assert report.records == {}
    assert report.failed == {"2001.00001": "arXiv's answer held 2 entries for 2001.00001; none was stored"}
    assert lines == ["batch 1/1: 1 ids, 0 found, unusable: 2001.00001"]
