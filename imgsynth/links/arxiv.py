"""arXiv links are judged against the committed metadata (``content/arxiv.json``), never fetched."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from imgsynth.links.outcome import LinkResult, Outcome

_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org"}
_PATH = re.compile(
    r"^/(?:abs|pdf)/(?P<id>[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?(?:\.pdf)?/?$"
)


def arxiv_id(url: str) -> str | None:
    """The version-less id of an ``arxiv.org/abs/...`` or ``/pdf/...`` link, or None for any other URL."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in _HOSTS:
        return None
    match = _PATH.match(parts.path)
    return match.group("id") if match else None


class ArxivMetadata:
    def __init__(self, path: Path, shown: str = "content/arxiv.json") -> None:
        self.path = path
        self.shown = shown
        self.records: dict[str, Any] | None = None
        self.problem = ""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self.records = data
            else:
                self.problem = f"{shown} is not a JSON object keyed by arXiv id"
        except FileNotFoundError:
            self.problem = f"{shown} does not exist"
        except (OSError, ValueError) as error:
            self.problem = f"{shown} cannot be read ({error})"

    def check(self, url: str, paper: str) -> LinkResult:
        if self.records is None:
            return LinkResult(url, Outcome.UNKNOWN, None, f"arXiv {paper}: {self.problem}; run `make papers`")
        if paper not in self.records:
            return LinkResult(
                url,
                Outcome.UNKNOWN,
                None,
                f"arXiv {paper} is not in {self.shown}; run `make papers` to fetch its metadata",
            )
        return LinkResult(url, Outcome.OK, None, f"arXiv {paper} found in {self.shown}")
