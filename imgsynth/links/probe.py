"""Check one external URL with a GET that reads only what the verdict needs.

Every request goes through :class:`imgsynth.net.Http`: an overall deadline per check (connect,
headers, body and redirects together, however slowly a server drips), gzip/deflate decoded with
a bound, and no connection to a private, loopback or link-local address unless the settings
allow its network (``allow_addresses``) — neither for the link itself nor for a redirect.

The checker reads the first 64 KB of a page (enough to recognise a bot wall: a challenge or
captcha page answered with 200 is "unknown", not "ok") or, where fragments are checked, up to
5 MB to find the ``id``. Redirects are followed by hand so each hop respects its own host's limit
and address rules. 429, 5xx, timeouts and reset connections (also mid-body) are retried as the
project's one retry policy says (:class:`imgsynth.net.RetryPolicy`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import urllib3

from imgsynth.links.htmlscan import scan_html
from imgsynth.links.limits import HostLimits
from imgsynth.links.outcome import LinkResult, Outcome
from imgsynth.links.redact import redact
from imgsynth.links.settings import CheckerSettings, HostPolicy, host_and_port
from imgsynth.net import Http, Limits, NetError, RetryPolicy

SNIFF = 64 * 1024
"""Bytes of a page read to tell a real page from a bot wall."""
MAX_BODY = 5 * 1024 * 1024
"""Bytes of a page read (decoded) to look for a fragment."""
_REDIRECTS = {301, 302, 303, 307, 308}

_WALL_HEADERS_STATUSES = (403, 503)
_WALL_MARKERS = (
    ("<title>just a moment", "Cloudflare challenge"),
    ("cf-chl", "Cloudflare challenge"),
    ("cf_chl", "Cloudflare challenge"),
    ("/cdn-cgi/challenge-platform", "Cloudflare challenge"),
    ("<title>attention required", "Cloudflare block page"),
    ("cf-turnstile", "Cloudflare Turnstile"),
    ("captcha-delivery.com", "DataDome captcha"),
    ("_incapsula_resource", "Incapsula challenge"),
    ("ddos-guard", "DDoS-Guard challenge"),
    ("checking your browser before", "browser check"),
    ("verify you are human", "human check"),
    ("are you a robot", "robot check"),
)
"""Text that only a challenge or captcha page holds (lower case), and what to call it."""


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
    body: bytes = b""
    truncated: bool = False


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
        self.retry = RetryPolicy(
            attempts=settings.retries + 1, backoff=settings.backoff, max_wait=settings.retry_after_cap
        )
        self.headers = {"Accept": "text/html,*/*;q=0.8"}
        self.http = Http(settings.user_agent, addresses=settings.addresses(), num_pools=256)

    def check(self, url: str) -> LinkResult:
        """Check ``url`` with retries; the reason says how many attempts it took when more than one."""
        for attempt in range(1, self.retry.attempts + 1):
            answer = self._attempt(url)
            if not answer.retry or attempt == self.retry.attempts:
                if attempt > 1:
                    answer.result.reason += f" (after {attempt} attempts)"
                return answer.result
            self.sleep(self.retry.wait(attempt, answer.retry_after))
        raise AssertionError("unreachable")

    def _attempt(self, url: str) -> _Answer:
        fragment = urlsplit(url).fragment
        want_fragment = bool(fragment) and self.settings.policy(url).fragments
        try:
            response = self._follow(url, MAX_BODY if want_fragment else SNIFF)
        except _Final as final:
            return final.answer
        return self._judge(url, response, fragment if want_fragment else "")

    def _judge(self, url: str, response: _Response, fragment: str) -> _Answer:
        status = response.status
        if status in (404, 410):
            return _Answer(LinkResult(url, Outcome.BROKEN, status, "not found" if status == 404 else "gone"))
        wall = bot_wall(response)
        if wall:
            return _Answer(LinkResult(url, Outcome.UNKNOWN, status, f"bot wall ({wall}); check it in a browser"))
        if 200 <= status < 300:
            if fragment:
                ids = scan_html(response.body.decode(_charset(response.headers), errors="replace")).ids
                if fragment not in ids:
                    if response.truncated:
                        return _Answer(
                            LinkResult(
                                url,
                                Outcome.UNKNOWN,
                                status,
                                f"the page is larger than {MAX_BODY // (1024 * 1024)} MB and its start has no "
                                f"element with id '{fragment}'; check it in a browser",
                            )
                        )
                    return _Answer(
                        LinkResult(url, Outcome.BROKEN, status, f"the page has no element with id '{fragment}'")
                    )
            where = urldefrag(url)[0]
            reason = "ok" if response.url == where else f"ok after redirect to {redact(response.url)}"
            return _Answer(LinkResult(url, Outcome.OK, status, reason))
        if self.retry.retry_status(status):
            reason = "too many requests" if status == 429 else "server error"
            retry_after = self.retry.retry_after(response.headers.get("Retry-After"))
            return _Answer(LinkResult(url, Outcome.UNKNOWN, status, reason), retry=True, retry_after=retry_after)
        if status in (401, 403):
            return _Answer(
                LinkResult(url, Outcome.UNKNOWN, status, "access denied to the checker; check it in a browser")
            )
        return _Answer(LinkResult(url, Outcome.UNKNOWN, status, f"unexpected HTTP status {status}"))

    def _follow(self, url: str, read: int) -> _Response:
        give_up = time.monotonic() + self.settings.deadline
        current = urldefrag(url)[0]
        seen = {current}
        for _ in range(self.settings.max_redirects + 1):
            response = self._request(url, current, read, give_up)
            location = response.headers.get("Location")
            if response.status not in _REDIRECTS or not location:
                return response
            current = urldefrag(urljoin(current, location))[0]
            if current in seen:
                raise _Final(
                    _Answer(
                        LinkResult(url, Outcome.UNKNOWN, response.status, f"redirect loop through {redact(current)}")
                    )
                )
            seen.add(current)
        raise _Final(
            _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"more than {self.settings.max_redirects} redirects"))
        )

    def _request(self, url: str, current: str, read: int, give_up: float) -> _Response:
        policy = self.settings.policy(current)
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Final(_Answer(LinkResult(url, Outcome.BROKEN, None, f"not a web address: {redact(current)}")))
        remaining = give_up - time.monotonic()
        if remaining <= 0:
            raise _Final(self._failure(url, current, NetError("deadline", "", True), policy))
        limits = Limits(connect=policy.timeout, read=policy.timeout, total=remaining)
        host, _port = host_and_port(current)
        with self.limits.slot(host, policy.per_host):
            try:
                answer = self.http.request(
                    "GET",
                    current,
                    limits,
                    read=read,
                    headers=self.headers,
                    pool_kwargs={"maxsize": policy.per_host, "block": True},
                )
            except NetError as error:
                raise _Final(self._failure(url, current, error, policy)) from None
        return _Response(answer.status, answer.headers, current, answer.body, answer.truncated)

    def _failure(self, url: str, current: str, error: NetError, policy: HostPolicy) -> _Answer:
        where = _where(current)
        hop = f"it redirects to {redact(current)}: " if urldefrag(url)[0] != current else ""
        kind = error.kind
        if kind == "unknown-host":
            return _Answer(LinkResult(url, Outcome.BROKEN, None, f"{hop}unknown host {where}"))
        if kind == "refused":
            return _Answer(LinkResult(url, Outcome.BROKEN, None, f"{hop}connection refused by {where}"))
        if kind == "blocked":
            return _Answer(LinkResult(url, Outcome.BROKEN, None, f"{hop}{error.message}"))
        if kind == "bad-url":
            return _Answer(LinkResult(url, Outcome.BROKEN, None, f"{hop}malformed address: {redact(error.message)}"))
        if kind == "timeout":
            return _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"timed out after {policy.timeout:g}s"), retry=True)
        if kind == "deadline":
            reason = f"no complete answer within {self.settings.deadline:g} s"
            return _Answer(LinkResult(url, Outcome.UNKNOWN, None, reason), retry=True)
        if kind == "reset":
            return _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"connection reset by {where}"), retry=True)
        if kind == "connect":
            return _Answer(LinkResult(url, Outcome.UNKNOWN, None, f"cannot connect to {where}"), retry=True)
        if kind == "tls":
            return _Answer(LinkResult(url, Outcome.UNKNOWN, None, redact(error.message)))
        return _Answer(LinkResult(url, Outcome.UNKNOWN, None, redact(error.message)))


def _where(url: str) -> str:
    """``host`` or ``host:port`` of ``url``, without any credentials."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port else host


