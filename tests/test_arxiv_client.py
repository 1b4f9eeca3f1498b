"""The client against a real local server: batching, spacing, retries, and what it never retries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC

import pytest
from arxiv_server import ArxivServer, Reply, feed, fixture, synthetic_entry

from imgsynth.arxiv import ApiError, Client, FetchError
from imgsynth.arxiv.client import USER_AGENT, retry_after_seconds


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


def test_retry_after_forms() -> None:
    from datetime import datetime

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
