"""What checking one external URL found."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    OK = "ok"
    BROKEN = "broken"  # a reader will meet a dead end: 404, 410, unknown host, refused, missing fragment
    UNKNOWN = "unknown"  # we could not tell: 403, 429 after retries, 5xx, timeout, bot wall


@dataclass
class LinkResult:
    url: str
    outcome: Outcome
    status: int | None = None
    """The last HTTP status seen (after redirects), or None when no response came back."""
    reason: str = ""
    pages: list[str] = field(default_factory=list)
    """Where the link appears: source files or site paths, sorted."""

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "outcome": self.outcome.value,
            "status": self.status,
            "reason": self.reason,
            "pages": sorted(self.pages),
        }
