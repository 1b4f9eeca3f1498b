"""Check one external URL: HEAD first, GET when HEAD fails or a fragment must be seen.

Redirects are followed by hand so each hop respects its own host's limit; 429, 5xx,
timeouts and reset connections are retried with exponential backoff, honouring a
``Retry-After`` up to a cap. The outcome is ok, broken or unknown (see :class:`Outcome`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import urllib3
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

from imgsynth.links.htmlscan import scan_html
from imgsynth.links.limits import HostLimits
from imgsynth.links.outcome import LinkResult, Outcome
from imgsynth.links.settings import CheckerSettings, HostPolicy
from imgsynth.net import RetryPolicy

MAX_BODY = 5 * 1024 * 1024
"""Read at most this much of a page to look for a fragment."""
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRYABLE_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class _Answer:
    """One attempt's verdict, and whether (and after how long) another attempt may change it."""

    result: LinkResult
    retry: bool = False
    retry_after: float | None = None


@dataclass(frozen=True)
class _Response:
    status: int
    headers: urllib3.HTTPHeaderDict
    url: str
    ids: frozenset[str] | None = None


class _Final(Exception):
    """A verdict reached before any usable response (redirect loop, refused connection...)."""

    def __init__(self, answer: _Answer) -> None:
        self.answer = answer


class Prober:
    def __init__(
        self, settings: CheckerSettings, limits: HostLimits | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.settings = settings
        self.limits = limits or HostLimits()
        self.sleep = sleep
        self.headers = {"User-Agent": settings.user_agent, "Accept": "text/html,*/*;q=0.8"}
        self.http = urllib3.PoolManager(num_pools=256)

    def check(self, url: str) -> LinkResult:
        """Check ``url`` with retries; the reason says how many attempts it took when more than one."""
        attempts = self.settings.retries + 1
        for attempt in range(1, attempts + 1):
            answer = self._attempt(url)
            if not answer.retry or attempt == attempts:
                if attempt > 1:
                    answer.result.reason += f" (after {attempt} attempts)"
                return answer.result
            delay = self.settings.backoff * 2 ** (attempt - 1)
            if answer.retry_after is not None:
                delay = min(max(answer.retry_after, 0.0), self.settings.retry_after_cap)
            self.sleep(delay)
        raise AssertionError("unreachable")

    def _attempt(self, url: str) -> _Answer:
        policy = self.settings.policy(url)
        fragment = urlsplit(url).fragment
        want_fragment = bool(fragment) and policy.fragments
        try:
            response = self._follow(url, "GET" if want_fragment else "HEAD", want_fragment)
            if response.status == 429:
                return self._judge(url, response, fragment if want_fragment else "")
            if not 200 <= response.status < 300 and not want_fragment:
                response = self._follow(url, "GET", False)
        except _Final as final:
            return final.answer
        return self._judge(url, response, fragment if want_fragment else "")

    def _judge(self, url: str, response: _Response, fragment: str) -> _Answer:
        status = response.status
        if 200 <= status < 300:
            if fragment and response.ids is not None and fragment not in response.ids:
                return _Answer(LinkResult(url, Outcome.BROKEN, status, f"the page has no element with id '{fragment}'"))
            return _Answer(
                LinkResult(
                    url,
                    Outcome.OK,
                    status,
                    "ok" if response.url == urldefrag(url)[0] else f"ok after redirect to {response.url}",
                )
            )
        if status in (404, 410):
            return _Answer(LinkResult(url, Outcome.BROKEN, status, "not found" if status == 404 else "gone"))
        wall = _bot_wall(response)
        if wall:
            return _Answer(LinkResult(url, Outcome.UNKNOWN, status, f"bot wall ({wall}); check it in a browser"))
        if status in _RETRYABLE_STATUS:
            reason = "too many requests" if status == 429 else "server error"
            return _Answer(
                LinkResult(url, Outcome.UNKNOWN, status, reason),
                retry=True,
                retry_after=RetryPolicy(max_wait=self.settings.retry_after_cap).retry_after(response.headers.get("Retry-After")),
            )
        if status in (401, 403):
            return _Answer(
                LinkResult(url, Outcome.UNKNOWN, status, "access denied to the checker; check it in a browser")
            )
        return _Answer(LinkResult(url, Outcome.UNKNOWN, status, f"unexpected HTTP status {status}"))

    def _follow(self, url: str, method: str, want_ids: bool) -> _Response:
        current = urldefrag(url)[0]
        seen = {current}
        for _ in range(self.settings.max_redirects + 1):
            response = self._request(url, current, method, want_ids)
            location = response.headers.get("Location")
            if response.status not in _REDIRECTS or not location:
                return response
            current = urldefrag(urljoin(current, location))[0]
            if current in seen:
                raise _Final(
                    _Answer(LinkResult(url, Outcome.UNKNOWN, response.status, f"redirect loop through {current}"))
                )
            seen.add(current)
        raise _Final(
            _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"more than {self.settings.max_redirects} redirects"))
        )

    def _request(self, url: str, current: str, method: str, want_ids: bool) -> _Response:
        policy = self.settings.policy(current)
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Final(_Answer(LinkResult(url, Outcome.BROKEN, None, f"not a web address: {current}")))
        try:
            pool = self.http.connection_from_url(current, pool_kwargs={"maxsize": policy.per_host, "block": True})
            with self.limits.slot(parts.netloc.lower(), policy.per_host):
                raw = pool.urlopen(
                    method,
                    urllib3.util.parse_url(current).request_uri,
                    headers=self.headers,
                    redirect=False,
                    retries=False,
                    preload_content=False,
                    assert_same_host=False,
                    release_conn=False,
                    timeout=urllib3.Timeout(connect=policy.timeout, read=policy.timeout),
                )
                try:
                    ids, complete = None, method == "HEAD"
                    if want_ids and 200 <= raw.status < 300:
                        body = raw.read(MAX_BODY, decode_content=True)
                        complete = len(body) < MAX_BODY
                        ids = frozenset(scan_html(body.decode(_charset(raw.headers), errors="replace")).ids)
                    elif method == "GET":
                        limit = 64 * 1024  # small error pages keep the connection reusable; big files are cut off
                        complete = len(raw.read(limit, decode_content=False)) < limit
                finally:
                    if not complete:
                        raw.close()
                    raw.release_conn()
            return _Response(raw.status, raw.headers, current, ids)
        except Exception as error:  # noqa: BLE001 - each failure is turned into a verdict below
            raise _Final(_failure(url, current, error, policy)) from None


