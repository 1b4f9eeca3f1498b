"""arXiv links are judged against the committed metadata (``content/arxiv.json``), never fetched."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from imgsynth.arxiv.store import StoreError, load_papers
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
    """The committed records, read through the arXiv store (the one module that reads the file)."""

    def __init__(self, path: Path, shown: str = "content/arxiv.json", root: Path | None = None) -> None:
        self.path = path
        self.shown = shown
        self.records: dict[str, Any] | None = None
        self.problem = ""
        if not path.is_file() and not path.is_symlink():
            self.problem = f"{shown} does not exist"
            return
        try:
            self.records = load_papers(path, root)
        except StoreError as error:
            self.problem = f"{shown}:{error.line}: {error.message}"

    def check(self, url: str, paper: str) -> LinkResult:
        if self.records is None:
            if self.problem.endswith("does not exist"):
                return LinkResult(url, Outcome.UNKNOWN, None, f"arXiv {paper}: {self.problem}; run `make papers`")
            return LinkResult(url, Outcome.UNKNOWN, None, f"arXiv {paper}: {self.problem}")
        if paper not in self.records:
            return LinkResult(
                url,
                Outcome.UNKNOWN,
                None,
                f"arXiv {paper} is not in {self.shown}; run `make papers` to fetch its metadata",
            )
        return LinkResult(url, Outcome.OK, None, f"arXiv {paper} found in {self.shown}")
