"""Typed errors of the arXiv client; callers (script, hook) turn them into messages."""

from __future__ import annotations

from imgsynth.errors import ImgsynthError


class FetchError(ImgsynthError):
    """A request that did not give a usable answer after ``attempt`` tries."""

    def __init__(self, url: str, status: int | None, attempt: int, reason: str = "") -> None:
        self.url = url
        self.status = status
        self.attempt = attempt
        self.reason = reason
        status_text = f"HTTP {status}" if status is not None else "no HTTP answer"
        super().__init__(f"{status_text} from {url} after {attempt} attempt(s){': ' + reason if reason else ''}")


class ApiError(FetchError):
    """arXiv refused the query (HTTP 400 with an ``Error`` entry): never retried."""

    def __init__(self, url: str, status: int | None, attempt: int, message: str) -> None:
        super().__init__(url, status, attempt, f"arXiv says: {message}")
        self.message = message


class MalformedFeed(ImgsynthError):
    """A body that is not an Atom feed (empty, truncated, an HTML error page)."""