def _charset(headers: urllib3.HTTPHeaderDict) -> str:
    content_type = headers.get("Content-Type", "")
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            value = value.strip('"')
            try:
                "".encode(value)
            except LookupError:
                return "utf-8"
            return value
    return "utf-8"


def bot_wall(response: _Response) -> str | None:
    """What kind of challenge or captcha page answered, or None for a real answer."""
    headers = response.headers
    status = response.status
    if headers.get("cf-mitigated"):
        return "Cloudflare challenge"
    if status in _WALL_HEADERS_STATUSES and "cloudflare" in headers.get("Server", "").lower():
        return "Cloudflare challenge"
    if status == 999:
        return "status 999"
    if status in (403, 429) and "captcha" in headers.get("Location", "").lower():
        return "captcha"
    content_type = headers.get("Content-Type", "text/html").lower()
    if "html" not in content_type and "text/plain" not in content_type:
        return None
    page = response.body[:SNIFF].decode(_charset(headers), errors="replace").lower()
    for marker, name in _WALL_MARKERS:
        if marker in page:
            return name
    title_start = page.find("<title")
    title = page[title_start : page.find("</title>", title_start)] if title_start >= 0 else ""
    if "captcha" in title or (status in (403, 429, 503) and "captcha" in page):
        return "captcha"
    return None