def _failure(url: str, current: str, error: Exception, policy: HostPolicy) -> _Answer:
    host = urlsplit(current).netloc
    if isinstance(error, NameResolutionError):
        return _Answer(LinkResult(url, Outcome.BROKEN, None, f"unknown host {host}"))
    if isinstance(error, NewConnectionError):  # before timeouts: urllib3 derives it from ConnectTimeoutError
        if isinstance(error.__context__, ConnectionRefusedError) or "refused" in str(error).lower():
            return _Answer(LinkResult(url, Outcome.BROKEN, None, f"connection refused by {host}"))
        return _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"cannot connect to {host}: {error}"), retry=True)
    if isinstance(error, ConnectTimeoutError | ReadTimeoutError | TimeoutError):
        return _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"timed out after {policy.timeout:g}s"), retry=True)
    if isinstance(error, SSLError):
        return _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"TLS error with {host}: {error}"))
    if isinstance(error, ProtocolError | ConnectionError):
        return _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"connection reset by {host}"), retry=True)
    if isinstance(error, LocationParseError):
        return _Answer(LinkResult(url, Outcome.BROKEN, None, f"malformed address: {error}"))
    if isinstance(error, HTTPError):
        return _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"HTTP error: {error}"), retry=True)
    raise error


def _charset(headers: urllib3.HTTPHeaderDict) -> str:
    content_type = headers.get("Content-Type", "")
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"


def _bot_wall(response: _Response) -> str | None:
    headers = response.headers
    if headers.get("cf-mitigated") or (
        response.status in (403, 503) and "cloudflare" in headers.get("Server", "").lower()
    ):
        return "Cloudflare challenge"
    if response.status == 999:
        return "status 999"
    if response.status in (403, 429) and "captcha" in headers.get("Location", "").lower():
        return "captcha"
    return None
