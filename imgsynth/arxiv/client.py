"""A polite arXiv API client: batches, one connection, spacing, timeouts, careful retries.

The politeness policy is the constructor's documented arguments. ``sleep`` and ``clock`` are
injectable so tests can check spacing and backoff without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import requests

from imgsynth.arxiv.errors import ApiError, FetchError, MalformedFeed
from imgsynth.arxiv.parse import Feed, Record, parse_feed
from imgsynth.retry_after import retry_after_seconds

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
USER_AGENT = "ten-years-of-image-synthesis/0.1 (+https://github.com/imgsynth/ten-years)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class FetchReport:
    """The outcome of one :meth:`Client.fetch`: records found, ids not found, ids that failed."""

    records: dict[str, Record] = field(default_factory=dict)
    not_found: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    requests: int = 0

    @property
    def ok(self) -> bool:
        return not self.not_found and not self.failed


class _Retryable(Exception):
    def __init__(self, status: int | None, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retry_after = retry_after


class Client:
    """Fetch arXiv records by id.

    - ``batch_size`` ids per request (``id_list``, with ``max_results`` set to the batch size);
    - at least ``delay`` seconds between the end of a request and the start of the next;
    - ``connect_timeout``/``read_timeout`` on every request;
    - up to ``max_attempts`` tries for 429, 5xx, timeouts, connection errors and bodies that
      are not an Atom feed, waiting ``backoff * 2**(attempt-1)`` seconds, or ``Retry-After``
      when the server says more, never more than ``max_backoff``; a 400 is never retried;
    - one ``requests.Session`` (one kept-alive connection) with an honest User-Agent.
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        *,
        batch_size: int = 20,
        delay: float = 3.0,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        max_attempts: int = 4,
        backoff: float = 5.0,
        max_backoff: float = 120.0,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        progress: Callable[[str], None] | None = None,
        session: requests.Session | None = None,
    ) -> None:
        if batch_size < 1 or max_attempts < 1 or delay < 0:
            raise ValueError("batch_size and max_attempts must be >= 1 and delay >= 0")
        self.api_url = api_url
        self.batch_size = batch_size
        self.delay = delay
        self.timeout = (connect_timeout, read_timeout)
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.clock = clock
        self.progress = progress or (lambda line: None)
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.requests = 0
        self._last_request_end: float | None = None

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- fetching ------------------------------------------------------------------------

    def fetch(self, ids: Iterable[str]) -> FetchReport:
        """Fetch ``ids`` in batches; ids missing from an answer are asked once more."""
        wanted = list(dict.fromkeys(ids))
        report = FetchReport()
        start = self.requests
        missing = self._fetch_batches(wanted, report, "")
        if missing:
            missing = self._fetch_batches(missing, report, " (asking again for ids missing from the answer)")
        report.not_found = missing
        report.requests = self.requests - start
        return report

    def _fetch_batches(self, ids: list[str], report: FetchReport, note: str) -> list[str]:
        batches = [ids[i : i + self.batch_size] for i in range(0, len(ids), self.batch_size)]
        missing: list[str] = []
        for number, batch in enumerate(batches, 1):
            try:
                feed = self.query(batch)
            except FetchError as error:
                for arxiv_id in batch:
                    report.failed[arxiv_id] = str(error)
                self.progress(f"batch {number}/{len(batches)}{note}: {len(batch)} ids, failed: {error}")
                continue
            got = [arxiv_id for arxiv_id in batch if arxiv_id in feed.records]
            lost = [arxiv_id for arxiv_id in batch if arxiv_id not in feed.records]
            report.records.update({arxiv_id: feed.records[arxiv_id] for arxiv_id in got})
            missing += lost
            self.progress(
                f"batch {number}/{len(batches)}{note}: {len(batch)} ids, {len(got)} found"
                + (f", missing: {' '.join(lost)}" if lost else "")
            )
        return missing

    def query(self, ids: Sequence[str]) -> Feed:
        """One ``id_list`` query, retried as the policy says. Raises FetchError / ApiError."""
        params = {"id_list": ",".join(ids), "max_results": str(len(ids))}
        url = requests.Request("GET", self.api_url, params=params).prepare().url or self.api_url
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self._attempt(url, params, attempt)
            except _Retryable as problem:
                if attempt == self.max_attempts:
                    raise FetchError(url, problem.status, attempt, problem.reason) from None
                self.sleep(self._backoff(attempt, problem.retry_after))
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        wait = self.backoff * 2 ** (attempt - 1)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return min(wait, self.max_backoff)

    def _wait_turn(self) -> None:
        if self._last_request_end is None:
            return
        waited = self.clock() - self._last_request_end
        if waited < self.delay:
            self.sleep(self.delay - waited)

    def _attempt(self, url: str, params: dict[str, str], attempt: int) -> Feed:
        self._wait_turn()
        self.requests += 1
        try:
            response = self.session.get(self.api_url, params=params, timeout=self.timeout)
            body = response.content
        except requests.Timeout as error:
            raise _Retryable(None, f"timed out ({type(error).__name__})") from None
        except requests.ConnectionError as error:
            raise _Retryable(None, f"connection failed ({type(error).__name__})") from None
        except requests.RequestException as error:
            raise FetchError(url, None, attempt, f"{type(error).__name__}: {error}") from None
        finally:
            self._last_request_end = self.clock()
        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Retryable(
                status, response.reason or "temporary failure", retry_after_seconds(response.headers.get("Retry-After"))
            )
        if status == 400:
            try:
                errors = parse_feed(body).errors
            except MalformedFeed:
                errors = []
            raise ApiError(url, status, attempt, "; ".join(errors) or "bad request")
        if status != 200:
            raise FetchError(url, status, attempt, response.reason or "unexpected answer")
        try:
            feed = parse_feed(body)
        except MalformedFeed as error:
            raise _Retryable(status, f"unusable answer: {error}") from None
        if feed.errors:
            raise ApiError(url, status, attempt, "; ".join(feed.errors))
        return feed
