"""A polite arXiv API client: batches, one connection, spacing, deadlines, careful retries.

The politeness policy is the constructor's documented arguments; the retry policy is the
project's one (:class:`imgsynth.net.RetryPolicy`) and every request goes through
:class:`imgsynth.net.Http` (an overall deadline, a cap on the decoded body). ``sleep`` and
``clock`` are injectable so tests can check spacing and backoff without waiting.

What arXiv answers is checked before it is used: a redirect may only stay on the API's host
(never to another host, never from https to http); an entry without a title, authors or dates,
or over the size limits, or given twice in one answer, is a failure for its id and never
reaches the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urljoin, urlsplit

from imgsynth.arxiv.errors import ApiError, FetchError, MalformedFeed
from imgsynth.arxiv.parse import Feed, Record, parse_feed
from imgsynth.arxiv.store import record_problems
from imgsynth.net import Answer, Http, Limits, NetError, RetryPolicy, normalise_host

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
USER_AGENT = "ten-years-of-image-synthesis/0.1 (+https://github.com/imgsynth/ten-years)"
MAX_BODY = 20 * 1024 * 1024
"""Decoded bytes an answer may have (a batch of 20 entries is about 60 KB)."""
MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}
_PORTS = {"http": 80, "https": 443}


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
    - ``connect_timeout``/``read_timeout`` per operation and ``deadline`` seconds for the whole
      request (redirects, headers and body included), whatever the server drips; at most
      ``max_body`` decoded bytes (a larger answer, e.g. a gzip bomb, fails clearly);
    - up to ``max_attempts`` tries for 429, 5xx, timeouts, the deadline, connection resets
      (also in the middle of the body) and bodies that are not an Atom feed, waiting
      ``backoff * 2**(attempt-1)`` seconds, or ``Retry-After`` when the server says more, never
      more than ``max_backoff``; a 400 is never retried;
    - one kept-alive connection with an honest User-Agent.
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        *,
        batch_size: int = 20,
        delay: float = 3.0,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        deadline: float = 90.0,
        max_attempts: int = 4,
        backoff: float = 5.0,
        max_backoff: float = 120.0,
        max_body: int = MAX_BODY,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        progress: Callable[[str], None] | None = None,
        ca_certs: str | None = None,
    ) -> None:
        if batch_size < 1 or max_attempts < 1 or delay < 0 or deadline <= 0 or max_body < 1:
            raise ValueError("batch_size, max_attempts and max_body must be >= 1, delay >= 0 and deadline > 0")
        self.api_url = api_url
        self.batch_size = batch_size
        self.delay = delay
        self.limits = Limits(connect=connect_timeout, read=read_timeout, total=deadline)
        self.policy = RetryPolicy(attempts=max_attempts, backoff=backoff, max_wait=max_backoff)
        self.max_body = max_body
        self.sleep = sleep
        self.clock = clock
        self.progress = progress or (lambda line: None)
        self.http = Http(user_agent, ca_certs=ca_certs, num_pools=4)
        self.requests = 0
        self._last_request_end: float | None = None

    @property
    def max_attempts(self) -> int:
        return self.policy.attempts

    def close(self) -> None:
        self.http.close()

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
            got, lost, unusable = [], [], []
            for arxiv_id in batch:
                if arxiv_id not in feed.records:
                    lost.append(arxiv_id)
                    continue
                problem = self._unusable(feed, arxiv_id)
                if problem:
                    report.failed[arxiv_id] = problem
                    unusable.append(arxiv_id)
                else:
                    got.append(arxiv_id)
                    report.records[arxiv_id] = feed.records[arxiv_id]
            missing += lost
            self.progress(
                f"batch {number}/{len(batches)}{note}: {len(batch)} ids, {len(got)} found"
                + (f", missing: {' '.join(lost)}" if lost else "")
                + (f", unusable: {' '.join(unusable)}" if unusable else "")
            )
        return missing

    @staticmethod
    def _unusable(feed: Feed, arxiv_id: str) -> str:
        """Why the answer's entry for ``arxiv_id`` may not replace a record ('' when it may)."""
        if arxiv_id in feed.duplicates:
            return f"arXiv's answer held {feed.duplicates[arxiv_id]} entries for {arxiv_id}; none was stored"
        problems = record_problems(feed.records[arxiv_id], complete=True)
        if problems:
            return f"arXiv's answer for {arxiv_id} is unusable ({'; '.join(problems)}); the stored record is kept"
        return ""

    def query(self, ids: Sequence[str]) -> Feed:
        """One ``id_list`` query, retried as the policy says. Raises FetchError / ApiError."""
        params = {"id_list": ",".join(ids), "max_results": str(len(ids))}
        url = f"{self.api_url}{'&' if urlsplit(self.api_url).query else '?'}{urlencode(params)}"
        for attempt in range(1, self.policy.attempts + 1):
            try:
                return self._attempt(url, attempt)
            except _Retryable as problem:
                if attempt == self.policy.attempts:
                    raise FetchError(url, problem.status, attempt, problem.reason) from None
                self.sleep(self.policy.wait(attempt, problem.retry_after))
        raise AssertionError("unreachable")

    def _wait_turn(self) -> None:
        if self._last_request_end is None:
            return
        waited = self.clock() - self._last_request_end
        if waited < self.delay:
            self.sleep(self.delay - waited)

    def _attempt(self, url: str, attempt: int) -> Feed:
        self._wait_turn()
        self.requests += 1
        try:
            answer = self._get(url, attempt)
        except NetError as error:
            if error.retryable:
                raise _Retryable(None, error.message) from None
            raise FetchError(url, None, attempt, error.message) from None
        finally:
            self._last_request_end = self.clock()
        status = answer.status
        if self.policy.retry_status(status):
            retry_after = self.policy.retry_after(answer.headers.get("Retry-After"))
            raise _Retryable(status, answer.reason or "temporary failure", retry_after)
        if answer.truncated:
            raise FetchError(
                url, status, attempt, f"the answer is larger than {self.max_body:,} bytes once decoded; refused"
            )
        if status == 400:
            try:
                errors = parse_feed(answer.body).errors
            except MalformedFeed:
                errors = []
            raise ApiError(url, status, attempt, "; ".join(errors) or "bad request")
        if status != 200:
            raise FetchError(url, status, attempt, answer.reason or "unexpected answer")
        try:
            feed = parse_feed(answer.body)
        except MalformedFeed as error:
            raise _Retryable(status, f"unusable answer: {error}") from None
        if feed.errors:
            raise ApiError(url, status, attempt, "; ".join(feed.errors))
        return feed

    def _get(self, url: str, attempt: int) -> Answer:
        """GET ``url``, following redirects only on the same host, within one deadline."""
        give_up = time.monotonic() + self.limits.total
        late = NetError("deadline", f"no complete answer within {self.limits.total:g} s", retryable=True)
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            remaining = give_up - time.monotonic()
            if remaining <= 0:
                raise late
            try:
                answer = self.http.request("GET", current, replace(self.limits, total=remaining), read=self.max_body)
            except NetError as error:
                raise (late if error.kind == "deadline" else error) from None
            location = answer.headers.get("Location")
            if answer.status not in _REDIRECTS or not location:
                return answer
            target = urljoin(current, location)
            problem = redirect_problem(current, target)
            if problem:
                raise FetchError(url, answer.status, attempt, problem)
            current = target
        raise FetchError(url, None, attempt, f"more than {MAX_REDIRECTS} redirects")


def redirect_problem(current: str, target: str) -> str:
    """Why the client does not follow a redirect from ``current`` to ``target`` ('' when it does)."""
    here, there = urlsplit(current), urlsplit(target)
    if there.scheme not in ("http", "https") or not there.hostname:
        return f"refused a redirect to {target!r}: not a web address"
    if here.scheme == "https" and there.scheme == "http":
        return f"refused a redirect from https to http ({target}): the answer would travel unprotected"
    same_host = normalise_host(here.hostname or "") == normalise_host(there.hostname)
    same_port = (here.port or _PORTS[here.scheme]) == (there.port or _PORTS[there.scheme])
    if not same_host or not (same_port or (here.scheme, there.scheme) == ("http", "https")):
        return f"refused a redirect to another host ({there.netloc}); only {here.netloc} answers for the arXiv API"
    return ""
