"""The retry policy of every HTTP client of the project (the arXiv API client, the link checker).

A request is tried at most ``attempts`` times. Only a temporary failure is tried again: HTTP 429
and 5xx (500, 502, 503, 504), a timeout (connect, read or the overall deadline) and a connection
reset (also in the middle of the body). A 400 and every other answer are final. Before try
``n + 1`` the client waits ``backoff * 2**(n - 1)`` seconds, or longer when the server's
``Retry-After`` asks for more, and never more than ``max_wait``.
"""

from __future__ import annotations

from dataclasses import dataclass

from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""HTTP statuses that say "try again later"; every other status is a verdict."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    """Tries in all (the first one included)."""
    backoff: float = 1.0
    """Seconds before the second try; doubled before each further one."""
    max_wait: float = 60.0
    """No wait is longer than this, whatever ``Retry-After`` says."""

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.backoff < 0 or self.max_wait < 0:
            raise ValueError("attempts must be >= 1, backoff and max_wait >= 0")

    @staticmethod
    def retry_status(status: int) -> bool:
        """True for the statuses worth another try (429, 5xx); a 400 never is."""
        return status in RETRY_STATUSES

    def retry_after(self, value: str | None) -> float | None:
        """``Retry-After`` (seconds or an HTTP date) in seconds, at most ``max_wait``; None when
        absent or unreadable. Parsed by urllib3 (``Retry.parse_retry_after``)."""
        if not value or not value.strip():
            return None
        try:
            return float(Retry(total=0, retry_after_max=int(self.max_wait)).parse_retry_after(value))
        except InvalidHeader:
            return None

    def wait(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based)."""
        wait = self.backoff * 2 ** (attempt - 1)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return min(wait, self.max_wait)
